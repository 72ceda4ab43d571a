// Call capacity: how many concurrent phone calls one install holds with the whole pipeline at work, the
// figure self-hosters compare first (jambonz publishes about 31 sessions per vCPU).
//
// SIPp places the calls (signalling); each call's SDP points at a caller process that speaks real audio
// (espeak's "Sales, please." in G.711, every 6 s) from the same socket it receives the agent's RTP on —
// the gateway latches its RTP to where the caller's comes from, so a separate sink (or SIPp's
// play_pcap_audio, which sends from SIPp's own socket) could not time it. The agent's recogniser is a
// Yandex SpeechKit account served by a local server in another process; the voice is the embedded one
// (espeak-ng, on its worker threads) with the prompt cache; recording is on; the flow loops question → answer → question, so
// every utterance is a turn: jitter buffer, Silero VAD and endpointing, the STT client, the runtime,
// the cache or espeak, RTP out, events to Redis, the recording writer.
//
// Steps of BENCH_CAPACITY_STEPS concurrent calls (default 5,10,20,40,60,80,100,130,160,200) until the
// agent's RTP spacing p99 passes 25 ms or the reply p95 (caller's last voice → first reply frame, as the
// media server measures it; 500 ms of it is the endpointing silence) passes 1 s. A CPU profile of the
// media server during each step's window says where its CPU goes (BENCH_CAPACITY_DEBUG=1 prints its top
// functions; BENCH_CAPACITY_PROFILE_DIR=dir writes it as .cpuprofile files). Last line: one JSON object of figures.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBenchDb, percentile, round } from './support/bench-db.ts';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const STEPS = (process.env.BENCH_CAPACITY_STEPS ?? '5,10,20,40,60,80,100,130,160,200').split(',').map(Number);
const RATE = Number(process.env.BENCH_CAPACITY_RATE ?? 25);
const WINDOW_MS = Number(process.env.BENCH_CAPACITY_WINDOW_MS ?? 10_000);
const SETTLE_MS = 4000;
const SPACING_LIMIT_MS = 25;
const REPLY_LIMIT_MS = 1000;

/** Child: SpeechKit v1 REST recognition on loopback, answering "sales" for any audio. */
function runSpeechKit() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/speech/v1/stt:recognize'))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":"sales"}');
      else res.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

interface SpacingReport {
  streams: number;
  packets: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Child: the callers' media. For each far end heard from (one per call), it sends the caller's audio
 * there on a 20 ms clock and records the gaps between the agent's packets. `reset` starts a window,
 * `report` answers its spacing.
 */
async function runCaller() {
  const { createEspeakTts } = await import('../media-server/src/providers/tts/espeak-tts.ts');
  const { g711Encode } = await import('../media-server/src/rtp/g711.ts');
  const parts: Int16Array[] = [];
  for await (const chunk of createEspeakTts().synthesize({
    text: 'Sales, please.',
    language: 'en-US',
    sampleRate: 8000,
    signal: new AbortController().signal,
  }))
    parts.push(chunk);
  // 4 s of room noise, the words, then quiet to 6 s: one utterance per 6 s cycle.
  const loop = new Int16Array(8000 * 6);
  for (let i = 0; i < loop.length; i++) loop[i] = Math.round((Math.random() - 0.5) * 60);
  let at = 8000 * 1;
  for (const p of parts) {
    loop.set(p.subarray(0, Math.max(0, Math.min(p.length, loop.length - at - 8000 * 2))), at);
    at += p.length;
  }
  const payload = g711Encode('PCMU', loop);

  const socket = dgram.createSocket('udp4');
  interface Stream {
    port: number;
    address: string;
    ssrc: number;
    seq: number;
    ts: number;
    pos: number;
    heardAt: number;
  }
  const streams = new Map<string, Stream>();
  let gaps: number[] = [];
  let packets = 0;
  socket.on('message', (data, from) => {
    const now = performance.now();
    if (data.length < 12) return;
    const key = `${from.address}:${from.port}`;
    const stream = streams.get(key);
    if (!stream) {
      streams.set(key, {
        port: from.port,
        address: from.address,
        ssrc: (Math.random() * 2 ** 32) >>> 0,
        seq: 0,
        ts: 0,
        pos: Math.floor(Math.random() * 50) * 160, // calls do not speak in lockstep
        heardAt: now,
      });
      return;
    }
    gaps.push(now - stream.heardAt);
    packets += 1;
    stream.heardAt = now;
  });
  const header = Buffer.alloc(12);
  const sendAll = (now: number) => {
    for (const [key, s] of streams) {
      if (now - s.heardAt > 2000) {
        streams.delete(key); // the call ended
        continue;
      }
      header[0] = 0x80;
      header[1] = 0; // PCMU
      header.writeUInt16BE(s.seq & 0xffff, 2);
      header.writeUInt32BE(s.ts >>> 0, 4);
      header.writeUInt32BE(s.ssrc, 8);
      socket.send(Buffer.concat([header, payload.subarray(s.pos, s.pos + 160)]), s.port, s.address);
      s.seq += 1;
      s.ts += 160;
      s.pos = (s.pos + 160) % payload.length;
    }
  };
  let next = performance.now();
  const tick = () => {
    const now = performance.now();
    while (next <= now) {
      sendAll(now);
      next += 20;
    }
    setTimeout(tick, Math.max(0, next - performance.now()));
  };
  tick();
  process.on('message', (m) => {
    if (m === 'reset') {
      gaps = [];
      packets = 0;
      return;
    }
    gaps.sort((a, b) => a - b);
    const q = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))] ?? NaN;
    const report: SpacingReport = { streams: streams.size, packets, p50: q(0.5), p99: q(0.99), max: q(1) };
    process.send?.(report);
  });
  socket.bind(0, '127.0.0.1', () => process.send?.({ port: socket.address().port }));
}

