// `npm run secrets:rotate`: re-encrypts every stored secret under a new master key.
//  - With a .env file and no SECRETS_PREVIOUS_KEYS: generates a new key, re-wraps everything, and updates
//    .env (the old key is dropped once nothing uses it).
//  - Where the environment is managed elsewhere: set SECRETS_MASTER_KEY to the new key and
//    SECRETS_PREVIOUS_KEYS to the old one, run this, then remove the old key.
import { resolve } from 'node:path';
import { createDb } from '#server/db.ts';
import { loadDotenv } from '#server/env/dotenv.ts';
import { databaseEnv } from '#server/env/env-schema.ts';
import { loadEnvOrExit } from '#server/env/load-env.ts';
import { rotateAll, verifyKeyring } from '#server/secrets/credentials.server.ts';
import { keyringFromEnv } from '#server/secrets/master-keys.ts';
import { freshKey, getVar, readEnvFile, setVar, writeEnvFile } from './lib/env-file.ts';

const envPath = resolve(process.cwd(), '.env');
loadDotenv(envPath);
const { DATABASE_URL } = loadEnvOrExit(databaseEnv, 'secrets:rotate');
const envText = readEnvFile(envPath);
const managedByDotenv =
  !process.env.SECRETS_PREVIOUS_KEYS &&
  getVar(envText, 'SECRETS_MASTER_KEY') === process.env.SECRETS_MASTER_KEY;

if (managedByDotenv) {
  const oldKey = process.env.SECRETS_MASTER_KEY!;
  const newKey = freshKey('k');
  process.env.SECRETS_MASTER_KEY = newKey;
  process.env.SECRETS_PREVIOUS_KEYS = oldKey;
  // Write both first: if the rotation stops halfway, every secret still opens with one of them.
  writeEnvFile(
    envPath,
    setVar(setVar(envText, 'SECRETS_MASTER_KEY', newKey), 'SECRETS_PREVIOUS_KEYS', oldKey),
  );
  console.log(`secrets:rotate: new master key ${newKey.split(':')[0]} written to .env`);
}

const keyring = keyringFromEnv();
const db = createDb(DATABASE_URL);
try {
  await verifyKeyring(db, keyring);
  const changed = await rotateAll(db, keyring, (done, total) => {
    if (done === total || done % 100 === 0) console.log(`secrets:rotate: ${done}/${total} re-encrypted`);
  });
  await verifyKeyring(db, keyringFromEnv({ SECRETS_MASTER_KEY: process.env.SECRETS_MASTER_KEY }));
  if (managedByDotenv) writeEnvFile(envPath, setVar(readEnvFile(envPath), 'SECRETS_PREVIOUS_KEYS', ''));
  console.log(
    `secrets:rotate: ${changed} secret(s) now under key ${keyring.current.id}.` +
      (managedByDotenv ? '' : ' You can now remove the old key from SECRETS_PREVIOUS_KEYS.'),
  );
} catch (e) {
  console.error(`secrets:rotate failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
