import { unlink } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import type { Redis } from 'ioredis';
import type { Db } from '#server/db.ts';
import { forgetConversations } from '#server/calls/conversation-keys.ts';
import type { TypesenseClient } from '#server/knowledge-base/typesense/typesense-client.ts';
import { clearRegistrationStatus } from '#server/telephony/registration-status.server.ts';

export interface RemovalDeps {
  db: Db;
  redis: Redis;
  /** Where the media server keeps recordings: only files under it are ever deleted. */
  recordingsDir: string;
  typesense?: TypesenseClient | null;
  batchSize?: number;
}

export interface RemovalResult {
  /** false: there was nothing (left) to remove. */
  removed: boolean;
  calls: number;
  recordings: number;
}

/**
 * Removes everything a deleted project left: its calls in batches (with their recordings on disk and any
 * conversation still in Redis), knowledge copies in Typesense, the registration status of its connections,
 * the rows without a foreign key to it, and finally the tombstone itself, whose deletion cascades to the rest.
 * A project that is not deleted is never touched; one already removed is a no-op, so the job may run twice.
 */
export async function removeDeletedProject(
  deps: RemovalDeps,
  projectId: string,
  connectionIds: readonly string[] = [],
): Promise<RemovalResult> {
  const { db, redis } = deps;
  const project = await db.project.findUnique({ where: { id: projectId }, select: { deletedAt: true } });
  if (!project) return { removed: false, calls: 0, recordings: 0 };
  if (!project.deletedAt) throw new Error(`project ${projectId} is not deleted: refusing to remove it`);
  const batchSize = deps.batchSize ?? 500;
  let calls = 0;
  let recordings = 0;
  for (;;) {
    const batch = await db.call.findMany({
      where: { projectId },
      select: { id: true, externalId: true, recording: { select: { path: true } } },
      take: batchSize,
    });
    if (batch.length === 0) break;
    for (const call of batch) {
      if (call.recording && (await removeRecording(deps.recordingsDir, call.recording.path))) recordings += 1;
    }
    await forgetConversations(
      redis,
      batch.map((c) => c.externalId),
    );
    // Turns, events, recordings rows, issues and the transcript index go with their call.
    await db.call.deleteMany({ where: { id: { in: batch.map((c) => c.id) } } });
    calls += batch.length;
  }
  if (deps.typesense) {
    const sources = await db.knowledgeSource.findMany({ where: { projectId }, select: { id: true } });
    for (const { id } of sources) await deps.typesense.deleteSource(id).catch(() => undefined);
  }
  for (const id of connectionIds) await clearRegistrationStatus(redis, id).catch(() => undefined);
  await db.callAnalysisConfig.deleteMany({ where: { projectId } });
  await db.callView.deleteMany({ where: { projectId } });
  // Agents and their versions and test sessions, knowledge bases with their sources and chunks, tags,
  // test calls: all cascade from the project row.
  await db.project.delete({ where: { id: projectId } });
  return { removed: true, calls, recordings };
}

/** Tombstones older than `olderThanMs` whose removal job was lost (Redis flushed, worker down): removed. */
export async function removeForgottenProjects(deps: RemovalDeps, olderThanMs = 10 * 60_000): Promise<number> {
  const stale = await deps.db.project.findMany({
    where: { deletedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true },
    take: 20,
  });
  for (const { id } of stale) await removeDeletedProject(deps, id);
  return stale.length;
}

/** Deletes a recording file, but only a .wav under the recordings folder: a row cannot aim this elsewhere. */
async function removeRecording(root: string, path: string): Promise<boolean> {
  if (!isAbsolute(path) || !path.endsWith('.wav')) return false;
  const full = resolve(path);
  if (!full.startsWith(resolve(root) + sep)) return false;
  try {
    await unlink(full);
    return true;
  } catch {
    return false; // already gone
  }
}
