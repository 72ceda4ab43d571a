import { Prisma } from '../../../prisma/generated/prisma/client.ts';
import type { Db } from '../db.ts';

/** A talk time assumed until the queue has finished calls of its own to average. */
const DEFAULT_TALK_SECONDS = 180;

/**
 * Where a waiting call stands in its queue (issue 20), for the announcement the caller hears: its place
 * among the queue's waiting calls (oldest first) and an estimated wait, that place times the queue's
 * average talk time (its last 20 finished calls) shared among the project's operators at work. Null when
 * the call is not waiting in a queue (not yet written, or already taken).
 */
export async function queueStanding(
  db: Db,
  projectId: string,
  externalCallId: string,
): Promise<{ position: number; waitSeconds: number } | null> {
  const [row] = await db.$queryRaw<{ position: number; talk: number | null; operators: number }[]>(Prisma.sql`
    WITH mine AS (
      SELECT h.id, h."queueId", h."createdAt" FROM handoffs h JOIN calls c ON c.id::text = h."callId"
       WHERE c."projectId" = ${projectId}::uuid AND c."externalId" = ${externalCallId}
         AND h.status IN ('queued', 'offered')
       ORDER BY h."createdAt" DESC LIMIT 1)
    SELECT
      (SELECT count(*)::int FROM handoffs w, mine
        WHERE w."queueId" = mine."queueId" AND w.status IN ('queued', 'offered')
          AND (w."createdAt", w.id) <= (mine."createdAt", mine.id)) AS position,
      (SELECT avg(EXTRACT(EPOCH FROM (d."endedAt" - d."acceptedAt")))::float FROM (
         SELECT f."endedAt", f."acceptedAt" FROM handoffs f, mine
          WHERE f."queueId" = mine."queueId" AND f.status = 'completed' AND f."acceptedAt" IS NOT NULL
          ORDER BY f."endedAt" DESC LIMIT 20) d) AS talk,
      (SELECT count(*)::int FROM operator_presences
        WHERE "projectId" = ${projectId}::uuid AND status IN ('online', 'offered', 'busy', 'wrap_up')) AS operators
    FROM mine`);
  if (!row || row.position < 1) return null;
  const talk = row.talk && row.talk > 0 ? row.talk : DEFAULT_TALK_SECONDS;
  return {
    position: row.position,
    waitSeconds: Math.round((row.position * talk) / Math.max(1, row.operators)),
  };
}
