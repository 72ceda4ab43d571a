// Fault soak: BENCH_FAULT_CALLS (default 50) concurrent SIPp calls with audio (SIPp echoes the agent's RTP
// back) and RFC 4733 DTMF every few seconds, and BENCH_FAULT_JOBS (default 20) queued knowledge jobs, while
// the platform runs as `npm start` runs it (web, workers, media server under the supervisor) and the bench
// 1. kills the workers with SIGKILL, 2. "restarts" Redis, 3. "restarts" PostgreSQL, 4. sends SIGTERM to the
// media server (drain). PostgreSQL and Redis are shared with everything else on this machine, so a restart is
// simulated by a TCP proxy in front of each (the platform's only way to them): it refuses connections and
// resets the open ones for BENCH_FAULT_OUTAGE_MS (default 3 s), then accepts again.
// Needs `sipp` (Debian sip-tester). Last line: one JSON object of figures.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBenchDb, round } from './support/bench-db.ts';
import { TcpProxy } from '../tests/support/tcp-proxy.ts';
import { freePort, freeUdpRange } from '../media-server/src/sip-gateway/test-support/free-port.ts';
import { processSpecs, ROOT, type ProcessName } from '../scripts/lib/processes.ts';
import { supervise } from '../scripts/lib/supervisor.ts';

const CALLS = Number(process.env.BENCH_FAULT_CALLS ?? 50);
const JOBS = Number(process.env.BENCH_FAULT_JOBS ?? 20);
const OUTAGE_MS = Number(process.env.BENCH_FAULT_OUTAGE_MS ?? 3000);
/** Seconds after the calls start: each fault, and when the callers hang up (inside the drain window). */
const AT = { workers: 15, redis: 35, postgres: 55, media: 75, hangup: 95 };
const DRAIN_MS = 40_000;
const DTMF_EVERY_MS = 4000;

await prepareBenchDb('vp_bench_faults');
const { db } = await import('#server/db.ts');
const { createRedis } = await import('#server/redis.ts');
const { enqueueJob, closeQueues } = await import('#server/queues.ts');
const { createProject, createPublishedAgent, createKnowledgeBase, createKnowledgeSource } =
  await import('../tests/support/factories.ts');

/** A flow that keeps the caller: a greeting, then every keypress (or silence) is acknowledged, forever. */
const soakFlow = {
  schemaVersion: 2,
  settings: { language: 'ru' },
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'greet', type: 'say', position: { x: 200, y: 0 }, data: { text: 'Здравствуйте!' } },
    {
      id: 'menu',
      type: 'ask',
      position: { x: 400, y: 0 },
      data: {
        prompt: 'Нажмите любую цифру.',
        slotType: 'free_text',
        variable: 'digit',
        inputModes: 'dtmf',
        maxRetries: 10,
      },
    },
    { id: 'ack', type: 'say', position: { x: 600, y: 0 }, data: { text: 'Принято.' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'greet' },
    { id: 'e2', source: 'greet', sourceHandle: 'next', target: 'menu' },
    { id: 'e3', source: 'menu', sourceHandle: 'next', target: 'ack' },
    { id: 'e4', source: 'menu', sourceHandle: 'no_match', target: 'ack' },
    { id: 'e5', source: 'menu', sourceHandle: 'no_input', target: 'ack' },
    { id: 'e6', source: 'ack', sourceHandle: 'next', target: 'menu' },
  ],
};

/**
 * A SIPp caller that holds the call until `hangupMs`, pressing a key every few seconds, then says BYE. The
 * first key goes as RFC 4733 in the RTP (Debian's pcap); the rest as SIP INFO, because replaying the same
 * pcap repeats its RTP timestamps, which a receiver rightly takes for retransmissions of the first press.
 */
