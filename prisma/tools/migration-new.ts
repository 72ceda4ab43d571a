// `npm run db:migration:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the existing migrations to schema.prisma.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { diffMigrationsToSchema, ensureDatabase, isEmptyDiff } from './migrate-lib.ts';
import { lockfileContent, lockfileName, migrationsDir, migrationTimestamp } from './migrations-folder.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration:new -- <name>   (lowercase letters, digits and _)');
  process.exit(2);
}
loadDotenv();
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'db:migration:new');
await ensureDatabase(DATABASE_URL);
mkdirSync(migrationsDir, { recursive: true });
if (!existsSync(join(migrationsDir, lockfileName)))
  writeFileSync(join(migrationsDir, lockfileName), lockfileContent);
const sql = await diffMigrationsToSchema(DATABASE_URL);
if (isEmptyDiff(sql)) {
  console.log('schema.prisma matches the migrations: nothing to write.');
  process.exit(0);
}
const folder = join(migrationsDir, `${migrationTimestamp()}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
console.log(`Wrote ${folder}/migration.sql — review it, then run npm run db:migrate.`);
process.exit(0);
