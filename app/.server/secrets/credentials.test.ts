import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db.ts';
import { createCredentialsService, rotateAll, verifyKeyring } from './credentials.server.ts';
import { keyringFromEnv, type Keyring } from './master-keys.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../../../prisma/tools/pg-config.ts';
import { TEMPLATE_DB, TEST_DB_PREFIX, TEST_RUN, TEST_SERVER_URL } from '../../../tests/support/test-env.ts';

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString('base64')}`;
let db: Db;
let projectId: string;
// A database of this file's own: rotation and the start-up check read every stored secret, and other
// files in the same worker store secrets under the test master key.
const ownDatabase = `${TEST_DB_PREFIX}${TEST_RUN}_secrets_${process.pid}`;
const databaseUrl = withDatabase(TEST_SERVER_URL, ownDatabase);
const server = pgConfigFromUrl(TEST_SERVER_URL);

beforeAll(async () => {
  await adminQuery(server, `DROP DATABASE IF EXISTS "${ownDatabase}" WITH (FORCE)`);
  await adminQuery(server, `CREATE DATABASE "${ownDatabase}" TEMPLATE "${TEMPLATE_DB}"`);
  db = createDb(databaseUrl);
  projectId = (await db.project.create({ data: { name: 'Secrets test' } })).id;
});
afterAll(async () => {
  await db.$disconnect();
  await adminQuery(server, `DROP DATABASE IF EXISTS "${ownDatabase}" WITH (FORCE)`);
});

describe('credentials service', () => {
  const keyring = keyringFromEnv({ SECRETS_MASTER_KEY: key('k1', 1) });
  const secret = 'sk-live-0123456789abcdefghij-5678';
  const by = { actorUserId: null, actorType: 'system' as const };

  it('stores no plaintext in the database row', async () => {
    const svc = createCredentialsService(db, keyring);
    const created = await svc.create(projectId, { name: 'openai', kind: 'api_key', secret }, by);
    expect(created.masked).toBe('••••5678');
    expect(JSON.stringify(created)).not.toContain(secret);

    // Read the raw row with plain SQL, every column as text, and look for any part of the secret.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT * FROM credentials WHERE id = $1', [created.id]);
    await client.end();
    const raw = JSON.stringify(rows[0], (_k, v) =>
      v instanceof Buffer ? v.toString('latin1') + v.toString('hex') : v,
    );
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain('0123456789abcdef');
    expect(raw).not.toContain(Buffer.from(secret).toString('hex'));
    expect(raw).not.toContain(Buffer.from(secret).toString('base64'));

    expect(await svc.reveal(projectId, created.id)).toBe(secret);
  });

  it('audits create, replace and remove without ever writing the secret', async () => {
    const svc = createCredentialsService(db, keyring);
    const created = await svc.create(projectId, { name: 'sip-trunk', kind: 'sip_password', secret }, by);
    await svc.replaceSecret(projectId, created.id, `${secret}-new-9999`, by);
    expect(await svc.remove(projectId, created.id, by)).toBe(true);
    const entries = await db.auditLog.findMany({
      where: { projectId, targetType: 'credential', targetId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((e) => e.action)).toEqual([
      'credential.create',
      'credential.replace',
      'credential.remove',
    ]);
    expect(JSON.stringify(entries.map((e) => e.diff))).not.toContain('0123456789abcdef');
  });

  it('never opens a secret from another project', async () => {
    const svc = createCredentialsService(db, keyring);
    const created = await svc.create(projectId, { name: 'other', kind: 'api_key', secret }, by);
    const other = await db.project.create({ data: { name: 'Other' } });
    expect(await svc.reveal(other.id, created.id)).toBeNull();
    expect(await svc.list(other.id)).toEqual([]);
  });

  it('detects a wrong master key at start instead of returning garbage', async () => {
    const wrong = keyringFromEnv({ SECRETS_MASTER_KEY: key('k1', 9) });
    await expect(verifyKeyring(db, wrong)).rejects.toThrow(/SECRETS_MASTER_KEY.*does not open/);
    const missing = keyringFromEnv({ SECRETS_MASTER_KEY: key('k9', 9) });
    await expect(verifyKeyring(db, missing)).rejects.toThrow(/"k1", which is not configured/);
    await expect(verifyKeyring(db, keyring)).resolves.toBeUndefined();
  });

  it('rotates every secret to a new master key', async () => {
    const rotated: Keyring = keyringFromEnv({
      SECRETS_MASTER_KEY: key('k2', 2),
      SECRETS_PREVIOUS_KEYS: key('k1', 1),
    });
    const changed = await rotateAll(db, rotated);
    expect(changed).toBeGreaterThanOrEqual(2);
    expect(await db.credential.count({ where: { keyId: 'k1' } })).toBe(0);
    const onlyNew = keyringFromEnv({ SECRETS_MASTER_KEY: key('k2', 2) });
    await expect(verifyKeyring(db, onlyNew)).resolves.toBeUndefined();
    const svc = createCredentialsService(db, onlyNew);
    const [first] = await svc.list(projectId);
    expect(await svc.reveal(projectId, first!.id)).toBe(secret);
  });
});
