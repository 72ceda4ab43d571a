// A bus consumer in a process of its own, for the test that kills it (SIGKILL) in the middle of the stream.
// Each event's effect is a row in bus_test_effects, written through applyOnce; it prints "applied <n>".
import { createDb } from '../../db.ts';
import { createLogger } from '../../logger.ts';
import { createRedis } from '../../redis.ts';
import { applyOnce } from '../apply-once.server.ts';
import { BusConsumer } from '../bus-consumer.ts';

const [stream = '', group = '', consumer = '', delayMs = '0'] = process.argv.slice(2);
const db = createDb(process.env.DATABASE_URL!);
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let applied = 0;
const bus = new BusConsumer({
  redis,
  logger: createLogger('consumer-child', 'silent'),
  stream,
  group,
  consumer,
  startAt: '0',
  batchSize: 20,
  blockMs: 200,
  claimIdleMs: 500,
  handle: async (event) => {
    await applyOnce(db, group, event.id, async (tx) => {
      await tx.$executeRaw`INSERT INTO bus_test_effects (event_id, consumer) VALUES (${event.id}::uuid, ${consumer})`;
    });
    applied += 1;
    process.stdout.write(`applied ${applied}\n`);
    await new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
  },
});
await bus.start();
