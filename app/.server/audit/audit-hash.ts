import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  projectId: string | null;
  actorUserId: string | null;
  actorType: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  diff: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

/** JSON with object keys sorted, so the same entry always hashes the same (Postgres jsonb reorders keys). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Each entry's hash covers the previous entry's hash: editing or removing any entry breaks the chain. */
export function auditHash(prevHash: string, fields: HashedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonical({
        ...fields,
        diff: fields.diff ?? null,
        createdAt: fields.createdAt.toISOString(),
      }),
    )
    .digest('hex');
}
