import { CURRENT_SCHEMA_VERSION } from './flow-schema';
import { flowSchemaV1, type FlowV1 } from './flow-schema-v1';

/**
 * Migrations run on read, oldest first; a saved flow is never rewritten in place, so a published version
 * stays byte-for-byte what was published. Each step takes the raw object of version N to version N+1.
 */
type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

function v1ToV2(raw: Record<string, unknown>): Record<string, unknown> {
  const v1: FlowV1 = flowSchemaV1.parse(raw);
  const { noInputTimeoutSec, ...otherSettings } = v1.settings ?? {};
  return {
    ...v1,
    schemaVersion: 2,
    edges: v1.edges.map(({ sourcePort, ...edge }) => ({ ...edge, sourceHandle: sourcePort ?? 'next' })),
    settings: {
      ...otherSettings,
      ...(noInputTimeoutSec === undefined ? {} : { noInputTimeoutMs: Math.round(noInputTimeoutSec * 1000) }),
    },
  };
}

const migrations: Record<number, Migration> = { 1: v1ToV2 };

/** The version a raw flow claims; flows saved before versioning existed have none and are v1. */
export function schemaVersionOf(raw: Record<string, unknown>): number {
  const version = raw.schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : 1;
}

export function migrateFlow(raw: Record<string, unknown>): { raw: Record<string, unknown>; from: number } {
  const from = schemaVersionOf(raw);
  let current = raw;
  for (let version = from; version < CURRENT_SCHEMA_VERSION; version++) {
    const step = migrations[version];
    if (!step) throw new Error(`No migration from flow schema v${version}`);
    current = step(current);
  }
  return { raw: current, from };
}
