import { afterAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import type { Chunk } from './ingest/chunk/chunk.ts';
import { replaceSourceChunks } from './chunk-store.server.ts';
import { vectorCandidates, vectorSupport } from './vector-search.server.ts';

afterAll(disconnectDb);

const chunk = (index: number, text: string): Chunk => ({
  index,
  hash: `h${index}`,
  text,
  headingPath: [],
  searchText: text,
  language: 'en',
  textSearchConfig: 'english',
  charCount: text.length,
  tokenEstimate: 4,
  blockKinds: ['paragraph'],
});

// Runs only where the pgvector extension is installed (or installable) in the test database.
describe.skipIf((await vectorSupport()) !== 'pgvector')('pgvector search', () => {
  it('ranks by cosine similarity in pgvector, current generation and project only', async () => {
    const projectId = (await createProject(db(), 'KB pgvector')).id;
    const kb = await createKnowledgeBase(db(), projectId, 'V');
    const source = await createKnowledgeSource(
      db(),
      { id: kb.id, projectId: projectId },
      { kind: 'qa', name: 'v' },
    );
    const s = Math.SQRT1_2;
    await replaceSourceChunks(
      source,
      [chunk(0, 'a'), chunk(1, 'b'), chunk(2, 'c')],
      [
        [1, 0, 0],
        [s, s, 0],
        [0, 0, 1],
      ],
    );
    const hits = await vectorCandidates(projectId, [1, 0, 0], null, null, 0.3);
    expect(hits.map((h) => h.rank)).toEqual([1, 2]);
    expect(hits[0]?.similarity).toBeCloseTo(1, 5);
    expect(hits[1]?.similarity).toBeCloseTo(s, 5);
  });
});
