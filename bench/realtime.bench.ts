// The realtime gateway under load, against the real PostgreSQL (API-key authentication of each subscribe)
// and Redis (the bus): 1,000 WebSocket clients subscribed to one project, events published at a rising
// rate; deliveries per second and publish-to-delivery latency (p50/p99) per rate. Then 100 clients stop
// reading while events keep coming: the server's memory stays bounded (each is told to resync and dropped).
// The clients run in a process of their own (bench/support/realtime-clients.ts); they still share the
// machine's 2 cores with the server, so figures are a lower bound. The memory figures are the server's alone.
// Progress goes to stdout; the last line is one JSON object of figures.
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareBenchDb, round } from './support/bench-db.ts';
import type { ClientCommand, ClientReply } from './support/realtime-clients.ts';

await prepareBenchDb('vp_bench_realtime');
process.env.REDIS_PREFIX = `vpbench-realtime-${process.pid}`;
process.env.LOG_LEVEL = 'silent';
const { db, disconnectDb } = await import('#server/db.ts');
const { createLogger } = await import('#server/logger.ts');
const { createRedis } = await import('#server/redis.ts');
const { issueApiKeyToken } = await import('#server/api-keys/api-key-token.ts');
const { publishEvent } = await import('#server/events/publish-event.ts');
const { RealtimeHub } = await import('#server/realtime/realtime-hub.ts');
const { attachRealtimeWebSocket, REALTIME_PATH } = await import('#server/realtime/websocket-gateway.ts');
const { createProject } = await import('../tests/support/factories.ts');

const CLIENTS = 1000;
const STALLED = 100;
const RATES = [10, 25, 50, 75];
const PHASE_S = 4;

const config = {
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  REDIS_PREFIX: process.env.REDIS_PREFIX,
};
const project = await createProject(db(), 'Bench realtime');
const key = issueApiKeyToken();
await db().apiKey.create({
  data: {
    projectId: project.id,
    name: 'bench',
    role: 'supervisor',
    prefix: key.prefix,
    secretHash: key.secretHash,
  },
});

const hub = new RealtimeHub({
  redis: createRedis(config),
  reader: createRedis(config),
  logger: createLogger('bench', 'silent'),
  maxQueue: 1000,
});
await hub.start();
const server = createServer((_req, res) => res.writeHead(404).end());
attachRealtimeWebSocket(server, {
  hub: async () => hub,
  logger: createLogger('bench', 'silent'),
  publicUrl: 'http://localhost',
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${REALTIME_PATH}`;
const publisher = createRedis(config);

const clients = fork(new URL('./support/realtime-clients.ts', import.meta.url), {
  execArgv: ['--import', 'tsx'],
});
/** Sends a command to the clients' process and waits for its answer of the given type. */
function ask<T extends ClientReply['type']>(
  command: ClientCommand,
  answer: T,
): Promise<Extract<ClientReply, { type: T }>> {
  return new Promise((ok) => {
    const listener = (reply: ClientReply) => {
      if (reply.type !== answer) return;
      clients.off('message', listener);
      ok(reply as Extract<ClientReply, { type: T }>);
    };
    clients.on('message', listener);
    clients.send(command);
  });
}

const connected = await ask(
  { type: 'connect', url, token: key.token, projectId: project.id, clients: CLIENTS },
  'connected',
);
console.log(`${CLIENTS} clients subscribed in ${round(connected.seconds, 1)} s (in their own process)`);

const payload = {
  callId: 'bench-call',
  turn: 1,
  callerText: 'Хочу записаться на приём',
  reply: 'Конечно, на какой день?',
  nodeId: 'ask',
  nodePath: ['ask'],
  latencyMs: 420,
};
const phases: Record<string, number>[] = [];
for (const rate of RATES) {
  clients.send({ type: 'reset' } satisfies ClientCommand);
  const started = performance.now();
  const total = rate * PHASE_S;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    await publishEvent(publisher, {
      type: 'turn.completed',
      projectId: project.id,
      data: { ...payload, turn: i },
    });
  }
  // Let the tail arrive.
  let counted = await ask({ type: 'count' }, 'counted');
  for (let i = 0; i < 100 && counted.delivered < total * CLIENTS; i++) {
    await new Promise((ok) => setTimeout(ok, 50));
    counted = await ask({ type: 'count' }, 'counted');
  }
  const seconds = (performance.now() - started) / 1000;
  const stats = await ask({ type: 'stats' }, 'stats');
  const phase = {
    events_per_s: rate,
    deliveries_per_s: round(counted.delivered / seconds, 0),
    delivered_ratio: round(counted.delivered / (total * CLIENTS), 4),
    p50_ms: stats.p50_ms,
    p99_ms: stats.p99_ms,
  };
  phases.push(phase);
  console.log(JSON.stringify(phase));
}

// Stalled clients: their sockets stop reading (TCP backs up), the rest keep going.
global.gc?.();
const rssBefore = process.memoryUsage().rss;
await ask({ type: 'stall', clients: STALLED }, 'stalled');
const big = { ...payload, reply: 'Конечно! '.repeat(100) };
let peakRss = rssBefore;
let peakQueued = 0;
for (let i = 0; i < 600; i++) {
  await publishEvent(publisher, { type: 'turn.completed', projectId: project.id, data: { ...big, turn: i } });
  if (i % 20 === 0) {
    await new Promise((ok) => setTimeout(ok, 20));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    peakQueued = Math.max(peakQueued, hub.queuedMessages);
  }
}
await new Promise((ok) => setTimeout(ok, 3000));
global.gc?.();
const rssAfter = process.memoryUsage().rss;
const stalled = {
  stalled_clients: STALLED,
  rss_before_mb: round(rssBefore / 1e6, 1),
  rss_peak_mb: round(peakRss / 1e6, 1),
  rss_after_mb: round(rssAfter / 1e6, 1),
  peak_queued_messages: peakQueued,
  subscriptions_left: hub.subscriptions,
  dropped_for_resync: CLIENTS - hub.subscriptions,
};
console.log(JSON.stringify(stalled));

await ask({ type: 'close' }, 'closed');
await hub.stop();
server.close();
await publisher.del('events:bus');
await publisher.quit();
await disconnectDb();
const best = phases.reduce((a, b) => ((b.deliveries_per_s ?? 0) > (a.deliveries_per_s ?? 0) ? b : a));
console.log(
  JSON.stringify({
    clients: CLIENTS,
    clients_in_own_process: true,
    max_deliveries_per_s: best.deliveries_per_s,
    at_events_per_s: best.events_per_s,
    p50_ms_at_max: best.p50_ms,
    p99_ms_at_max: best.p99_ms,
    phases,
    ...stalled,
  }),
);
process.exit(0);
