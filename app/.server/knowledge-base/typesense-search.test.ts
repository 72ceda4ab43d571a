import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import type { Chunk } from './ingest/chunk/chunk.ts';
import { replaceSourceChunks } from './chunk-store.server.ts';
import { useKnowledgeSettings } from './knowledge-settings.server.ts';
import { searchChunks } from './search.server.ts';
import { startFakeTypesense, type FakeTypesense } from './test-support/fake-typesense.ts';
import { createTypesenseClient } from './typesense/typesense-client.ts';

let ts: FakeTypesense;
let projectId: string;
let kbId: string;

const chunk = (index: number, text: string): Chunk => ({
  index,
  hash: `h-${index}-${text.length}`,
  text,
  headingPath: ['Прайс'],
  searchText: `Прайс\n${text}`,
  language: 'ru',
  textSearchConfig: 'russian',
  charCount: text.length,
  tokenEstimate: 10,
  blockKinds: ['paragraph'],
});
const docs = () => [...ts.collections.get('kb_test')!.docs.values()];

beforeAll(async () => {
  ts = await startFakeTypesense();
  useKnowledgeSettings({
    typesense: createTypesenseClient({ url: ts.url, apiKey: ts.apiKey, collection: 'kb_test' }),
  });
  projectId = (await createProject(db(), 'KB typesense')).id;
  kbId = (await createKnowledgeBase(db(), projectId, 'Прайс')).id;
});
afterAll(async () => {
  useKnowledgeSettings(undefined);
  await ts.close();
  await disconnectDb();
});

describe('Typesense as the text backend', () => {
  it('mirrors chunks, searches through Typesense, and answers from PostgreSQL rows', async () => {
    const source = await createKnowledgeSource(
      db(),
      { id: kbId, projectId: projectId },
      { kind: 'qa', name: 'Прайс' },
    );
    await replaceSourceChunks(source, [
      chunk(0, 'Отбеливание зубов 12000 рублей.'),
      chunk(1, 'Чистка зубов 4200 рублей.'),
    ]);
    expect(docs()).toHaveLength(2);
    expect(docs()[0]).toMatchObject({ project_id: projectId, source_id: source.id, generation: 1 });
    ts.requests.length = 0;
    const hits = await searchChunks(projectId, 'отбеливание');
    expect(ts.requests.some((r) => r.url.includes('/documents/search'))).toBe(true);
    expect(hits[0]).toMatchObject({
      sourceId: source.id,
      sourceName: 'Прайс',
      ranks: { fullText: 1, trigram: null },
    });
    expect(hits[0]?.text).toContain('12000');
  });

  it('re-index swaps generations in Typesense too; search never returns a chunk of a generation not current', async () => {
    const source = await createKnowledgeSource(
      db(),
      { id: kbId, projectId: projectId },
      { kind: 'qa', name: 'Акции' },
    );
    await replaceSourceChunks(source, [chunk(0, 'Акция: имплант со скидкой 10%.')]);
    const first = await db().knowledgeSource.findUniqueOrThrow({ where: { id: source.id } });
    // A document of the next generation reaches Typesense before PostgreSQL flips (as mid-re-index).
    const [old] = docs().filter((d) => d.source_id === source.id);
    ts.collections.get('kb_test')!.docs.set('00000000-0000-4000-8000-000000000001', {
      ...old!,
      id: '00000000-0000-4000-8000-000000000001',
      generation: 2,
      text_ru: 'Акция: имплант со скидкой 50%.',
    });
    const during = await searchChunks(projectId, 'акция имплант');
    expect(during.map((h) => h.text)).toEqual(['Акция: имплант со скидкой 10%.']);
    await replaceSourceChunks(first, [chunk(0, 'Акция: имплант со скидкой 20%.')]);
    const after = await searchChunks(projectId, 'акция имплант');
    expect(after.map((h) => h.text)).toEqual(['Акция: имплант со скидкой 20%.']);
    // Generation 1 is gone from Typesense; the stray document is never returned (no such row).
    expect(docs().filter((d) => d.source_id === source.id && d.generation === 1)).toEqual([]);
  });

  it('another project never sees these chunks', async () => {
    const other = (await createProject(db(), 'KB typesense other')).id;
    expect(await searchChunks(other, 'отбеливание')).toEqual([]);
    const req = new URL(ts.requests.findLast((r) => r.url.includes('/search'))!.url, 'http://x');
    expect(req.searchParams.get('filter_by')).toBe(`project_id:=\`${other}\``);
  });

  it('falls back to PostgreSQL full text when Typesense is down', async () => {
    useKnowledgeSettings({
      typesense: createTypesenseClient({ url: 'http://127.0.0.1:9', apiKey: 'k', collection: 'kb_test' }),
    });
    try {
      const hits = await searchChunks(projectId, 'отбеливание зубов');
      expect(hits[0]?.text).toContain('12000');
    } finally {
      useKnowledgeSettings({
        typesense: createTypesenseClient({ url: ts.url, apiKey: ts.apiKey, collection: 'kb_test' }),
      });
    }
  });
});
