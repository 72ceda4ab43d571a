// A 100,000-contact campaign in the real PostgreSQL and Redis: import of the CSV (parse, E.164, duplicates,
// bad rows, insert), planning (every contact's next moment in its zones, at a night hour when nobody may be
// called), dial decisions per second (the dispatcher's passes claiming attempts, target 5,000/s on 2 cores)
// and the process's heap across the passes (it should stay flat).
// Usage: npm run bench -- campaigns [contacts]. The last line is one JSON object of figures.
import { applyMigrations } from '../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL } from '../tests/support/test-env.ts';
import { round } from './support/bench-db.ts';

const BENCH_DB = 'vp_bench_campaigns';
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${BENCH_DB}"`);
process.env.DATABASE_URL = withDatabase(TEST_SERVER_URL, BENCH_DB);
await applyMigrations(process.env.DATABASE_URL);
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
process.env.REDIS_PREFIX = `vpbench:${process.pid}`;
process.env.SECRETS_MASTER_KEY = `kbench:${Buffer.alloc(32, 9).toString('base64')}`;
process.env.AUTH_JWT_KEYS = `kbench:${Buffer.alloc(32, 8).toString('base64')}`;
process.env.LOG_LEVEL = 'silent';
const { db, disconnectDb } = await import('#server/db.ts');
const { createRedis } = await import('#server/redis.ts');
const { redisEnv } = await import('#server/env/env-schema.ts');
const { parseEnv } = await import('#server/env/load-env.ts');
const { createLogger } = await import('#server/logger.ts');
const { importContacts, tableFromUpload } = await import('#server/campaigns/campaign-contacts.server.ts');
const { dispatchCampaign } = await import('#server/campaigns/dialer/dispatch.ts');
const { createProject, createPublishedAgent, createUser } = await import('../tests/support/factories.ts');
type Ctx = Parameters<typeof importContacts>[0];

const CONTACTS = Number(process.argv[2] ?? 100_000);
const log = (message: string) => process.stderr.write(`${message}\n`);
const redis = createRedis(parseEnv(redisEnv, 'bench'));

const user = await createUser(db());
const projectId = (await createProject(db(), 'Campaign bench')).id;
const graph = { schemaVersion: 1, nodes: [], edges: [] };
const { agent, version } = await createPublishedAgent(db(), projectId, {
  name: 'Caller',
  language: 'ru',
  graph,
});
const connection = await db().sipConnection.create({
  data: { projectId, name: 'Trunk', provider: 'generic', host: 'sip.example.com', authMode: 'ip' },
});
const campaign = await db().campaign.create({
  data: {
    projectId,
    name: 'Bench',
    status: 'running',
    agentId: agent.id,
    versionId: version.id,
    connectionId: connection.id,
    maxConcurrent: 1000,
    callsPerMinute: 1_000_000,
    schedule: {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      from: '09:00',
      to: '21:00',
      defaultTimezone: 'Europe/Moscow',
    },
  },
});
const ctx = {
  access: { actor: { type: 'user', id: user.id, user }, user, projectId, role: 'owner' },
  client: { ip: '127.0.0.1', userAgent: 'bench' },
} as unknown as Ctx;

// A list as exported from a CRM: mobile and city numbers in several writings, 1% duplicates, 0.5% bad rows.
const AREA = ['495', '812', '343', '383', '423', '912', '916', '926', '903', '999'];
const lines = ['Телефон;Имя;Сумма;Дата'];
for (let i = 0; i < CONTACTS; i++) {
  const n = i % 100 === 99 ? i - 1 : i;
  const digits = `${AREA[n % AREA.length]}${String(1_000_000 + n).slice(-7)}`;
  const phone =
    i % 200 === 150
      ? 'нет номера'
      : i % 3 === 0
        ? `8 (${digits.slice(0, 3)}) ${digits.slice(3)}`
        : `+7${digits}`;
  lines.push(`${phone};Клиент ${i};${i % 5000};2026-12-${String((i % 28) + 1).padStart(2, '0')}`);
}
const csv = lines.join('\n');
log(`list: ${CONTACTS} rows, ${(csv.length / 1024 / 1024).toFixed(1)} MB`);

let t = performance.now();
const imported = await importContacts(ctx, campaign.id, tableFromUpload('csv', csv), {});
const importMs = performance.now() - t;
log(
  `import: ${imported.added} added, ${imported.duplicates} duplicates, ${imported.errors.length} bad rows in ${Math.round(importMs)} ms`,
);

// Due from the start of the bench's clock (which runs before the real one).
await db().campaignContact.updateMany({
  where: { campaignId: campaign.id },
  data: { nextAttemptAt: new Date(0) },
});

let claimed = 0;
const deps = {
  db: db(),
  redis,
  logger: createLogger('bench', 'silent'),
  now: () => clock,
  enqueueDial: async () => void claimed++,
  originate: async () => 1,
};
// 19:30 UTC: 21:30 in Kaliningrad, 07:30 in Kamchatka: outside 9–21 in every Russian zone.
let clock = new Date('2026-12-07T19:30:00Z');

// Planning: every contact is outside its window; each pass moves a batch to its next opening.
t = performance.now();
let planned = 0;
for (;;) {
  const r = await dispatchCampaign(deps, campaign.id);
  planned += r.deferred;
  if (r.decided === 0) break;
}
const planningMs = performance.now() - t;
log(`planning: ${planned} contacts given their next moment in ${Math.round(planningMs)} ms`);

// Dialling: inside the window, passes claim attempts; the calls "end" at once so capacity frees.
clock = new Date('2026-12-08T08:00:00Z'); // 10:00 Kaliningrad … 20:00 Kamchatka: all open
const heap: number[] = [];
let decided = 0;
t = performance.now();
for (let pass = 0; ; pass++) {
  const r = await dispatchCampaign(deps, campaign.id);
  decided += r.decided;
  if (r.decided === 0) break;
  await db()
    .$executeRaw`UPDATE campaign_attempts SET status = 'ended', outcome = 'completed' WHERE "campaignId" = ${campaign.id}::uuid AND status = 'claimed'`;
  if (pass % 10 === 0) heap.push(process.memoryUsage().heapUsed);
}
const dialMs = performance.now() - t;
log(`dialling: ${decided} decisions, ${claimed} attempts claimed in ${Math.round(dialMs)} ms`);

const mb = (n: number) => round(n / 1024 / 1024, 1);
const figures = {
  contacts: CONTACTS,
  imported: imported.added,
  duplicates_merged: imported.duplicates,
  bad_rows: imported.errors.length,
  import_ms: Math.round(importMs),
  import_rows_per_s: Math.round(CONTACTS / (importMs / 1000)),
  planning_ms: Math.round(planningMs),
  planning_contacts_per_s: Math.round(planned / (planningMs / 1000)),
  dial_decisions: decided,
  attempts_claimed: claimed,
  dial_decisions_per_s: Math.round(decided / (dialMs / 1000)),
  heap_first_mb: mb(heap[0] ?? 0),
  heap_last_mb: mb(heap.at(-1) ?? 0),
  heap_max_mb: mb(Math.max(...heap)),
};
await redis.quit();
await disconnectDb();
console.log(JSON.stringify(figures));
