// `npm run audit:verify`: recomputes the audit log's hash chain and reports the first edited or removed entry.
import { createDb } from '#server/db.ts';
import { verifyAuditChain } from '#server/audit/audit-log.server.ts';
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';

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
