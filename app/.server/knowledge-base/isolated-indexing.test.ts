// A document that expands past the memory limit fails its own indexing job, with a reason the screen
// explains, while a document indexed beside it (same process, same moment) becomes ready.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKnowledgeBase,
  createKnowledgeSource,
  createProject,
} from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '../db.ts';
import { IsolateLimitError } from '../sandbox/isolate.ts';
import { indexSource } from './index-source.server.ts';
import { buildDocx } from './ingest/test-support/docx-fixture.ts';
import { ExtractionError } from './ingest/extract/extraction-errors.ts';
import { isolatedReader } from './ingest/isolated-reader.ts';
import { useKnowledgeSettings } from './knowledge-settings.server.ts';

/** Small enough to load the extractors, far too small for the big document's XML tree. */
const LIMITS = { heapMb: 48, timeMs: 120_000 };

/**
 * A DOCX inside every size check (stored, not compressed, under 20 MB, ratio 1:1) whose XML is so large
 * that building its tree needs far more than the heap: an XML bomb in its plainest form.
 */
function heavyDocx(): Uint8Array {
  const paragraphs = Array.from({ length: 60_000 }, (_, i) => ({
    paragraph: `Строка ${i} ` + 'слово '.repeat(20),
  }));
  return buildDocx(paragraphs);
}

let kb: { id: string; projectId: string };

beforeAll(async () => {
  useKnowledgeSettings({ extractLimits: LIMITS });
  const projectId = (await createProject(db(), 'Isolated indexing')).id;
  kb = { id: (await createKnowledgeBase(db(), projectId)).id, projectId };
});
afterAll(async () => {
  useKnowledgeSettings(undefined);
  await disconnectDb();
});

describe('isolated extraction', { timeout: 120_000 }, () => {
  it('fails the runaway document alone; the one indexed beside it is ready', async () => {
    const heavy = heavyDocx();
    expect(heavy.byteLength).toBeLessThan(20 * 1024 * 1024);
    const bomb = await createKnowledgeSource(db(), kb, {
      kind: 'file',
      name: 'huge.docx',
      fileName: 'huge.docx',
      fileContent: Buffer.from(heavy),
    });
    const fine = await createKnowledgeSource(db(), kb, {
      kind: 'file',
      name: 'hours.docx',
      fileName: 'hours.docx',
      fileContent: Buffer.from(buildDocx([{ heading: 1, text: 'Часы работы' }, { paragraph: 'С 9 до 18.' }])),
    });

    const [bombResult, fineResult] = await Promise.all([indexSource(bomb.id), indexSource(fine.id)]);

    expect(bombResult.status).toBe('failed');
    const failed = await db().knowledgeSource.findUniqueOrThrow({ where: { id: bomb.id } });
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'resource_limit' });
    expect(failed.error).toContain(`more than ${LIMITS.heapMb} MB of memory`);
    expect(fineResult).toMatchObject({ status: 'ready' });
    expect(fineResult.chunkCount).toBeGreaterThan(0);
  });

  it('stops a document that takes longer than the time limit, and the next task starts afresh', async () => {
    const reader = isolatedReader({ heapMb: 256, timeMs: 1 });
    const slow = reader.extractDocument({ bytes: heavyDocx(), filename: 'huge.docx' });
    await expect(slow).rejects.toBeInstanceOf(IsolateLimitError);
    await expect(slow).rejects.toMatchObject({ kind: 'time', code: 'resource_limit' });
    await reader.close();

    const next = isolatedReader({ heapMb: 256, timeMs: 120_000 });
    const doc = await next.extractDocument({
      bytes: buildDocx([{ paragraph: 'Открыто ежедневно.' }]),
      filename: 'ok.docx',
    });
    expect(doc.blocks).toEqual([{ kind: 'paragraph', text: 'Открыто ежедневно.' }]);
    // Refusals made inside the thread keep their code (an unreadable file is not a limit).
    const refused = next.extractDocument({ bytes: new Uint8Array(0), filename: 'x.txt' });
    await expect(refused).rejects.toBeInstanceOf(ExtractionError);
    await expect(refused).rejects.toMatchObject({ code: 'unreadable', message: 'File is empty' });
    await next.close();
  });
});
