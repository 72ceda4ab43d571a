// The calls list, transcript search and call card over a big generated history in the real PostgreSQL:
// 1,000,000 calls and 10,000,000 turns by default (Russian and English lines, Zipf-like word frequencies).
// Also the tag filter. Targets: first and deep page p95 <= 20 ms, transcript search p95 <= 100 ms, call card <= 50 ms.
// Usage: npm run bench -- calls-inbox [calls] [turnsPerCall]. The last line is one JSON object of figures.
import { applyMigrations } from '../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL } from '../tests/support/test-env.ts';
import { percentile, round } from './support/bench-db.ts';

// A database of its own (not the shared vp_bench): the seed takes long, and other benchmarks recreate that
// one when they start.
const BENCH_DB = 'vp_bench_inbox';
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${BENCH_DB}"`);
process.env.DATABASE_URL = withDatabase(TEST_SERVER_URL, BENCH_DB);
await applyMigrations(process.env.DATABASE_URL);
process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
process.env.REDIS_PREFIX = `vpbench:${process.pid}:`;
process.env.SECRETS_MASTER_KEY = `kbench:${Buffer.alloc(32, 9).toString('base64')}`;
process.env.AUTH_JWT_KEYS = `kbench:${Buffer.alloc(32, 8).toString('base64')}`;
process.env.LOG_LEVEL = 'silent';
const { db, disconnectDb } = await import('#server/db.ts');
const { listCalls } = await import('#server/calls/call-query.server.ts');
const { getCallDetail } = await import('#server/calls/call-detail.server.ts');
const { createProject, createPublishedAgent } = await import('../tests/support/factories.ts');

const CALLS = Number(process.argv[2] ?? 1_000_000);
const TURNS = Number(process.argv[3] ?? 10);
const RUNS = 200;

const log = (message: string) => process.stderr.write(`${message}\n`);
const projectId = (await createProject(db(), 'Inbox bench')).id;
const agents = await Promise.all(
  [0, 1, 2].map((i) =>
    createPublishedAgent(db(), projectId, {
      name: `Agent ${i}`,
      language: 'ru',
      graph: { nodes: [{ id: 'greet', type: 'say', position: { x: 0, y: 0 }, data: {} }], edges: [] },
    }),
  ),
);
const agentIds = agents.map((a) => a.agent.id);
const versionIds = agents.map((a) => a.version.id);

const ruWords =
  'записаться приём врач стоимость лечение пломба чистка зубы гарантия доставка заказ оплата карта возврат понедельник суббота адрес филиал парковка скидка консультация рентген имплант коронка перезвоните оператор'.split(
    ' ',
  );
const enWords =
  'appointment doctor price treatment filling cleaning teeth warranty delivery order payment card refund monday saturday address branch parking discount consultation implant crown callback operator'.split(
    ' ',
  );
const started = performance.now();
log(`seeding ${CALLS} calls × ${TURNS} turns…`);
await db().$executeRawUnsafe(`
  CREATE TEMP TABLE bench_words AS
  SELECT n AS id, w FROM (
    SELECT row_number() OVER () - 1 AS n, w FROM (
      SELECT unnest(ARRAY[${[...ruWords, ...enWords].map((w) => `'${w}'`).join(',')}]) AS w
      UNION ALL
      SELECT (ARRAY['ка','ро','ми','на','ле','то','су','ва','ги','де'])[1 + (g * 7) % 10]
          || (ARRAY['ка','ро','ми','на','ле','то','су','ва','ги','де'])[1 + (g * 13 / 10) % 10]
          || (ARRAY['ка','ро','ми','на','ле','то','су','ва','ги','де'])[1 + (g / 100) % 10]
          || (ARRAY['с','т','л','н','р'])[1 + (g / 1000) % 5]
      FROM generate_series(0, 4999) g) v) x`);
