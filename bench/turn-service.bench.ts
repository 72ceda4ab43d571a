// 1,000 interleaved conversations with their state in Redis, through the conversation store (zero-delay
// fake ports): turns per second and per-turn latency. The conversations are shared by BENCH_PROCESSES
// processes (default 1; 2 runs two media-server instances on one Redis), with BENCH_CONCURRENCY turns in
// flight per process (default 8: calls whose callers have just stopped talking).
// Last line: one JSON object of figures.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createFakePorts } from '../flow-runtime/src/index.ts';
import { ConversationStore } from '../media-server/src/conversation/conversation-store.ts';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1000);
const TURNS_AFTER_START = Number(process.env.BENCH_TURNS ?? 9);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1);
const part = process.env.BENCH_PART; // "i/n" in a child process
const prefix = `bench:turns:${process.env.BENCH_RUN ?? process.pid}:`;

interface PartResult {
  latencies: number[];
  elapsedS: number;
}

/** Removes every key of one run, whatever its parts left behind (also when one of them failed). */
async function removeRunKeys(runPrefix: string) {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

if (!part) {
  // The parent: start the parts, wait for all, report the figures of the whole run.
  const run = String(process.pid);
  let results: PartResult[];
  try {
    results = await Promise.all(
      Array.from(
        { length: PROCESSES },
        (_, i) =>
          new Promise<PartResult>((ok, fail) => {
            const child = fork(import.meta.filename, {
              env: { ...process.env, BENCH_PART: `${i}/${PROCESSES}`, BENCH_RUN: run },
              execArgv: process.execArgv,
            });
            child.on('message', (m) => ok(m as PartResult));
            child.on('exit', (code) => code !== 0 && fail(new Error(`part ${i} exited ${code}`)));
          }),
      ),
    );
  } finally {
    await removeRunKeys(prefix);
  }
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const elapsedS = Math.max(...results.map((r) => r.elapsedS));
  const pct = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! * 100) /
    100;
  console.log(
    JSON.stringify({
      bench: 'turn-service',
      conversations: CONVERSATIONS,
      processes: PROCESSES,
      concurrency_per_process: Number(process.env.BENCH_CONCURRENCY ?? 8),
      turns: latencies.length,
      turns_per_s: Math.round(latencies.length / elapsedS),
      p50_ms: pct(50),
      p99_ms: pct(99),
    }),
  );
  process.exit(0);
}
const [index, of] = part.split('/').map(Number) as [number, number];

// A conversation that never ends by itself: ask for free text, echo it, ask again.
const flow = JSON.parse(
  readFileSync(new URL('../flow-runtime/fixtures/good/echo-loop-ru.json', import.meta.url), 'utf8'),
) as unknown;

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0', {
  keyPrefix: prefix,
  enableAutoPipelining: true,
});
const store = new ConversationStore(redis);
const ports = createFakePorts({});
const portsFor = () => ports;
const scope = { projectId: null, origin: 'turn-api' } as const;
const latencies: number[] = [];

async function timed<T>(work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await work();
  latencies.push(performance.now() - t0);
  return out;
}

const ids = Array.from({ length: CONVERSATIONS }, (_, i) => `c${i}`).filter((_, i) => i % of === index);
console.log(`part ${index + 1}/${of}: starting ${ids.length} conversations…`);
// Warm-up: parse and compile the flow, load the Lua script.
await store.start(
  `warmup${index}`,
  flow,
  { type: 'call_started', caller: {}, direction: 'test' },
  scope,
  portsFor,
);
await store.handle(`warmup${index}`, { type: 'utterance', text: 'прогрев' }, 'turn-api', portsFor);

/**
 * Interleaved: every conversation takes its next turn before any takes the one after. A media server has a
 * bounded number of turns in flight (one per call whose caller just stopped talking), so the work queue is
 * drained by CONCURRENCY workers; latency is measured per turn, not including time waiting in the queue.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
async function drain(jobs: (() => Promise<unknown>)[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await timed(jobs[next++]!);
    }),
  );
}
const started = performance.now();
await drain(
  ids.map(
    (id) => () =>
      store.start(id, flow, { type: 'call_started', caller: {}, direction: 'test' }, scope, portsFor),
  ),
);
for (let round = 0; round < TURNS_AFTER_START; round += 1) {
  await drain(
    ids.map(
      (id) => () =>
        store.handle(id, { type: 'utterance', text: `вопрос номер ${round}` }, 'turn-api', portsFor),
    ),
  );
  console.log(`part ${index + 1}: round ${round + 1}/${TURNS_AFTER_START} done`);
}
const elapsedS = (performance.now() - started) / 1000;

// Every conversation must be at its last turn: a lost update anywhere makes the figures meaningless.
const behind = (await Promise.all(ids.map((id) => store.read(id)))).filter(
  (st) => st?.turn !== TURNS_AFTER_START + 1,
);
if (behind.length)
  throw new Error(`lost updates: ${behind.length} conversations are not at turn ${TURNS_AFTER_START + 1}`);

await redis.quit();
process.send?.({ latencies, elapsedS } satisfies PartResult);
