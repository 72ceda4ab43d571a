import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTypesense, type FakeTypesense } from '../test-support/fake-typesense.ts';
import { createTypesenseClient, TypesenseError, type TypesenseChunkDoc } from './typesense-client.ts';

let ts: FakeTypesense;
beforeAll(async () => {
  ts = await startFakeTypesense();
});
afterAll(() => ts.close());

const doc = (id: string, over: Partial<TypesenseChunkDoc> = {}): TypesenseChunkDoc => ({
  id,
  project_id: 'p1',
  knowledge_base_id: 'kb1',
  source_id: 's1',
  generation: 1,
  language: 'ru',
  heading: 'Цены',
  text_ru: 'Лечение кариеса стоит 3500 рублей.',
  ...over,
});

describe('Typesense connector', () => {
  it('creates its collection once, imports JSONL, searches within one project with filters', async () => {
    const client = createTypesenseClient({ url: ts.url, apiKey: ts.apiKey, collection: 'chunks_a' });
    await client.importDocuments([
      doc('c1'),
      doc('c2', { source_id: 's2', text_ru: 'Отбеливание зубов 12 000 рублей.' }),
      doc('c3', { project_id: 'p2', text_ru: 'Лечение кариеса бесплатно.' }),
      doc('c4', {
        language: 'en',
        text_ru: undefined,
        text_en: 'Delivery takes two days.',
        heading: 'Delivery',
      }),
    ]);
    await client.importDocuments([doc('c5', { knowledge_base_id: 'kb2', text_ru: 'Кариес у детей.' })]);
    const created = ts.requests.filter((r) => r.method === 'POST' && r.url === '/collections');
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0]!.body.toString()).fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'text_ru', locale: 'ru', stem: true }),
        expect.objectContaining({ name: 'generation', type: 'int32' }),
      ]),
    );
    const importReq = ts.requests.find((r) => r.url.includes('/documents/import'))!;
    const importUrl = new URL(importReq.url, 'http://x');
    expect(importUrl.pathname).toBe('/collections/chunks_a/documents/import');
    expect(importUrl.searchParams.get('action')).toBe('upsert');
    // The official client sends the key as a header, never in the URL (it would land in access logs).
    expect(importReq.headers['x-typesense-api-key']).toBe(ts.apiKey);
    expect(importUrl.searchParams.has('x-typesense-api-key')).toBe(false);
    expect(importReq.body.toString().split('\n')).toHaveLength(4);

    const base = { projectId: 'p1', knowledgeBaseIds: null, sourceIds: null, limit: 10 };
    expect(await client.search({ ...base, query: 'лечение кариеса' })).toEqual(['c1', 'c5']);
    expect(await client.search({ ...base, query: 'кариес', knowledgeBaseIds: ['kb1'] })).toEqual(['c1']);
    expect(await client.search({ ...base, query: 'рублей', sourceIds: ['s2'] })).toEqual(['c2']);
    expect(await client.search({ ...base, query: 'delivery' })).toEqual(['c4']);
    const searchReq = new URL(ts.requests.findLast((r) => r.url.includes('/search'))!.url, 'http://x');
    expect(searchReq.searchParams.get('filter_by')).toBe('project_id:=`p1`');
    expect(searchReq.searchParams.get('query_by')).toBe('text_ru,text_en,heading');
  });

  it('deletes a source except the generation just written, and a whole knowledge base', async () => {
    const client = createTypesenseClient({ url: ts.url, apiKey: ts.apiKey, collection: 'chunks_b' });
    await client.importDocuments([
      doc('old', { generation: 1 }),
      doc('new', { generation: 2 }),
      doc('x', { knowledge_base_id: 'kb9', source_id: 's9' }),
    ]);
    expect(await client.deleteSource('s1', 2)).toBe(1);
    expect([...ts.collections.get('chunks_b')!.docs.keys()].sort()).toEqual(['new', 'x']);
    expect(await client.deleteKnowledgeBase('kb9')).toBe(1);
    expect(await client.deleteSource('s1')).toBe(1);
    expect(ts.collections.get('chunks_b')!.docs.size).toBe(0);
  });

  it('reports a refused key and refused documents as errors', async () => {
    const wrong = createTypesenseClient({ url: ts.url, apiKey: 'nope', collection: 'chunks_c' });
    const error = await wrong
      .search({ query: 'x', projectId: 'p', knowledgeBaseIds: null, sourceIds: null, limit: 5 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TypesenseError);
    expect(error.status).toBe(401);
    const client = createTypesenseClient({ url: ts.url, apiKey: ts.apiKey, collection: 'chunks_c' });
    const bad = { ...doc('b'), generation: 1.5 };
    await expect(client.importDocuments([bad])).rejects.toThrow(/refused 1 of 1/);
  });
});
