import { readFileSync } from 'node:fs';
import type { DiffResult } from '@prisma/schema-engine-wasm';
import { openSchemaEngine, noFilters } from './schema-engine.ts';
import { readMigrations, schemaPath } from './migrations-folder.ts';
import { adminQuery, pgConfigFromUrl } from './pg-config.ts';

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const config = pgConfigFromUrl(databaseUrl);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ ...config, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [config.database]);
    if (found.rowCount) return false;
  } finally {
    await client.end();
  }
  await adminQuery(config, `CREATE DATABASE "${config.database.replace(/"/g, '""')}"`);
  return true;
}

/** Applies every pending migration; returns the names applied. */
export async function applyMigrations(databaseUrl: string, migrationsDir?: string): Promise<string[]> {
  const { engine } = await openSchemaEngine(databaseUrl, schemaPath);
  const out = await engine.applyMigrations({
    migrationsList: readMigrations(migrationsDir),
    filters: noFilters,
  });
  return out.appliedMigrationNames;
}

/** SQL that takes a database built from the migrations folder to the current schema.prisma. */
export async function diffMigrationsToSchema(databaseUrl: string, migrationsDir?: string): Promise<string> {
  const { engine } = await openSchemaEngine(databaseUrl, schemaPath);
  const result: DiffResult = await engine.diff({
    from: { tag: 'migrations', ...readMigrations(migrationsDir) },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  return (result.stdout ?? '').trim();
}

/** SQL that takes the live database to the current schema.prisma (empty when they agree). */
export async function diffDatabaseToSchema(databaseUrl: string): Promise<string> {
  const { engine } = await openSchemaEngine(databaseUrl, schemaPath);
  const result: DiffResult = await engine.diff({
    from: { tag: 'url', url: databaseUrl },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  });
  return (result.stdout ?? '').trim();
}

export function isEmptyDiff(sql: string): boolean {
  return sql.replace(/--.*$/gm, '').trim() === '';
}