function child(flag: string): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(self, [flag], { execArgv: ['--import', 'tsx'] });
  return new Promise((ok) => proc.once('message', (m) => ok({ proc, port: (m as { port: number }).port })));
}

function ask<T>(proc: ChildProcess, message: string): Promise<T> {
  return new Promise((ok) => {
    proc.once('message', (m) => ok(m as T));
    proc.send(message);
  });
}

/** CPU seconds of a process so far, from /proc (user + system; children it waited for apart). */
function procCpu(pid: number | undefined): { own: number; children: number } {
  if (!pid) return { own: 0, children: 0 };
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const hz = 100;
    // Fields 14–17 of stat (utime, stime, cutime, cstime), counted from the state field (3).
    return { own: ((f[11] ?? 0) + (f[12] ?? 0)) / hz, children: ((f[13] ?? 0) + (f[14] ?? 0)) / hz };
  } catch {
    return { own: 0, children: 0 };
  }
}

/** The media server's CPU by part, from a sampled profile: self time per bucket of source file. */
const BUCKETS: [string, RegExp][] = [
  // espeak-ng's WebAssembly runs on worker threads (espeak-pool.ts), which this profile of the main thread
  // does not see (their time is espeakThreadPercent); anything of it here would be a regression.
  ['embedded_voice_espeak_wasm', /espeak-engine|espeak-ng/i],
  ['vad', /vad|onnx/i],
  ['rtp_jitter_codec', /media-server\/src\/(rtp|audio)\//],
  ['sip', /sip-gateway|sip-stack|\/sip\//],
  ['stt_client', /providers\/stt|undici|node:internal\/deps\/undici/],
  ['tts_cache', /providers\/tts|prompt-cache|tts\//],
  ['recording', /record/i],
  ['runtime', /flow-runtime\//],
  ['call_session', /media-server\/src\/(call|providers\/accounts|wiring)\//],
  ['events_redis', /ioredis|events|redis/i],
  [
    'node_net_timers',
    /node:(internal\/)?(dgram|net|timers|stream|events|buffer)|internal\/(dgram|timers|streams)/,
  ],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  hitCount?: number;
}

/** The functions with the most self time (BENCH_CAPACITY_DEBUG): where to look first. */
function topFunctions(nodes: ProfileNode[], count = 15): string[] {
  const hits = new Map<string, number>();
  let busy = 0;
  for (const node of nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (!node.hitCount || functionName === '(idle)') continue;
    busy += node.hitCount;
    const where = url.replace(/^.*node_modules\//, 'nm/').replace(/^.*\/work\/wt\/[^/]+\//, '');
    const key = `${functionName || '(anonymous)'} ${where}${where ? `:${(lineNumber ?? 0) + 1}` : ''}`;
    hits.set(key, (hits.get(key) ?? 0) + node.hitCount);
  }
  return [...hits]
    .sort((x, y) => y[1] - x[1])
    .slice(0, count)
    .map(([key, n]) => `${((100 * n) / Math.max(1, busy)).toFixed(1)}% ${key}`);
}

const otherUrls = new Map<string, number>();

function bucketProfile(nodes: ProfileNode[]): Record<string, number> {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { url, functionName } = node.callFrame;
    let bucket = 'other_js';
    if (functionName === '(idle)') bucket = 'idle';
    else if (functionName === '(garbage collector)') bucket = 'gc';
    else if (functionName === '(program)') bucket = 'native_program';
    else if (!url) bucket = `native:${functionName || 'anonymous'}`.slice(0, 40);
    else bucket = BUCKETS.find(([, re]) => re.test(url) || re.test(functionName))?.[0] ?? 'other_js';
    if (bucket === 'other_js' && process.env.BENCH_CAPACITY_DEBUG) {
      const key = url.replace(/^.*node_modules\//, 'nm/').replace(/^.*\/work\/wt\/[^/]+\//, '');
      otherUrls.set(key, (otherUrls.get(key) ?? 0) + hits);
    }
    counts[bucket] = (counts[bucket] ?? 0) + hits;
    total += hits;
  }
  const busy = total - (counts.idle ?? 0);
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([k]) => k !== 'idle')
      .map(([k, v]) => [k, round((100 * v) / Math.max(1, busy), 1)] as const)
      .sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v >= 0.5),
  );
}

function runSipp(
  args: string[],
): Promise<{ code: number; output: string; pid: number | undefined }> & { pid: number | undefined } {
  const proc = spawn('sipp', args, { cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-3000)));
  proc.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-3000)));
  const done = new Promise<{ code: number; output: string; pid: number | undefined }>((ok) =>
    proc.once('exit', (code) => ok({ code: code ?? -1, output, pid: proc.pid })),
  );
  return Object.assign(done, { pid: proc.pid });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function loopFlow() {
  const node = (id: string, type: string, y: number, data: object) => ({
    id,
    type,
    position: { x: 0, y },
    data,
  });
  return {
    schemaVersion: 2,
    nodes: [
      node('start', 'start', 0, {}),
      node('greet', 'say', 100, { text: 'Welcome to the Acme line.' }),
      node('menu', 'ask', 200, {
        prompt: 'Say sales or support.',
        slotType: 'choice',
        variable: 'dept',
        choices: [
          { value: 'sales', synonyms: ['sales department'] },
          { value: 'support', synonyms: ['help'] },
        ],
        maxRetries: 10,
      }),
      node('confirm', 'say', 300, { text: 'You chose {{dept}}.' }),
    ],
    edges: [
      { id: 'e0', source: 'start', sourceHandle: 'next', target: 'greet' },
      { id: 'e1', source: 'greet', sourceHandle: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', sourceHandle: 'next', target: 'confirm' },
      { id: 'e3', source: 'confirm', sourceHandle: 'next', target: 'menu' },
      { id: 'e4', source: 'menu', sourceHandle: 'no_match', target: 'menu' },
      { id: 'e5', source: 'menu', sourceHandle: 'no_input', target: 'menu' },
    ],
    variables: [],
    settings: { language: 'en', noInputTimeoutMs: 8000 },
  };
}

async function main() {
  await prepareBenchDb('vp_bench_capacity');
  const { db, disconnectDb } = await import('#server/db.ts');
  const { createLogger } = await import('#server/logger.ts');
  const { createRedis } = await import('#server/redis.ts');
  const { createCredentialsService } = await import('#server/secrets/credentials.server.ts');
  const { keyringFromEnv } = await import('#server/secrets/master-keys.ts');
  const { forgetRoutes } = await import('#server/telephony/inbound-route.server.ts');
  const { addMember, createProject, createPublishedAgent, createUser } =
    await import('../tests/support/factories.ts');
  const { startVoiceStack } = await import('../media-server/src/wiring/voice-stack.ts');
  const { getEspeakPool } = await import('../media-server/src/providers/tts/espeak-pool.ts');
  const { vadBatchStats } = await import('../media-server/src/audio/silero-vad.ts');
  const { latenessPercentile } = await import('../media-server/src/rtp/media-clock.ts');
  const { freePort, freeUdpRange } =
    await import('../media-server/src/sip-gateway/test-support/free-port.ts');

  const speechKit = await child('--speechkit');
  const caller = await child('--caller');
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
  const stream = `events:calls:capacity:${process.pid}`;

  const projectId = (await createProject(db(), 'Capacity')).id;
  const owner = await createUser(db());
  await addMember(db(), projectId, owner.id, 'owner');
  const accountId = crypto.randomUUID();
  const credential = await createCredentialsService(db(), keyringFromEnv()).create(
    projectId,
    { name: `provider:${accountId}`, kind: 'api_key', secret: 'AQVN-bench' },
    { actorUserId: owner.id, actorType: 'user' },
  );
  await db().providerAccount.create({
    data: {
      id: accountId,
      projectId,
      name: 'SpeechKit',
      provider: 'yandex',
      settings: { folderId: 'b1g-bench', baseUrl: `http://127.0.0.1:${speechKit.port}` },
      credentialId: credential.id,
    },
  });
  const flow = loopFlow();
  await createPublishedAgent(db(), projectId, {
    name: 'Capacity agent',
    language: 'en',
    graph: {
      ...flow,
      settings: { ...flow.settings, speech: { recognizer: { providerId: accountId, language: 'en-US' } } },
    },
    address: 'capacity',
  });
  forgetRoutes();
  const recordings = mkdtempSync(join(tmpdir(), 'capacity-rec-'));
  const maxCalls = Math.max(...STEPS);
  const stack = await startVoiceStack({
    redis,
    logger: createLogger('capacity', 'warn'),
    sip: {
      host: '127.0.0.1',
      port: 0,
      rtpPorts: await freeUdpRange(2 * maxCalls + 40),
      maxCalls: maxCalls + 10,
      allowHosts: ['127.0.0.1'],
    },
    maxCallsPerProject: maxCalls + 10,
    eventsStream: stream,
    recordingDir: recordings,
    providerAllowHosts: ['127.0.0.1'],
  });
  const profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 2000 });

  const scenario = join(here, '../media-server/test-fixtures/sip/uac-load.xml');
  const cores = cpus().length;
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${cores} cores`,
  );

  interface Step {
    calls: number;
    held: number;
    spacingP50: number;
    spacingP99: number;
    spacingMax: number;
    /** How late the media server's own clock ticked (p99, max): the sender's share of the spacing. */
    clockLatenessP99: number;
    clockLatenessMax: number;
    replies: number;
    replyP50: number;
    replyP95: number;
    mediaCpuPercent: number;
    espeakCpuPercent: number;
    espeakThreadPercent: number;
    /** Windows per VAD inference: every call's ready windows run as one batch. */
    vadBatch: number;
    /** The voice detector thread's time on inferences, and windows it was too late for (loudness stood in). */
    vadThreadPercent: number;
    vadFallbackWindows: number;
    sippCpuPercent: number;
    callerCpuPercent: number;
    sttServerCpuPercent: number;
    failedCalls: number;
    profile: Record<string, number>;
    pass: boolean;
  }
  // Warm-up, not measured: one call fills the prompt cache with the agent's sentences (as a running
  // install's cache holds its prompts), so the steps measure calls rather than the first synthesis.
  const sippArgs = async (calls: number, holdMs: number) => [
    '-sf',
    scenario,
    '-s',
    'capacity',
    '-i',
    '127.0.0.1',
    '-p',
    String(await freePort()),
    '-key',
    'rtpport',
    String(caller.port),
    '-nostdin',
    '-timeout',
    `${Math.ceil((holdMs * 2) / 1000) + 30}s`,
    '-timeout_error',
    '-r',
    String(RATE),
    '-l',
    String(calls),
    '-m',
    String(calls),
    '-d',
    String(holdMs),
    `127.0.0.1:${stack.sip.port}`,
  ];
  await runSipp(await sippArgs(1, 14_000));
  await sleep(1000);
  const steps: Step[] = [];
  for (const calls of STEPS) {
    await redis.del(stream);
    const rampMs = (calls / RATE) * 1000;
    const holdMs = Math.round(rampMs + SETTLE_MS + WINDOW_MS + 1000);
    const failedBefore = stack.sip.stats().callsFailed;
    const sipp = runSipp(await sippArgs(calls, holdMs));
    await sleep(rampMs + SETTLE_MS);
    const held = stack.gateway.registry.active;
    // The window: every call up and talking.
    caller.proc.send('reset');
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const self0 = procCpu(process.pid);
    const sipp0 = procCpu(sipp.pid);
    const caller0 = procCpu(caller.proc.pid);
    const stt0 = procCpu(speechKit.proc.pid);
    const espeak0 = getEspeakPool().stats().busyMs;
    const vad0 = vadBatchStats();
    const clock0 = stack.sip.mediaClockLateness();
    await profiler.post('Profiler.start');
    await sleep(WINDOW_MS);
    const { profile } = await profiler.post('Profiler.stop');
    // For Chrome DevTools or a script: the main thread's profile of this step's window.
    if (process.env.BENCH_CAPACITY_PROFILE_DIR)
      writeFileSync(
        join(process.env.BENCH_CAPACITY_PROFILE_DIR, `call-capacity-${calls}.cpuprofile`),
        JSON.stringify(profile),
      );
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const self1 = procCpu(process.pid);
    const pct = (seconds: number) => round((100 * seconds) / elapsed, 1);
    const sipp1 = procCpu(sipp.pid);
    const spacing = await ask<SpacingReport>(caller.proc, 'report');
    const clock1 = stack.sip.mediaClockLateness();
    const t1 = Date.now();
    const result = await sipp;
    const events = (await redis.xrange(stream, '-', '+')).map(
      ([, f]) =>
        JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as {
          type: string;
          trigger?: string;
          at?: number;
          timings?: { responseMs?: number };
        },
    );
    if (process.env.BENCH_CAPACITY_DEBUG) {
      const types: Record<string, number> = {};
      for (const e of events)
        types[`${e.type}:${e.trigger ?? ''}`] = (types[`${e.type}:${e.trigger ?? ''}`] ?? 0) + 1;
      console.log(
        JSON.stringify(types),
        t0,
        t1,
        JSON.stringify(events.filter((e) => e.type === 'turn.completed').slice(0, 3)),
      );
    }
    const replies = events
      .filter(
        (e) =>
          e.type === 'turn.completed' &&
          e.trigger === 'utterance' &&
          (e.at ?? 0) >= t0 &&
          (e.at ?? 0) <= t1 &&
          e.timings?.responseMs !== undefined,
      )
      .map((e) => e.timings!.responseMs!);
    const failedCalls =
      stack.sip.stats().callsFailed - failedBefore + (result.code === 0 ? 0 : 1) + Math.max(0, calls - held);
    const step: Step = {
      calls,
      held,
      spacingP50: round(spacing.p50, 2),
      spacingP99: round(spacing.p99, 2),
      spacingMax: round(spacing.max, 2),
      clockLatenessP99: round(latenessPercentile(clock0, clock1, 0.99), 2),
      clockLatenessMax: round(latenessPercentile(clock0, clock1, 1), 2),
      replies: replies.length,
      replyP50: round(percentile(replies, 50), 0),
      replyP95: round(percentile(replies, 95), 0),
      mediaCpuPercent: pct((cpu.user + cpu.system) / 1e6),
      espeakCpuPercent: pct(self1.children - self0.children),
      espeakThreadPercent: pct((getEspeakPool().stats().busyMs - espeak0) / 1000),
      vadBatch: round(
        (vadBatchStats().windows - vad0.windows) / Math.max(1, vadBatchStats().runs - vad0.runs),
        1,
      ),
      vadThreadPercent: pct((vadBatchStats().busyMs - vad0.busyMs) / 1000),
      vadFallbackWindows: vadBatchStats().fallbackWindows - vad0.fallbackWindows,
      sippCpuPercent: pct(sipp1.own - sipp0.own),
      callerCpuPercent: pct(procCpu(caller.proc.pid).own - caller0.own),
      sttServerCpuPercent: pct(procCpu(speechKit.proc.pid).own - stt0.own),
      failedCalls,
      profile: bucketProfile((profile as { nodes: ProfileNode[] }).nodes),
      pass: false,
    };
    step.pass =
      step.spacingP99 <= SPACING_LIMIT_MS &&
      (replies.length === 0 ? false : step.replyP95 <= REPLY_LIMIT_MS) &&
      failedCalls === 0;
    steps.push(step);
    console.log(
      `${calls} calls (held ${held}): RTP spacing p50 ${step.spacingP50} p99 ${step.spacingP99} max ${step.spacingMax} ms (clock late p99 ${step.clockLatenessP99} max ${step.clockLatenessMax} ms); ` +
        `replies ${replies.length}, p50 ${step.replyP50} p95 ${step.replyP95} ms; CPU media server ${step.mediaCpuPercent}%, ` +
        `espeak threads busy (wall time) ${step.espeakThreadPercent}%, voice processes ${step.espeakCpuPercent}%, sipp ${step.sippCpuPercent}%, callers ${step.callerCpuPercent}%, stt server ${step.sttServerCpuPercent}%; ` +
        `VAD windows per inference ${step.vadBatch}, its thread busy ${step.vadThreadPercent}%, stood in by loudness ${step.vadFallbackWindows}; failed ${failedCalls}; ${step.pass ? 'ok' : 'LIMIT'} — load ${loadavg()[0]?.toFixed(2)}`,
    );
    console.log(`  media server CPU by part (% of its busy samples): ${JSON.stringify(step.profile)}`);
    if (process.env.BENCH_CAPACITY_DEBUG) {
      console.log([...otherUrls].sort((a, b) => b[1] - a[1]).slice(0, 12));
      console.log(
        `  top functions (self, % of busy):\n    ${topFunctions((profile as { nodes: ProfileNode[] }).nodes).join('\n    ')}`,
      );
    }
    if (result.code !== 0) console.log(result.output.slice(-800));
    // On a machine others load, BENCH_CAPACITY_KEEP_GOING=1 goes on past the limit, so the media server's
    // CPU per call can still be read from how it grows with the calls.
    if (!step.pass && !process.env.BENCH_CAPACITY_KEEP_GOING) break;
    await sleep(1500);
  }

  await stack.drain(2000);
  await stack.close();
  profiler.disconnect();
  caller.proc.kill();
  speechKit.proc.kill();
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
  rmSync(recordings, { recursive: true, force: true });

  const limit = steps.find((s) => !s.pass);
  const best = steps.filter((s) => s.pass && (!limit || s.calls < limit.calls)).at(-1);
  // The media server's CPU (main thread and espeak threads) each added call costs, from the first step
  // to the largest held without failed calls: what the machine's cores would hold were they its own.
  const first = steps[0];
  const last = steps.filter((s) => s.failedCalls === 0).at(-1);
  const perCall =
    first && last && last.calls > first.calls
      ? (last.mediaCpuPercent - first.mediaCpuPercent) / (last.calls - first.calls)
      : undefined;
  console.log(
    JSON.stringify({
      cores,
      load_average_1m_at_end: round(loadavg()[0] ?? NaN, 2),
      calls_held: best?.calls ?? 0,
      calls_held_per_core: round((best?.calls ?? 0) / cores, 1),
      limit_reached_at_calls: limit?.calls ?? null,
      limit_reason: limit
        ? limit.failedCalls > 0
          ? 'failed_calls'
          : limit.spacingP99 > SPACING_LIMIT_MS
            ? 'rtp_spacing_p99'
            : 'reply_p95'
        : 'steps_exhausted',
      rtp_spacing_p99_ms_at_held: best?.spacingP99 ?? null,
      reply_p50_ms_at_held: best?.replyP50 ?? null,
      reply_p95_ms_at_held: best?.replyP95 ?? null,
      media_server_cpu_percent_at_held: best?.mediaCpuPercent ?? null,
      calls_per_media_server_core: best
        ? round((best.calls * 100) / Math.max(1, best.mediaCpuPercent), 1)
        : null,
      media_server_cpu_parts_percent_at_held: best?.profile ?? null,
      media_server_cpu_percent_per_added_call: perCall === undefined ? null : round(perCall, 2),
      calls_per_core_by_cpu_slope: perCall ? round(100 / perCall, 1) : null,
      media_server_cpu_parts_percent_at_largest: last?.profile ?? null,
      steps: steps.map((s) => ({
        calls: s.calls,
        spacing_p99_ms: s.spacingP99,
        reply_p95_ms: s.replyP95,
        replies: s.replies,
        media_cpu_percent: s.mediaCpuPercent,
        espeak_threads_busy_wall_percent: s.espeakThreadPercent,
        voice_processes_cpu_percent: s.espeakCpuPercent,
        spacing_p50_ms: s.spacingP50,
        clock_lateness_p99_ms: s.clockLatenessP99,
        clock_lateness_max_ms: s.clockLatenessMax,
        vad_windows_per_inference: s.vadBatch,
        vad_thread_busy_percent: s.vadThreadPercent,
        vad_windows_stood_in_by_loudness: s.vadFallbackWindows,
        failed_calls: s.failedCalls,
        sipp_cpu_percent: s.sippCpuPercent,
        callers_cpu_percent: s.callerCpuPercent,
      })),
    }),
  );
  process.exit(0);
}

// Last, so every constant above exists when the chosen role runs. Children end with their parent.
if (process.argv.includes('--speechkit') || process.argv.includes('--caller'))
  process.on('disconnect', () => process.exit(0));
if (process.argv.includes('--speechkit')) runSpeechKit();
else if (process.argv.includes('--caller')) await runCaller();
else await main();