function soakScenario(hangupMs: number): string {
  const headers = `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "sipp" <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]`;
  const presses = Math.floor(hangupMs / DTMF_EVERY_MS);
  const info = (i: number) => `  <pause milliseconds="${DTMF_EVERY_MS}" />
  <send retrans="500"><![CDATA[
      INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      ${headers}
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${i + 2} INFO
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/dtmf-relay
      Content-Length: [len]

      Signal=${i % 10}
      Duration=160
  ]]></send>
  <recv response="200" />
`;
  const rtpPress = `  <pause milliseconds="${DTMF_EVERY_MS}" />
  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_5.pcap" /></action></nop>
`;
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="fault soak caller">
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      ${headers}
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
  ]]></send>
  <recv response="100" optional="true" />
  <recv response="180" optional="true" />
  <recv response="200" rtd="true" />
  <send><![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      ${headers}
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
  ]]></send>
${rtpPress}${Array.from({ length: presses - 1 }, (_, i) => info(i + 1)).join('')}  <send retrans="500"><![CDATA[
      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      ${headers}
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${presses + 2} BYE
      Contact: <sip:sipp@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Length: 0
  ]]></send>
  <recv response="200" crlf="true" />
</scenario>
`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) })
    .then((r) => r.ok)
    .catch(() => false);
/** Seconds from `since` until every URL answers 2xx. */
async function secondsUntilReady(urls: string[], since: number, timeoutMs = 120_000): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    if ((await Promise.all(urls.map(answers))).every(Boolean)) return round((Date.now() - since) / 1000, 1);
    await sleep(200);
  }
  return NaN;
}

// --- the platform, behind proxies, under the supervisor ---
const pg = await new TcpProxy('127.0.0.1', Number(new URL(process.env.DATABASE_URL!).port || 5432)).start();
const redisProxy = await new TcpProxy(
  '127.0.0.1',
  Number(new URL(process.env.REDIS_URL!).port || 6379),
).start();
const ports = {
  web: await freePort(),
  media: await freePort(),
  workers: await freePort(),
  sip: await freePort(),
};
const rtp = await freeUdpRange(2 * CALLS + 40);
const address = 'fault-soak';
const projectId = (await createProject(db(), 'Fault soak')).id;
await createPublishedAgent(db(), projectId, { name: 'Soak', language: 'ru', graph: soakFlow, address });
const kb = await createKnowledgeBase(db(), projectId);
const withWeb = existsSync(join(ROOT, 'build/server/index.js'));
const names: ProcessName[] = withWeb ? ['web', 'workers', 'media-server'] : ['workers', 'media-server'];
const crashLog: string[] = [];
const childLog = join(mkdtempSync(join(tmpdir(), 'soak-logs-')), 'children.log');
console.log(`children's output: ${childLog}`);
const supervisor = supervise(processSpecs([], names), {
  cwd: ROOT,
  env: {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: pg.urlFor(process.env.DATABASE_URL!),
    REDIS_URL: redisProxy.urlFor(process.env.REDIS_URL!),
    PORT: String(ports.web),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${ports.web}`,
    MEDIA_HTTP_HOST: '127.0.0.1',
    MEDIA_HTTP_PORT: String(ports.media),
    WORKERS_HEALTH_PORT: String(ports.workers),
    SIP_HOST: '127.0.0.1',
    SIP_PORT: String(ports.sip),
    RTP_PORT_MIN: String(rtp.min),
    RTP_PORT_MAX: String(rtp.max),
    SIP_MEDIA_TIMEOUT_MS: '60000',
    VOICE_DRAIN_MS: String(DRAIN_MS),
    STT_PROVIDER: 'none',
    RECORDINGS_DIR: mkdtempSync(join(tmpdir(), 'soak-recordings-')),
  },
  log: (line) => {
    crashLog.push(line);
    console.log(line.split('\n')[0]);
  },
  // Every child's output goes to one file: the reason a process stopped, when the log line is not enough.
  output: (name, _stream, chunk) => appendFileSync(childLog, `[${name}] ${chunk.toString()}`),
});
const child = (name: ProcessName) => supervisor.state().find((c) => c.name === name)!;
const readyUrls = [
  ...(withWeb ? [`http://127.0.0.1:${ports.web}/readyz`] : []),
  `http://127.0.0.1:${ports.media}/readyz`,
  `http://127.0.0.1:${ports.workers}/healthz`,
];
const startedAt = Date.now();
const startupS = await secondsUntilReady(readyUrls, startedAt, 180_000);
console.log(`platform ready in ${startupS} s (web ${withWeb ? 'on' : 'not built: left out'})`);

// --- the calls ---
const work = mkdtempSync(join(tmpdir(), 'soak-'));
const scenario = join(work, 'soak.xml');
writeFileSync(scenario, soakScenario(AT.hangup * 1000));
const sippMedia = await freeUdpRange(4);
const t0 = Date.now();
let sippOutput = '';
const sipp = spawn(
  'sipp',
  [
    '-sf',
    scenario,
    '-s',
    address,
    '-i',
    '127.0.0.1',
    '-p',
    String(await freePort()),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(sippMedia.min),
    '-rtp_echo',
    '-r',
    '10',
    '-l',
    String(CALLS),
    '-m',
    String(CALLS),
    '-nostdin',
    '-timeout',
    `${AT.hangup + 90}s`,
    '-timeout_error',
    `127.0.0.1:${ports.sip}`,
  ],
  { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] },
);
sipp.stdout.on('data', (c: Buffer) => (sippOutput = (sippOutput + c.toString()).slice(-6000)));
sipp.stderr.on('data', (c: Buffer) => (sippOutput = (sippOutput + c.toString()).slice(-6000)));
const sippDone = new Promise<number>((resolve) => sipp.once('exit', (code) => resolve(code ?? -1)));
const at = (s: number) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));

