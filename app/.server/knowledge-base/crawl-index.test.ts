import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import { startLocalHttpServer, type LocalHttpServer } from '../providers/test-support/local-http-server.ts';
import { db, disconnectDb } from '../db.ts';
import { sourceChunks } from './chunk-store.server.ts';
import { indexSource } from './index-source.server.ts';
import { searchChunks } from './search.server.ts';

let site: LocalHttpServer;
let projectId: string;
let kbId: string;

beforeAll(async () => {
  site = await startLocalHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const html = (title: string, body: string, links = '') =>
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p>${links}</body></html>`,
        );
    if (path === '/robots.txt') return res.writeHead(200).end('User-agent: *\nDisallow: /staff\n');
    if (path === '/')
      return html('Клиника', 'Добро пожаловать.', '<a href="/hours">Часы</a><a href="/staff">Staff</a>');
    if (path === '/hours') return html('Часы работы', 'Открыто ежедневно с 8:00 до 22:00.');
    if (path === '/staff') return html('Staff', 'Internal salaries list.');
    return res.writeHead(404).end();
  });
  projectId = (await createProject(db(), 'KB crawl')).id;
  kbId = (await createKnowledgeBase(db(), projectId, 'Сайт')).id;
});
afterAll(async () => {
  await site.close();
  await disconnectDb();
});

describe('indexing a crawled site', () => {
  it('indexes the pages robots.txt allows, with progress, and search finds them', async () => {
    const row = await createKnowledgeSource(
      db(),
      { id: kbId, projectId: projectId },
      { kind: 'url', name: 'site', url: `${site.url}/`, crawlDepth: 1, crawlMaxPages: 10 },
    );
    const progress: { done: number; total: number }[] = [];
    const result = await indexSource(row.id, {
      allowHosts: ['127.0.0.1'],
      onProgress: (p) => progress.push(p),
    });
    expect(result.status).toBe('ready');
    const texts = (await sourceChunks(projectId, row.id)).map((c) => c.text).join('\n');
    expect(texts).toContain('8:00 до 22:00');
    expect(texts).not.toContain('salaries');
    expect(progress.at(-1)).toEqual({ done: 2, total: 2 });
    const stored = await db().knowledgeSource.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({ progressDone: 2, progressTotal: 2, status: 'ready' });
    expect(stored.error).toBe('Indexed 2 pages; skipped 1 (robots.txt: 1).');
    const hits = await searchChunks(projectId, 'вы открыты ежедневно?');
    expect(hits[0]?.headingPath).toContain('Часы работы');
    // The citation is the page the passage came from, not the site's start address.
    expect(hits[0]?.sourceUrl).toBe(`${site.url}/hours`);
  });
});
