// Calls through Kamailio's dispatcher (deploy/kamailio/kamailio.cfg) with 1, 2 and 3 media servers, each its
// own process running the embedded SIP gateway (signalling and RTP sockets; no voice pipeline), announced in
// Redis with the cluster-wide project limit on (one Redis lease per call), and 200 RTP ports each: 100 calls,
// the planning figure for one media server on 2 cores. Two phases per cluster size:
// - setup rate: BENCH_CLUSTER_CALLS short calls (default 800, held 100 ms) offered at BENCH_CLUSTER_RATE/s
//   (default 400): answered calls per second of the run;
// - concurrency: BENCH_CLUSTER_HELD calls (default 400) offered at 200/s and held BENCH_CLUSTER_HOLD_MS
//   (default 4000): how many are up at once (a full server answers 503 and Kamailio tries the next).
// Caveat: Kamailio, SIPp, Redis and every media server share this machine's 2 cores, so the calls/s scaling
// understates what separate machines give. Needs kamailio and sipp. Last line: one JSON object.
import { randomUUID } from 'node:crypto';
import { createRedis } from '#server/redis.ts';
import { runSipp } from '../media-server/src/sip-gateway/test-support/sipp.ts';
import {
  startDispatcher,
  startMediaNode,
  type MediaNode,
} from '../media-server/src/cluster/test-support/cluster-bed.ts';

process.env.REDIS_URL ??= 'redis://127.0.0.1:6379/0';
const RATE = Number(process.env.BENCH_CLUSTER_RATE ?? 400);
const RATE_CALLS = Number(process.env.BENCH_CLUSTER_CALLS ?? 800);
const HELD_CALLS = Number(process.env.BENCH_CLUSTER_HELD ?? 400);
const HOLD_MS = Number(process.env.BENCH_CLUSTER_HOLD_MS ?? 4000);
const SERVERS = (process.env.BENCH_CLUSTER_SERVERS ?? '1,2,3').split(',').map(Number);

async function sipp(port: number, calls: number, rate: number, holdMs: number) {
  const started = performance.now();
  const run = await runSipp({
    scenario: 'uac-proxied.xml',
    service: 'agent',
    gatewayPort: port,
    calls,
    rate,
    limit: 5000,
    extraArgs: ['-d', String(holdMs)],
    timeoutMs: 120_000,
  });
  return { seconds: (performance.now() - started) / 1000, output: run.output };
}

async function round(servers: number) {
  const prefix = `bench-cluster-${randomUUID().slice(0, 8)}`;
  const env = { ...process.env, REDIS_PREFIX: prefix };
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: prefix });
  const nodes: MediaNode[] = await Promise.all(
    Array.from({ length: servers }, (_, i) => startMediaNode(`ms-${i}`, env, 100_000)),
  );
  const dispatcher = await startDispatcher(redis, 5);
  const answered = () => nodes.reduce((n, node) => n + node.calls(), 0);
  try {
    // Setup rate: short calls offered faster than one server takes them.
    const rate = await sipp(dispatcher.port, RATE_CALLS, RATE, 100);
    const setup = answered();
    const callsPerS = setup / Math.max(0.001, rate.seconds - 0.1);
    await new Promise((r) => setTimeout(r, 1000));
    // Concurrency: calls offered within a few seconds and held: how many are up at once.
    const before = answered();
    await sipp(dispatcher.port, HELD_CALLS, 200, HOLD_MS);
    const concurrent = answered() - before;
    const shares = nodes.map((n) => n.calls());
    console.log(
      `${servers} media server(s): ${setup}/${RATE_CALLS} short calls answered in ${rate.seconds.toFixed(1)} s ` +
        `(${callsPerS.toFixed(1)} calls/s); ${concurrent}/${HELD_CALLS} held calls up at once; shares ${shares.join('/')}`,
    );
    return { callsPerS, refused: RATE_CALLS - setup, concurrent };
  } finally {
    for (const node of nodes) node.kill();
    await dispatcher.stop();
    await redis.quit();
  }
}

const figures: Record<string, number> = {
  offered_calls_per_s: RATE,
  short_calls: RATE_CALLS,
  held_calls: HELD_CALLS,
  hold_ms: HOLD_MS,
  cores: (await import('node:os')).availableParallelism(),
};
for (const n of SERVERS) {
  const r = await round(n);
  figures[`servers_${n}_calls_per_s`] = Math.round(r.callsPerS * 10) / 10;
  figures[`servers_${n}_refused_short_calls`] = r.refused;
  figures[`servers_${n}_concurrent_calls`] = r.concurrent;
}
const one = figures.servers_1_calls_per_s;
for (const n of SERVERS.filter((s) => s > 1))
  if (one)
    figures[`scaling_${n}_over_1_ratio`] =
      Math.round((figures[`servers_${n}_calls_per_s`]! / one) * 100) / 100;
console.log(JSON.stringify(figures));