// --- the jobs, queued just before the workers die ---
await at(AT.workers - 3);
const sourceIds: string[] = [];
for (let i = 0; i < JOBS; i += 1) {
  const text = `Раздел ${i}. ` + 'Клиника работает ежедневно с девяти до девяти. '.repeat(200);
  const source = await createKnowledgeSource(db(), kb, {
    kind: 'file',
    name: `doc-${i}.txt`,
    fileName: `doc-${i}.txt`,
    mimeType: 'text/plain',
    fileContent: Buffer.from(text),
  });
  sourceIds.push(source.id);
  await enqueueJob('index-source', { sourceId: source.id });
}

// --- the faults ---
const faults: { name: string; at: number; end: number; readyS: number }[] = [];
await at(AT.workers);
const workersPid = child('workers').pid!;
let mark = Date.now();
process.kill(workersPid, 'SIGKILL');
console.log(`t+${AT.workers}s: kill -9 workers (pid ${workersPid})`);
faults.push({ name: 'workers', at: mark, end: mark, readyS: await secondsUntilReady(readyUrls, mark) });

for (const [name, proxy, when] of [
  ['redis', redisProxy, AT.redis],
  ['postgres', pg, AT.postgres],
] as const) {
  await at(when);
  console.log(`t+${when}s: ${name} down for ${OUTAGE_MS} ms`);
  mark = Date.now();
  await proxy.cut();
  await sleep(OUTAGE_MS);
  await proxy.restore();
  const end = Date.now();
  faults.push({ name, at: mark, end, readyS: await secondsUntilReady(readyUrls, end) });
}

await at(AT.media);
const mediaPid = child('media-server').pid!;
mark = Date.now();
process.kill(mediaPid, 'SIGTERM');
console.log(`t+${AT.media}s: SIGTERM media server (pid ${mediaPid}), drain ${DRAIN_MS} ms`);
const sippCode = await sippDone;
const mediaReadyS = await secondsUntilReady(readyUrls, mark, DRAIN_MS + 60_000);
faults.push({ name: 'media_drain', at: mark, end: mark, readyS: mediaReadyS });

