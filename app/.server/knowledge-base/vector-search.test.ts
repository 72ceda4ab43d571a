import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import type { LocalHttpServer } from '../providers/test-support/local-http-server.ts';
import { createOpenAiEmbeddings } from '../providers/embeddings/openai-embeddings.ts';
import { db, disconnectDb } from '../db.ts';
import { indexSource } from './index-source.server.ts';
import { useKnowledgeSettings } from './knowledge-settings.server.ts';
import { searchChunks } from './search.server.ts';
import { startFakeEmbeddings } from './test-support/fake-embeddings.ts';
import { vectorSupport } from './vector-search.server.ts';

let embeddings: LocalHttpServer;
let projectId: string;
let kbId: string;

async function qa(question: string, answer: string) {
  const row = await createKnowledgeSource(
    db(),
    { id: kbId, projectId: projectId },
    { kind: 'qa', name: question, question, answer },
  );
  return { row, result: await indexSource(row.id, { finalAttempt: true }) };
}

beforeAll(async () => {
  embeddings = await startFakeEmbeddings();
  useKnowledgeSettings({
    embedder: createOpenAiEmbeddings({ baseUrl: `${embeddings.url}/v1`, apiKey: 'sk-test', model: 'toy' }),
    minSimilarity: 0.3,
  });
  projectId = (await createProject(db(), 'KB vectors')).id;
  kbId = (await createKnowledgeBase(db(), projectId, 'Клиника')).id;
  await qa('Есть ли парковка?', 'Бесплатная парковка во дворе клиники.');
  await qa('Сколько стоит пломба?', 'Пломба светового отверждения — 4500 рублей.');
});
afterAll(async () => {
  useKnowledgeSettings(undefined);
  await embeddings.close();
  await disconnectDb();
});

describe(`vector search (${await vectorSupport()})`, () => {
  it('stores a vector per chunk and finds a passage that shares no word with the question', async () => {
    const stored = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM kb.chunks WHERE project_id = ${projectId}::uuid AND embedding IS NOT NULL`;
    expect(stored[0]?.n).toBe(2);
    const hits = await searchChunks(projectId, 'куда поставить машину');
    expect(hits[0]?.text).toContain('парковка');
    expect(hits[0]?.ranks).toMatchObject({ fullText: null, vector: 1 });
  });

  it('fuses vector and text ranks, and leaves unrelated questions with nothing found', async () => {
    const hits = await searchChunks(projectId, 'пломба цена');
    expect(hits[0]?.text).toContain('4500');
    expect(hits[0]?.ranks.fullText).toBe(1);
    expect(hits[0]?.ranks.vector).toBe(1);
    expect(await searchChunks(projectId, 'погода на завтра')).toEqual([]);
  });

  it('indexes for text search only when the embeddings endpoint refuses, and says so', async () => {
    useKnowledgeSettings({
      embedder: createOpenAiEmbeddings({ baseUrl: `${embeddings.url}/v1`, apiKey: 'revoked', model: 'toy' }),
    });
    try {
      const { row, result } = await qa('Как доехать?', 'Метро Чистые пруды, выход к бульвару.');
      expect(result.status).toBe('ready');
      const stored = await db().knowledgeSource.findUniqueOrThrow({ where: { id: row.id } });
      expect(stored.error).toMatch(/text search only/);
      // Search itself goes on by text when the query cannot be embedded.
      expect((await searchChunks(projectId, 'как доехать на метро'))[0]?.text).toContain('Чистые пруды');
    } finally {
      useKnowledgeSettings({
        embedder: createOpenAiEmbeddings({
          baseUrl: `${embeddings.url}/v1`,
          apiKey: 'sk-test',
          model: 'toy',
        }),
      });
    }
  });
});
