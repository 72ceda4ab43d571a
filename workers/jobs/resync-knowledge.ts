import type { Db } from '#server/db.ts';
import { enqueueJob } from '#server/queues.ts';

/** URL sources whose re-sync time has come are queued for indexing (search keeps the old chunks meanwhile). */
export async function enqueueDueResyncs(db: Db): Promise<number> {
  const due = await db.knowledgeSource.findMany({
    where: { kind: 'url', nextSyncAt: { lte: new Date() }, status: { not: 'indexing' } },
    select: { id: true },
    take: 500,
  });
  for (const { id } of due) {
    await db.knowledgeSource.update({ where: { id }, data: { nextSyncAt: null } });
    await enqueueJob('index-source', { sourceId: id });
  }
  return due.length;
}
