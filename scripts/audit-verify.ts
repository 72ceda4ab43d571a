// `npm run audit:verify`: recomputes the audit log's hash chain and reports the first edited or removed entry.
import { createDb } from '../app/.server/db.ts';
import { verifyAuditChain } from '../app/.server/audit/audit-log.server.ts';
import { loadDotenv } from '../app/.server/env/dotenv.ts';
import { databaseEnv } from '../app/.server/env/env-schema.ts';
import { loadEnvOrExit } from '../app/.server/env/load-env.ts';

loadDotenv();
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'audit:verify');
const db = createDb(DATABASE_URL);
try {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(`audit:verify: ${result.entries} entries, chain intact.`);
  } else {
    console.error(
      `audit:verify: BROKEN at entry ${result.brokenAtId}: ${result.reason} (${result.entries} entries checked).`,
    );
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
