// Handoff routing under load in the real PostgreSQL and Redis (issue 20): 200 callers transferred to one
// queue, one every 10 ms, for 20 simulated operators who accept after 20–80 ms (one offer in ten declined),
// talk 100–400 ms and go back online. Two routing passes run at once (two workers processes), kicked on
// every transfer and every freed operator, as the workers' loop is. Figures: time from the Transfer (the
// handoff row written) to the operator's offer, for callers who found an operator free and for all;
// and whether any call was ever offered to two operators, or any operator held two offers.
// Usage: npm run bench -- handoff [calls] [operators]. The last line is one JSON object of figures.
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';

await prepareBenchDb('vp_bench_handoff');
const { db, disconnectDb } = await import('#server/db.ts');
const { createRedis } = await import('#server/redis.ts');
const { redisEnv } = await import('#server/env/env-schema.ts');
const { parseEnv } = await import('#server/env/load-env.ts');
const routing = await import('#server/handoffs/handoff-routing.server.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');

const CALLS = Number(process.argv[2] ?? 200);
const OPERATORS = Number(process.argv[3] ?? 20);
const log = (message: string) => process.stderr.write(`${message}\n`);
const redis = createRedis(parseEnv(redisEnv, 'bench'));
const deps = { db: db(), redis };
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

const projectId = (await createProject(db(), 'Handoff bench')).id;
await db().handoffQueue.create({
  data: {
    projectId,
    name: 'reception',
    languages: ['ru'],
    topics: [],
    maxWaitSeconds: 3600,
    offerTimeoutSeconds: 60,
  },
});
const operators: string[] = [];
for (let i = 0; i < OPERATORS; i++) {
  const user = await createUser(db());
  await addMember(db(), projectId, user.id, 'operator');
  await db().operatorPresence.create({
    data: {
      projectId,
      userId: user.id,
      status: 'online',
      languages: ['ru'],
      topics: [],
      idleSince: new Date(Date.now() - i),
    },
  });
  operators.push(user.id);
}

const transferredAt = new Map<string, number>();
const freeAtTransfer = new Set<string>();
const offerMs: number[] = [];
const offerWhenFreeMs: number[] = [];
/** What each operator holds and who holds each call, as the offers came: a second holder is a double offer. */
const holding = new Map<string, string>();
const heldBy = new Map<string, string>();
let doubleOffers = 0;
let free = OPERATORS;
let offered = 0;
let declined = 0;
let completed = 0;

async function operatorAnswers(offer: { handoffId: string; operatorUserId: string }): Promise<void> {
  await sleep(between(20, 80));
  const pass = Math.random() < 0.1;
  holding.delete(offer.operatorUserId);
  heldBy.delete(offer.handoffId);
  if (pass) {
    declined++;
    free++;
    record(await routing.passOffer(deps, projectId, offer.handoffId, offer.operatorUserId, 'declined'));
    return;
  }
  await routing.acceptOffer(deps, projectId, offer.handoffId, offer.operatorUserId);
  await sleep(between(100, 400));
  await routing.completeHandoff(deps, projectId, offer.handoffId, offer.operatorUserId);
  completed++;
  await db().operatorPresence.update({
    where: { projectId_userId: { projectId, userId: offer.operatorUserId } },
    data: { status: 'online', idleSince: new Date() },
  });
  free++;
  kick();
}

function record(offers: Awaited<ReturnType<typeof routing.dispatchProject>>): void {
  const now = performance.now();
  for (const offer of offers) {
    offered++;
    free--;
    if (holding.has(offer.operatorUserId) || heldBy.has(offer.handoffId)) doubleOffers++;
    holding.set(offer.operatorUserId, offer.handoffId);
    heldBy.set(offer.handoffId, offer.operatorUserId);
    const at = transferredAt.get(offer.handoffId);
    if (at !== undefined) {
      offerMs.push(now - at);
      if (freeAtTransfer.has(offer.handoffId)) offerWhenFreeMs.push(now - at);
      transferredAt.delete(offer.handoffId);
    }
    void operatorAnswers(offer).catch((error: unknown) => log(`operator failed: ${String(error)}`));
  }
}

// Two dispatchers, each serialised like the workers' loop (a kick during a pass runs one more after it).
const dispatchers = [0, 1].map(() => ({ running: false, again: false }));
let next = 0;
function kick(): void {
  const d = dispatchers[next++ % dispatchers.length]!;
  if (d.running) {
    d.again = true;
    return;
  }
  d.running = true;
  void (async () => {
    try {
      do {
        d.again = false;
        record(await routing.dispatchProject(deps, projectId));
      } while (d.again);
    } catch (error) {
      log(`dispatch failed: ${String(error)}`);
    }
    d.running = false;
  })();
}

const started = performance.now();
for (let i = 0; i < CALLS; i++) {
  const t0 = performance.now();
  const handoff = await db().$transaction((tx) =>
    routing.enqueueHandoff(tx, {
      projectId,
      queueName: 'reception',
      callId: crypto.randomUUID(),
      packet: {
        reason: 'asked_for_person',
        summary: `Caller ${i}`,
        language: 'ru',
        slots: {},
        transcriptExcerpt: [],
      },
    }),
  );
  transferredAt.set(handoff!.id, t0);
  if (free > 0) freeAtTransfer.add(handoff!.id);
  kick();
  await sleep(10);
}
log('all transferred');
while (completed < CALLS && performance.now() - started < 120_000) await sleep(50);
// The rows agree: every call completed by exactly one operator, nobody left offered or busy.
const rows = await db().handoff.groupBy({ by: ['status'], where: { projectId }, _count: { _all: true } });
log(`statuses: ${JSON.stringify(rows.map((r) => [r.status, r._count._all]))}; declined ${declined}`);
const figures = {
  calls: CALLS,
  operators: OPERATORS,
  completed,
  offers: offered,
  declined,
  double_offers: doubleOffers,
  transfer_to_offer_when_free_p50_ms: round(percentile(offerWhenFreeMs, 50), 1),
  transfer_to_offer_when_free_p95_ms: round(percentile(offerWhenFreeMs, 95), 1),
  free_at_transfer_calls: offerWhenFreeMs.length,
  transfer_to_offer_all_p50_ms: round(percentile(offerMs, 50), 1),
  transfer_to_offer_all_p95_ms: round(percentile(offerMs, 95), 1),
  total_s: round((performance.now() - started) / 1000, 2),
};
await redis.quit();
await disconnectDb();
console.log(JSON.stringify(figures));
