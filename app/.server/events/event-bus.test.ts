// The event bus against the real Redis and Postgres: the catalogue refuses what it does not describe, and a
// consumer killed (SIGKILL) in the middle of the stream loses nothing and applies nothing twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { applyOnce } from './apply-once.server.ts';
import { BusConsumer } from './bus-consumer.ts';
import { EVENT_TYPES, parseEvent } from './event-catalogue.ts';
import { compareStreamIds } from './event-streams.ts';
import { envelopeOf } from './publish-event.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(config);
const projectId = randomUUID();

beforeAll(async () => {
  await db().$executeRawUnsafe(
    'CREATE TABLE IF NOT EXISTS bus_test_effects (event_id uuid NOT NULL, consumer text NOT NULL)',
  );
});
afterAll(async () => {
  await redis.quit();
  await disconnectDb();
});

describe('the catalogue', () => {
  it('declares every family the platform speaks about', () => {
    for (const type of [
      'call.started',
      'call.ringing',
      'turn.completed',
      'call.transferred',
      'call.ended',
      'call.alert',
    ])
      expect(EVENT_TYPES).toContain(type);
    for (const family of ['handoff.', 'campaign.', 'message.', 'cost.', 'budget.'])
      expect(EVENT_TYPES.some((t) => t.startsWith(family))).toBe(true);
  });

  it('validates data at publish and at read, by version', () => {
    const event = envelopeOf({
      type: 'turn.completed',
      projectId,
      data: { callId: 'c1', turn: 1, callerText: 'hello', reply: 'Hi!', nodeId: 'ask', nodePath: ['ask'] },
    });
    expect(event.version).toBe(1);
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    // Data that does not fit its schema never gets onto the bus…
    expect(() =>
      envelopeOf({ type: 'turn.completed', projectId, data: { callId: 'c1' } as never }),
    ).toThrow();
    // …and what another producer wrote wrong, or at a version nobody knows, is not read.
    expect(parseEvent({ ...event, version: 99 })).toBeNull();
    expect(parseEvent({ ...event, type: 'call.exploded' })).toBeNull();
    expect(parseEvent({ ...event, data: { callId: 5 } })).toBeNull();
    expect(parseEvent({ ...event, projectId: 'nope' })).toBeNull();
  });

  it('orders stream ids as numbers', () => {
    expect(compareStreamIds('999-0', '1000-0')).toBe(-1);
    expect(compareStreamIds('1000-10', '1000-9')).toBe(1);
    expect(compareStreamIds('5-5', '5-5')).toBe(0);
  });
});

function startChild(stream: string, group: string, consumer: string, delayMs: number): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'test-support/consumer-child.ts'),
      stream,
      group,
      consumer,
      String(delayMs),
    ],
    { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

function waitForApplied(child: ChildProcess, atLeast: number): Promise<void> {
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const counts = [...out.matchAll(/applied (\d+)/g)].map((m) => Number(m[1]));
      if ((counts.at(-1) ?? 0) >= atLeast) ok();
    });
    child.on('exit', (code) => fail(new Error(`consumer exited (${code}) before applying ${atLeast}`)));
  });
}

async function effects(consumers: string[]) {
  return db().$queryRawUnsafe<{ event_id: string; n: bigint }[]>(
    'SELECT event_id::text, count(*) AS n FROM bus_test_effects WHERE consumer = ANY($1) GROUP BY event_id',
    consumers,
  );
}

describe('consumer groups', () => {
  it('a consumer killed mid-stream loses nothing and applies nothing twice', async () => {
    const stream = `events:bus:t${randomUUID().slice(0, 8)}`;
    const group = `g-${randomUUID().slice(0, 8)}`;
    const total = 120;
    const ids: string[] = [];
    for (let i = 0; i < total; i++) {
      const event = envelopeOf({
        type: 'call.ringing',
        projectId,
        data: { callId: `c${i}`, from: '+1', to: '+2' },
      });
      ids.push(event.id);
      await redis.xadd(stream, '*', 'type', event.type, 'event', JSON.stringify(event));
    }
    const a = startChild(stream, group, 'killed', 15);
    await waitForApplied(a, 30);
    a.kill('SIGKILL');
    await new Promise((ok) => a.once('exit', ok));
    const before = await effects(['killed']);
    expect(before.length).toBeGreaterThanOrEqual(30);
    expect(before.length).toBeLessThan(total);

    // A second consumer takes over: its own reads, then what the dead one held (claimed once idle).
    const b = startChild(stream, group, 'survivor', 0);
    try {
      for (let i = 0; i < 900; i++) {
        const pending = (await redis.xpending(stream, group)) as [number];
        const done = await effects(['killed', 'survivor']);
        if (done.length === total && Number(pending[0]) === 0) break;
        await new Promise((ok) => setTimeout(ok, 100));
      }
    } finally {
      b.kill('SIGKILL');
    }
    const rows = await effects(['killed', 'survivor']);
    expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    expect(Number(((await redis.xpending(stream, group)) as [number])[0])).toBe(0);
    // Two child processes start tsx: slow on a loaded machine (a limit, not a timing assertion).
  }, 120_000);

  it('an event delivered again (the consumer died after its commit, before the ack) is skipped', async () => {
    const group = `g-${randomUUID().slice(0, 8)}`;
    const eventId = randomUUID();
    let runs = 0;
    const work = async () => {
      runs += 1;
    };
    expect(await applyOnce(db(), group, eventId, work)).toBe(true);
    expect(await applyOnce(db(), group, eventId, work)).toBe(false);
    expect(runs).toBe(1);
  });

  it('a failing handler leaves the event pending and it is handled on retry', async () => {
    const stream = `events:bus:t${randomUUID().slice(0, 8)}`;
    const group = `g-${randomUUID().slice(0, 8)}`;
    const event = envelopeOf({ type: 'call.ringing', projectId, data: { callId: 'x', from: '1', to: '2' } });
    await redis.xadd(stream, '*', 'type', event.type, 'event', JSON.stringify(event));
    await redis.xadd(stream, '*', 'event', '{"not":"an event"}');
    const conn = createRedis(config);
    let attempts = 0;
    const seen: string[] = [];
    const consumer = new BusConsumer({
      redis: conn,
      logger: createLogger('t', 'silent'),
      stream,
      group,
      consumer: 'one',
      startAt: '0',
      blockMs: 100,
      handle: async (e) => {
        attempts += 1;
        if (attempts === 1) throw new Error('database away');
        seen.push(e.id);
      },
    });
    await consumer.start();
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((ok) => setTimeout(ok, 50));
    for (let i = 0; i < 50; i++) {
      if (Number(((await redis.xpending(stream, group)) as [number])[0]) === 0) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    await consumer.stop();
    await conn.quit();
    expect(seen).toEqual([event.id]);
    expect(Number(((await redis.xpending(stream, group)) as [number])[0])).toBe(0);
  });
});
