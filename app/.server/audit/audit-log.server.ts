import type { Db } from '../db.ts';
import { auditHash, GENESIS_HASH, type HashedFields } from './audit-hash.ts';
import { maskSecrets } from './mask-secrets.ts';

export interface AuditEntry {
  projectId?: string | null;
  actorUserId?: string | null;
  actorType?: 'user' | 'api_key' | 'system';
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** before/after; secret-looking fields are masked before storing. */
  diff?: { before?: unknown; after?: unknown } | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** One lock id for the chain: appends are serialised so each sees the true previous hash. */
const AUDIT_CHAIN_LOCK = 7_214_003_001;

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.$transaction((tx) => appendAuditInTransaction(tx, entry));
}

/** A transaction's client: what appendAuditInTransaction writes through. */
export type AuditTx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Appends inside the caller's transaction, so the entry commits or rolls back with the change it records
 * (a project deletion must not happen unaudited). The chain lock is held until that transaction ends.
 */
export async function appendAuditInTransaction(tx: AuditTx, entry: AuditEntry): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: HashedFields = {
    projectId: entry.projectId ?? null,
    actorUserId: entry.actorUserId ?? null,
    actorType: entry.actorType ?? 'user',
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    diff: entry.diff ? maskSecrets(entry.diff) : null,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 300) ?? null,
    // Millisecond precision: what Postgres' timestamp(3) keeps, so the hash can be recomputed from the row.
    createdAt: new Date(Math.floor(Date.now())),
  };
  await tx.auditLog.create({
    data: { ...fields, diff: fields.diff ?? undefined, prevHash, hash: auditHash(prevHash, fields) },
  });
}

export type VerifyResult =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAtId: string; reason: string };

/** Walks the chain in order; the first entry whose hash or link does not match is reported. */
export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let cursor: bigint | undefined;
  let entries = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: cursor !== undefined ? { id: { gt: cursor } } : {},
      orderBy: { id: 'asc' },
      take: batchSize,
    });
    if (rows.length === 0) return { ok: true, entries };
    for (const row of rows) {
      entries += 1;
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          entries,
          brokenAtId: String(row.id),
          reason: 'an entry before this one was removed or changed',
        };
      }
      const expected = auditHash(prevHash, {
        projectId: row.projectId,
        actorUserId: row.actorUserId,
        actorType: row.actorType,
        action: row.action,
        targetType: row.targetType,
        targetId: row.targetId,
        diff: row.diff,
        ip: row.ip,
        userAgent: row.userAgent,
        createdAt: row.createdAt,
      });
      if (expected !== row.hash)
        return { ok: false, entries, brokenAtId: String(row.id), reason: 'this entry was edited' };
      prevHash = row.hash;
      cursor = row.id;
    }
  }
}