const wordCount = (
  (await db().$queryRawUnsafe(`SELECT count(*)::int AS n FROM bench_words`)) as { n: number }[]
)[0]!.n;
// 4,000 sentences of 8 words with a Zipf-like pick (low ids, the business words, far more frequent).
await db().$executeRawUnsafe(`
  CREATE TEMP TABLE bench_sentences AS
  SELECT s AS id, (
    SELECT string_agg(w.w, ' ') FROM generate_series(1, 8) k
    JOIN bench_words w ON w.id = floor(${wordCount} * power(abs(hashint4(s * 31 + k)) / 2147483648.0, 2.5))::int
  ) AS text
  FROM generate_series(0, 3999) s`);
await db().$executeRawUnsafe(`CREATE INDEX ON bench_sentences (id)`);

const sentenceOf = (callExpr: string, turnExpr: string) =>
  `floor(4000 * power(abs(hashint4((${callExpr}) * 17 + (${turnExpr}))) / 2147483648.0, 1.5))::int`;
const BATCH = 100_000;
for (let from = 0; from < CALLS; from += BATCH) {
  const to = Math.min(CALLS, from + BATCH) - 1;
  await db().$executeRawUnsafe(`
    INSERT INTO calls (id, "projectId", "externalId", direction, "fromNumber", "toNumber", "agentId", "versionId",
      "versionNumber", status, "startedAt", "answeredAt", "endedAt", "durationMs", disposition, "endReason",
      "turnCount", path, "avgResponseMs", "updatedAt", "analysisStatus", tags)
    SELECT overlay(overlay(md5('call' || i) placing '4' from 13) placing '8' from 17)::uuid, '${projectId}', 'bench-' || i,
      (ARRAY['inbound','inbound','inbound','outbound','browser','test'])[1 + abs(hashint4(i + 7)) % 6],
      '+7999' || lpad((i % 500000)::text, 7, '0'), 'reception',
      (ARRAY['${agentIds.join("'::uuid,'")}'::uuid])[1 + i % 3],
      (ARRAY['${versionIds.join("'::uuid,'")}'::uuid])[1 + i % 3], 1, 'ended',
      now() - i * interval '3 seconds', now() - i * interval '3 seconds',
      now() - i * interval '3 seconds' + interval '90 seconds', 20000 + (i::bigint * 7919) % 400000,
      (ARRAY['completed','completed','transferred:queue','abandoned'])[1 + i % 4], 'remote_hangup',
      ${TURNS}, '{greet}', 600 + i % 900, now(), 'done',
      CASE WHEN i % 20 = 0 THEN '{vip}'::text[] WHEN i % 97 = 0 THEN '{callback,complaint}'::text[] ELSE '{}' END
    FROM generate_series(${from}, ${to}) i`);
  await db().$executeRawUnsafe(`
    INSERT INTO call_turns (id, "projectId", "callId", seq, "turnIndex", speaker, text, "startMs", "nodeId",
      timings, "responseMs")
    SELECT overlay(overlay(md5('turn' || i || '-' || t) placing '4' from 13) placing '8' from 17)::uuid, '${projectId}', overlay(overlay(md5('call' || i) placing '4' from 13) placing '8' from 17)::uuid, t, t / 2,
      CASE WHEN t % 2 = 0 THEN 'agent' ELSE 'caller' END, s.text, t * 4000, 'greet',
      '{"runtimeMs": 3, "sttMs": 180, "endpointingMs": 600}', 900
    FROM generate_series(${from}, ${to}) i CROSS JOIN generate_series(0, ${TURNS - 1}) t
    JOIN bench_sentences s ON s.id = ${sentenceOf('i', 't')}`);
  await db().$executeRawUnsafe(`
    INSERT INTO inbox.call_search (call_id, project_id, started_at, text)
    SELECT overlay(overlay(md5('call' || i) placing '4' from 13) placing '8' from 17)::uuid, '${projectId}', now() - i * interval '3 seconds',
      (SELECT string_agg(s.text, E'\\n' ORDER BY t) FROM generate_series(0, ${TURNS - 1}) t
        JOIN bench_sentences s ON s.id = ${sentenceOf('i', 't')})
    FROM generate_series(${from}, ${to}) i`);
  log(`  ${to + 1} calls (${Math.round((performance.now() - started) / 1000)} s)`);
}
await db().$executeRawUnsafe(`ANALYZE calls`);
await db().$executeRawUnsafe(`ANALYZE call_turns`);
await db().$executeRawUnsafe(`ANALYZE inbox.call_search`);
const seedSeconds = (performance.now() - started) / 1000;

