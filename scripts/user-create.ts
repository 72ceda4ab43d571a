// `npm run user:create -- --email <e> --project <name> [--name <name>] [--password <p>]`: creates an owner and
// their project from a shell. On a fresh install that is the first owner (what the first-run sign-up does in
// the browser). Without --password one is generated and printed once (change it after signing in).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createOwnerFromShell, firstOwnerInput } from '#server/auth/first-owner.server.ts';
import { createDb } from '#server/db.ts';
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { ServiceError } from '#server/errors/service-error.ts';
import { z } from 'zod';

const usage =
  'Usage: npm run user:create -- --email <email> --project <project name> [--name <name>] [--password <password>]';

let args;
try {
  args = parseArgs({
    options: {
      email: { type: 'string' },
      project: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
  }).values;
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${usage}`);
  process.exit(2);
}
if (!args.email || !args.project) {
  console.error(usage);
  process.exit(2);
}

loadDotenv();
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'user:create');
const generated = !args.password;
const parsed = firstOwnerInput.safeParse({
  email: args.email,
  project: args.project,
  name: args.name ?? args.email.split('@')[0],
  password: args.password ?? randomBytes(12).toString('base64url'),
});
if (!parsed.success) {
  console.error(z.prettifyError(parsed.error));
  process.exit(2);
}

const db = createDb(DATABASE_URL);
try {
  const created = await createOwnerFromShell(db, parsed.data);
  console.log(
    `${created.first ? 'First owner' : 'Owner'} ${parsed.data.email} created in project "${parsed.data.project}" (${created.projectId}).`,
  );
  if (generated) console.log(`Password (shown once): ${parsed.data.password}`);
} catch (e) {
  if (e instanceof ServiceError) {
    console.error(e.message);
    process.exitCode = 1;
  } else throw e;
} finally {
  await db.$disconnect();
}