// --- what came out ---
const deadline = Date.now() + 120_000;
const countCalls = () => db().call.count({ where: { projectId, status: 'ended' } });
while ((await countCalls()) < CALLS && Date.now() < deadline) await sleep(500);
const calls = await db().call.findMany({
  where: { projectId },
  select: { id: true, status: true, endReason: true, endedAt: true },
});
// Turns the media server completed (its turn.completed events; it keeps any Redis refused and sends them again,
// logging what it had to drop) against turns filed in PostgreSQL, call by call and turn by turn.
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const entries = (await redis.xrange('events:calls', '-', '+')) as [string, string[]][];
const emitted = new Set<string>();
for (const [, f] of entries) {
  if (f[1] !== 'turn.completed') continue;
  const turn = JSON.parse(f[3]!) as { callId: string; turn: number };
  emitted.add(`${turn.callId}/${turn.turn}`);
}
const filedRows = await db().callTurn.findMany({
  where: { call: { projectId }, speaker: 'agent' },
  select: { turnIndex: true, call: { select: { externalId: true } } },
});
const filed = new Set(filedRows.map((t) => `${t.call.externalId}/${t.turnIndex}`));
const missingTurns = [...emitted].filter((key) => !filed.has(key)).length;
const eventsDropped = (
  readFileSync(childLog, 'utf8').match(/call events dropped|call event not stored/g) ?? []
).length;
let jobsReady = 0;
const jobsDeadline = Date.now() + 120_000;
while (Date.now() < jobsDeadline) {
  jobsReady = await db().knowledgeSource.count({ where: { id: { in: sourceIds }, status: 'ready' } });
  if (jobsReady === JOBS) break;
  await sleep(1000);
}
const jobsFailed = await db().knowledgeSource.count({ where: { id: { in: sourceIds }, status: 'failed' } });

/** A call the platform ended (not the caller's BYE), by the fault whose window it ended in. */
const dropped = (from: number, to: number) =>
  calls.filter(
    (c) =>
      c.endReason !== 'remote_hangup' && c.endedAt && c.endedAt.getTime() >= from && c.endedAt.getTime() < to,
  ).length;
const windows = faults.map((f, i) => [f.name, f.at, faults[i + 1]?.at ?? Number.MAX_SAFE_INTEGER] as const);
const droppedBy = Object.fromEntries(windows.map(([name, from, to]) => [name, dropped(from, to)]));
const unfiled = CALLS - calls.filter((c) => c.status === 'ended').length;
const sippFailed = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(sippOutput)?.[1];
console.log(`sipp exit ${sippCode}; ${calls.length} call records; end reasons:`, [
  ...new Set(calls.map((c) => c.endReason)),
]);
if (sippCode !== 0) console.log(sippOutput.slice(-2500));

await supervisor.stop();
await redis.quit();
await closeQueues();
const { disconnectDb } = await import('#server/db.ts');
await disconnectDb();
await pg.stop();
await redisProxy.stop();

const readyOf = (name: string) => faults.find((f) => f.name === name)?.readyS ?? NaN;
console.log(
  JSON.stringify({
    calls: CALLS,
    jobs: JOBS,
    outage_ms: OUTAGE_MS,
    startup_s: startupS,
    calls_dropped_workers_kill: droppedBy.workers,
    calls_dropped_redis_restart: droppedBy.redis,
    calls_dropped_postgres_restart: droppedBy.postgres,
    calls_dropped_media_drain: droppedBy.media_drain,
    calls_without_record: unfiled,
    sipp_failed_calls: sippFailed === undefined ? null : Number(sippFailed),
    turns_completed: emitted.size,
    turns_filed: filed.size,
    turns_missing_from_records: missingTurns,
    call_event_drops_logged: eventsDropped,
    jobs_lost: JOBS - jobsReady - jobsFailed,
    jobs_failed: jobsFailed,
    ready_after_workers_kill_s: readyOf('workers'),
    ready_after_redis_restart_s: readyOf('redis'),
    ready_after_postgres_restart_s: readyOf('postgres'),
    ready_after_media_sigterm_s: readyOf('media_drain'),
    restarts: Object.fromEntries(supervisor.state().map((c) => [c.name, c.restarts])),
  }),
);
process.exit(0);