async function measure(name: string, runs: number, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  log(`${name}: p50 ${round(percentile(times, 50), 2)} ms, p95 ${round(percentile(times, 95), 2)} ms`);
  return { p50: round(percentile(times, 50), 2), p95: round(percentile(times, 95), 2) };
}

const firstPage = await measure('first page', RUNS, () =>
  listCalls(projectId, { sort: '-startedAt', limit: 50 }),
);
// A deep page: the cursor of the row at half the history.
const [middle] = await db().$queryRawUnsafe<{ id: string; startedAt: Date }[]>(
  `SELECT id, "startedAt" FROM calls WHERE "projectId" = '${projectId}' ORDER BY "startedAt" DESC, id DESC
   OFFSET ${Math.floor(CALLS / 2)} LIMIT 1`,
);
const deepCursor = Buffer.from(JSON.stringify({ v: middle!.startedAt.getTime(), id: middle!.id })).toString(
  'base64url',
);
const deepPage = await measure('deep page', RUNS, () =>
  listCalls(projectId, { sort: '-startedAt', limit: 50, cursor: deepCursor }),
);
const filtered = await measure('filtered page (agent + direction)', RUNS, (i) =>
  listCalls(projectId, {
    sort: '-startedAt',
    limit: 50,
    agentId: agentIds[i % 3]!,
    direction: ['outbound'],
  }),
);
// Tags: "vip" on one call in 20, "complaint" on one in 97.
const tagged = await measure('tag filter page', RUNS, (i) =>
  listCalls(projectId, { sort: '-startedAt', limit: 50, tag: [i % 2 ? 'vip' : 'complaint'] }),
);
// Search words: business words (frequent) and generated ones of middling frequency, in both languages.
// Plus generated words sampled from the transcripts: mostly rare ones (a name, a street), the hard case for
// "newest first" (few matches spread over the whole history).
const sampled = await db().$queryRawUnsafe<{ w: string }[]>(
  `SELECT (regexp_split_to_array(text, '\\s+'))[1 + abs(hashtext(call_id::text)) % 40] AS w
   FROM inbox.call_search TABLESAMPLE SYSTEM (1) LIMIT 20`,
);
const queries = [
  ...ruWords.slice(0, 10),
  ...enWords.slice(0, 10),
  'записали',
  'appointments',
  ...sampled.map((r) => r.w).filter((w) => w && w.length > 3),
];
log(`search words: ${queries.join(', ')}`);
const search = await measure('transcript search', 100, (i) =>
  listCalls(projectId, { sort: '-startedAt', limit: 50, q: queries[i % queries.length]! }),
);
const card = await measure('call card', RUNS, (i) =>
  db()
    .$queryRawUnsafe<{ id: string }[]>(
      `SELECT overlay(overlay(md5('call' || ${(i * 104_729) % CALLS}) placing '4' from 13) placing '8' from 17)::uuid AS id`,
    )
    .then(([row]) => getCallDetail(projectId, row!.id)),
);
await disconnectDb();
// Gigabytes of generated calls: give the disk back.
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
console.log(
  JSON.stringify({
    calls: CALLS,
    turns: CALLS * TURNS,
    seed_s: round(seedSeconds, 1),
    first_page_p50_ms: firstPage.p50,
    first_page_p95_ms: firstPage.p95,
    deep_page_p95_ms: deepPage.p95,
    filtered_page_p95_ms: filtered.p95,
    tag_page_p95_ms: tagged.p95,
    search_p50_ms: search.p50,
    search_p95_ms: search.p95,
    call_card_p95_ms: card.p95,
  }),
);
