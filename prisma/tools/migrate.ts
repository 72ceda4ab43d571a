// `npm run db:migrate`: creates the database if needed and applies pending migrations.
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { applyMigrations, ensureDatabase } from './migrate-lib.ts';

loadDotenv();
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'db:migrate');
try {
  if (await ensureDatabase(DATABASE_URL))
    console.log(`Created database ${new URL(DATABASE_URL).pathname.slice(1)}`);
  const applied = await applyMigrations(DATABASE_URL);
  console.log(
    applied.length
      ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`
      : 'Database is up to date.',
  );
  // The engine keeps its pool alive; nothing is left to do.
  process.exit(0);
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
