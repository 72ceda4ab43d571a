// SIPp load against the embedded SIP gateway, every call's leg playing audio without pause.
// Phase 1 holds BENCH_SIP_CALLS calls (default 100) for BENCH_SIP_HOLD_MS (default 10 s); their RTP goes to
// a sink in a separate process, which measures packet spacing per stream from arrival times.
// Phase 2 places short calls at BENCH_SIP_RATE per second (default 100) to measure the setup rate.
// Needs `sipp` (Debian package sip-tester). Last line: one JSON object of figures.
import { fork, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createLogger } from '#server/logger.ts';
import { createSipGateway } from '../media-server/src/sip-gateway/sip-gateway.ts';
import { freePort, freeUdpRange } from '../media-server/src/sip-gateway/test-support/free-port.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CALLS = Number(process.env.BENCH_SIP_CALLS ?? 100);
const HOLD_MS = Number(process.env.BENCH_SIP_HOLD_MS ?? 10_000);
const RATE = Number(process.env.BENCH_SIP_RATE ?? 100);
const RATE_CALLS = Number(process.env.BENCH_SIP_RATE_CALLS ?? 300);

interface SinkReport {
  streams: number;
  packets: number;
  p50: number;
  p99: number;
  max: number;
}

if (process.argv.includes('--rtp-sink')) runSink();
else await main();

/** Child process: records the gap between consecutive packets of each SSRC. */
function runSink() {
  const socket = dgram.createSocket('udp4');
  const last = new Map<number, number>();
  const gaps: number[] = [];
  let packets = 0;
  socket.on('message', (data) => {
    const now = performance.now();
    if (data.length < 12) return;
    packets += 1;
    const ssrc = data.readUInt32BE(8);
    const previous = last.get(ssrc);
    if (previous !== undefined) gaps.push(now - previous);
    last.set(ssrc, now);
  });
  socket.bind(0, '127.0.0.1', () => process.send?.({ port: socket.address().port }));
  process.on('message', () => {
    gaps.sort((a, b) => a - b);
    const at = (q: number) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? NaN;
    const report: SinkReport = { streams: last.size, packets, p50: at(0.5), p99: at(0.99), max: at(1) };
    process.send?.(report, () => process.exit(0));
  });
}

function runSipp(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { cwd: '/tmp', stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
    child.once('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

async function main() {
  const sink = fork(fileURLToPath(import.meta.url), ['--rtp-sink'], { execArgv: ['--import', 'tsx'] });
  const sinkPort = await new Promise<number>((resolve) =>
    sink.once('message', (m) => resolve((m as { port: number }).port)),
  );

  const tone = new Int16Array(160);
  for (let i = 0; i < 160; i += 1) tone[i] = Math.round(6000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  const answeredAt: number[] = [];
  const gateway = await createSipGateway({
    host: '127.0.0.1',
    port: 0,
    rtpPorts: await freeUdpRange(2 * (CALLS + RATE_CALLS) + 40),
    logger: createLogger('bench', 'warn'),
    route: () => ({
      accept: true,
      onLeg: (leg) => {
        answeredAt.push(performance.now());
        for (let i = 0; i < 3000; i += 1) leg.play(tone); // 60 s of audio, one shared frame
      },
    }),
  });
  const scenario = join(here, '../media-server/test-fixtures/sip/uac-load.xml');
  const sippBase = async () => [
    '-sf',
    scenario,
    '-s',
    'agent',
    '-i',
    '127.0.0.1',
    '-p',
    String(await freePort()),
    '-key',
    'rtpport',
    String(sinkPort),
    '-nostdin',
    '-timeout',
    '120s',
    '-timeout_error',
  ];

  // Phase 1: concurrent calls held with audio playing.
  const rssBefore = process.memoryUsage().rss;
  let peakCalls = 0;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakCalls = Math.max(peakCalls, gateway.activeCalls);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  console.log(`phase 1: ${CALLS} calls held ${HOLD_MS} ms`);
  const hold = await runSipp([
    ...(await sippBase()),
    '-r',
    '50',
    '-l',
    String(CALLS),
    '-m',
    String(CALLS),
    '-d',
    String(HOLD_MS),
    `127.0.0.1:${gateway.port}`,
  ]);
  clearInterval(sampler);
  if (hold.code !== 0) console.log(hold.output);
  const phase1 = gateway.stats();
  sink.send('report');
  const spacing = await new Promise<SinkReport>((resolve) =>
    sink.once('message', (m) => resolve(m as SinkReport)),
  );
  console.log(
    `held ${peakCalls} calls; sipp exit ${hold.code}; RTP spacing p50 ${spacing.p50.toFixed(2)} ms, p99 ${spacing.p99.toFixed(2)} ms, max ${spacing.max.toFixed(2)} ms over ${spacing.streams} streams`,
  );

  // Phase 2: setup rate with short calls.
  answeredAt.length = 0;
  console.log(`phase 2: ${RATE_CALLS} short calls at ${RATE}/s`);
  const burst = await runSipp([
    ...(await sippBase()),
    '-r',
    String(RATE),
    '-l',
    String(RATE_CALLS),
    '-m',
    String(RATE_CALLS),
    '-d',
    '200',
    `127.0.0.1:${gateway.port}`,
  ]);
  if (burst.code !== 0) console.log(burst.output);
  const setupSpan = ((answeredAt.at(-1) ?? 0) - (answeredAt[0] ?? 0)) / 1000;
  const setupRate = setupSpan > 0 ? (answeredAt.length - 1) / setupSpan : NaN;
  const final = gateway.stats();
  console.log(`answered ${answeredAt.length} calls at ${setupRate.toFixed(1)}/s; sipp exit ${burst.code}`);
  await gateway.close();

  const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
  console.log(
    JSON.stringify({
      concurrent_calls_held: peakCalls,
      failed_calls_hold:
        (hold.code === 0 ? 0 : 1) * Math.max(1, CALLS - phase1.callsSetup) + phase1.callsFailed,
      rtp_spacing_p50_ms: round(spacing.p50),
      rtp_spacing_p99_ms: round(spacing.p99),
      rtp_spacing_max_ms: round(spacing.max),
      rtp_packets_received: spacing.packets,
      setup_rate_calls_per_s: round(setupRate, 1),
      failed_calls_rate_phase: final.callsFailed - phase1.callsFailed + (burst.code === 0 ? 0 : 1),
      memory_per_call_kb: round((peakRss - rssBefore) / 1024 / Math.max(1, peakCalls), 1),
      media_clock_late_ticks: final.mediaClockLateTicks,
    }),
  );
}
