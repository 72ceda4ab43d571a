import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { diffMigrationsToSchema, isEmptyDiff } from './migrate-lib.ts';
import { migrationsDir, readMigrations } from './migrations-folder.ts';

describe('migrations', () => {
  it('applied to an empty database give exactly schema.prisma (no drift)', async () => {
    const sql = await diffMigrationsToSchema(process.env.DATABASE_URL!);
    expect(
      isEmptyDiff(sql),
      `schema.prisma differs from the migrations; run npm run db:migration:new -- <name>:\n${sql}`,
    ).toBe(true);
  });

  it('are recorded in _prisma_migrations with the official checksums', async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name');
    await client.end();
    const folders = readMigrations().migrationDirectories.map((d) => d.path);
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const row of rows) {
      const file = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });
});
