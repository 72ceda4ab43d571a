import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createKnowledgeSource, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRouteJson, type RouteModule } from '../../tests/support/route-call';
import { authContext } from '~/.server/auth/auth-context.server';
import { db, disconnectDb } from '~/.server/db';
import { indexSource } from '~/.server/knowledge-base/index-source.server';
import { closeQueues } from '~/.server/queues';
import * as kbsRoute from './api.v1.projects.$projectId.knowledge-bases';
import * as kbRoute from './api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId';
import * as sourcesRoute from './api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources';
import * as sourceRoute from './api.v1.projects.$projectId.knowledge-bases.$knowledgeBaseId.sources.$sourceId';
import * as searchRoute from './api.v1.projects.$projectId.knowledge-bases.search';

let projectId: string;
let builder: Record<string, string>;
let operator: Record<string, string>;
let kbId: string;
let site: Server;
let siteUrl: string;

async function call(
  mod: RouteModule,
  method: string,
  params: Record<string, string>,
  headers: Record<string, string>,
  body?: unknown,
) {
  return callRouteJson(mod, {
    method,
    path: '/api/v1/x',
    params: { projectId, ...params },
    headers,
    body,
  });
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'KB API')).id;
  const b = await createUser(db());
  const o = await createUser(db());
  await addMember(db(), projectId, b.id, 'builder');
  await addMember(db(), projectId, o.id, 'operator');
  builder = await bearerFor(b.id);
  operator = await bearerFor(o.id);
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<html><head><title>Доставка</title></head><body><h1>Доставка</h1><p>Курьер привозит заказ за 2–4 рабочих дня по городу.</p></body></html>',
    );
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}/delivery`;
});
afterAll(async () => {
  site.close();
  await closeQueues();
  await authContext().redis.quit();
  await disconnectDb();
});

describe('knowledge bases API', () => {
  it('creates a knowledge base; operators read but cannot edit', async () => {
    const created = await call(kbsRoute, 'POST', {}, builder, { name: 'Клиника' });
    expect(created.status).toBe(201);
    kbId = created.json.id;
    expect((await call(kbsRoute, 'POST', {}, operator, { name: 'X' })).status).toBe(403);
    expect((await call(kbsRoute, 'POST', {}, builder, { name: 'Клиника' })).status).toBe(409);
    expect((await call(kbsRoute, 'GET', {}, operator)).json.knowledgeBases).toHaveLength(1);
  });

  it('adds a Q&A entry, indexes it, and finds it by search', async () => {
    const added = await call(sourcesRoute, 'POST', { knowledgeBaseId: kbId }, builder, {
      kind: 'qa',
      question: 'Сколько стоит отбеливание зубов?',
      answer: 'Отбеливание стоит 12 000 рублей за процедуру.',
    });
    expect(added.status).toBe(201);
    // Q&A entries are indexed at once (a correction from a call must be searchable right away).
    expect(added.json).toMatchObject({ status: 'ready', chunkCount: 1 });
    const found = await call(searchRoute, 'POST', {}, operator, { query: 'цена отбеливания' });
    expect(found.json.hits[0].text).toContain('12 000');
    expect(found.json.hits[0].sourceName).toContain('отбеливание');
    const chunks = await call(
      sourceRoute,
      'GET',
      { knowledgeBaseId: kbId, sourceId: added.json.id },
      operator,
    );
    expect(chunks.json.chunks).toHaveLength(1);
  });

  it('uploads a text file, indexes it; refuses unsupported and empty files', async () => {
    const form = new FormData();
    form.append(
      'file',
      new File(['Парковка для пациентов бесплатная, вход со двора.'], 'parking.txt', { type: 'text/plain' }),
    );
    const req = new Request(`http://localhost/api/v1/x`, { method: 'POST', headers: builder, body: form });
    const res = (await sourcesRoute.action({
      request: req,
      params: { projectId, knowledgeBaseId: kbId },
      context: {},
    })) as Response;
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect((await indexSource(id)).status).toBe('ready');
    expect(
      (await call(searchRoute, 'POST', {}, operator, { query: 'где парковка' })).json.hits[0].text,
    ).toContain('Парковка');

    const bad = new FormData();
    bad.append(
      'file',
      new File([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])], 'virus.exe', {
        type: 'application/x-msdownload',
      }),
    );
    const refused = (await sourcesRoute.action({
      request: new Request('http://localhost/x', { method: 'POST', headers: builder, body: bad }),
      params: { projectId, knowledgeBaseId: kbId },
      context: {},
    })) as Response;
    expect(refused.status).toBe(400);
  });

  it('refuses a URL pointing at a loopback or private address', async () => {
    for (const url of [
      'http://127.0.0.1/admin',
      'http://10.0.0.5/',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const res = await call(sourcesRoute, 'POST', { knowledgeBaseId: kbId }, builder, { kind: 'url', url });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('url_not_allowed');
    }
  });

  it('indexes a URL page (a host the project allows), re-indexes, and deleting removes its chunks', async () => {
    const row = await createKnowledgeSource(
      db(),
      { id: kbId, projectId: projectId },
      { kind: 'url', name: siteUrl, url: siteUrl },
    );
    const first = await indexSource(row.id, { allowHosts: ['127.0.0.1'] });
    const stored = await db().knowledgeSource.findUniqueOrThrow({ where: { id: row.id } });
    expect(first.status, stored.error ?? '').toBe('ready');
    // Without the allowance the fetch is refused: the source says why, and search keeps the last good chunks.
    expect((await indexSource(row.id)).status).toBe('failed');
    const hits = await call(searchRoute, 'POST', {}, operator, { query: 'сроки доставки курьером' });
    expect(hits.json.hits[0].text).toContain('Курьер');
    expect(
      (await call(sourceRoute, 'DELETE', { knowledgeBaseId: kbId, sourceId: row.id }, builder)).status,
    ).toBe(204);
    const after = await call(searchRoute, 'POST', {}, operator, { query: 'сроки доставки курьером' });
    expect(after.json.hits.every((h: { text: string }) => !h.text.includes('Курьер'))).toBe(true);
  });

  it('renames a knowledge base: operators cannot, a taken name is refused, one of another project is not found', async () => {
    const other = await call(kbsRoute, 'POST', {}, builder, { name: 'Прайс' });
    const renamed = await call(kbRoute, 'PATCH', { knowledgeBaseId: kbId }, builder, {
      name: 'Клиника: справка',
      description: 'Цены и часы работы',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      id: kbId,
      name: 'Клиника: справка',
      description: 'Цены и часы работы',
    });
    expect(renamed.json.sources).toBeGreaterThan(0);
    const listed = (await call(kbsRoute, 'GET', {}, operator)).json.knowledgeBases as { name: string }[];
    expect(listed.map((k) => k.name)).toContain('Клиника: справка');
    const forbidden = await call(kbRoute, 'PATCH', { knowledgeBaseId: kbId }, operator, { name: 'X' });
    expect(forbidden.status).toBe(403);
    const taken = await call(kbRoute, 'PATCH', { knowledgeBaseId: kbId }, builder, { name: 'Прайс' });
    expect(taken.status).toBe(409);
    expect(taken.json.error.fields.name).toBeDefined();
    const empty = await call(kbRoute, 'PATCH', { knowledgeBaseId: kbId }, builder, { name: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.json.error.fields.name).toBeDefined();
    const foreignProject = (await createProject(db(), 'KB API other')).id;
    const foreign = await db().knowledgeBase.create({ data: { projectId: foreignProject, name: 'Чужая' } });
    const notOurs = await call(kbRoute, 'PATCH', { knowledgeBaseId: foreign.id }, builder, { name: 'Моя' });
    expect(notOurs.status).toBe(404);
    expect((await db().knowledgeBase.findUniqueOrThrow({ where: { id: foreign.id } })).name).toBe('Чужая');
    expect(
      await db().auditLog.count({ where: { projectId, action: 'knowledge.base_update', targetId: kbId } }),
    ).toBe(1);
    expect((await call(kbRoute, 'DELETE', { knowledgeBaseId: other.json.id }, builder)).status).toBe(204);
  });

  it('edits a Q&A entry: search finds the new answer at once; only Q&A entries, only editors', async () => {
    const added = await call(sourcesRoute, 'POST', { knowledgeBaseId: kbId }, builder, {
      kind: 'qa',
      question: 'До скольки работает регистратура?',
      answer: 'Регистратура работает до 18:00.',
    });
    const ids = { knowledgeBaseId: kbId, sourceId: added.json.id as string };
    const edited = await call(sourceRoute, 'PATCH', ids, builder, {
      question: 'До скольки работает регистратура?',
      answer: 'Регистратура работает до 21:00 по будням.',
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ id: ids.sourceId, kind: 'qa', status: 'ready', chunkCount: 1 });
    expect(edited.json.answer).toBe('Регистратура работает до 21:00 по будням.');
    const found = await call(searchRoute, 'POST', {}, operator, { query: 'часы работы регистратуры' });
    const texts = (found.json.hits as { text: string }[]).map((h) => h.text).join('\n');
    expect(texts).toContain('21:00');
    expect(texts).not.toContain('18:00');
    expect(
      (await call(sourceRoute, 'PATCH', ids, operator, { question: 'Вопрос?', answer: 'X' })).status,
    ).toBe(403);
    const short = await call(sourceRoute, 'PATCH', ids, builder, { question: '?', answer: '' });
    expect(short.status).toBe(400);
    expect(Object.keys(short.json.error.fields).sort()).toEqual(['answer', 'question']);
    // A file or a page is re-indexed from its origin, not edited: not a Q&A entry, so not found.
    const page = await createKnowledgeSource(db(), { id: kbId, projectId }, { kind: 'url', url: siteUrl });
    const notQa = await call(sourceRoute, 'PATCH', { knowledgeBaseId: kbId, sourceId: page.id }, builder, {
      question: 'Вопрос?',
      answer: 'Ответ',
    });
    expect(notQa.status).toBe(404);
  });
});
