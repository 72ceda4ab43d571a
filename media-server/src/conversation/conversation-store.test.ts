import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakePorts } from '#flow-runtime/index';
import { createRedis } from '#server/redis.ts';
import {
  ConversationExistsError,
  ConversationNotFoundError,
  ConversationStore,
} from './conversation-store.ts';

const flow = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../flow-runtime/fixtures/good/appointment-ru.json'),
    'utf8',
  ),
) as unknown;
const ports = createFakePorts({ tools: { book_appointment: { ok: true, result: { id: 'B-1' } } } });
const portsFor = () => ports;
const scope = { projectId: 'project-1', origin: 'turn-api' } as const;
const started = { type: 'call_started', caller: { number: '+79990000000' }, direction: 'inbound' } as const;
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });

afterAll(() => redis.quit());

describe('conversation store (Redis)', () => {
  let store: ConversationStore;
  beforeAll(() => {
    store = new ConversationStore(redis);
  });

  it('starts a conversation, greets and listens', async () => {
    const out = await store.start('call-greet', flow, started, scope, portsFor);
    expect(out.commands.map((c) => c.type)).toEqual(['say', 'say', 'listen']);
    expect(await redis.ttl('conv:call-greet')).toBeGreaterThan(3600);
  });

  it('refuses to start the same call twice, and unknown calls', async () => {
    await store.start('call-dup', flow, started, scope, portsFor);
    await expect(store.start('call-dup', flow, started, scope, portsFor)).rejects.toBeInstanceOf(
      ConversationExistsError,
    );
    await expect(store.handle('nope', { type: 'silence' }, 'turn-api', portsFor)).rejects.toBeInstanceOf(
      ConversationNotFoundError,
    );
  });

  it('serialises concurrent events of one call: none is lost', async () => {
    await store.start('call-burst', flow, started, scope, portsFor);
    await Promise.all(
      Array.from({ length: 5 }, () => store.handle('call-burst', { type: 'silence' }, 'turn-api', portsFor)),
    );
    expect((await store.read('call-burst'))?.turn).toBe(6);
  });

  it('lets two instances (two processes) take turns of one call without losing an update', async () => {
    const a = new ConversationStore(redis);
    const b = new ConversationStore(
      createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! }),
    );
    await a.start('call-two', flow, started, scope, portsFor);
    await Promise.all([
      a.handle('call-two', { type: 'silence' }, 'turn-api', portsFor),
      b.handle('call-two', { type: 'silence' }, 'turn-api', portsFor),
      a.handle('call-two', { type: 'silence' }, 'turn-api', portsFor),
      b.handle('call-two', { type: 'silence' }, 'turn-api', portsFor),
    ]);
    expect((await a.read('call-two'))?.turn).toBe(5);
  });

  it('continues a call after a restart: the state lives only in Redis', async () => {
    await store.start('call-restart', flow, started, scope, portsFor);
    const fresh = new ConversationStore(redis); // a new process: empty flow cache, no chains
    const out = await fresh.handle(
      'call-restart',
      { type: 'utterance', text: 'Иван Петров' },
      'turn-api',
      portsFor,
    );
    expect(out.commands.find((c) => c.type === 'say')).toMatchObject({
      text: expect.stringContaining('день'),
    });
    expect((await fresh.read('call-restart'))?.variables).toMatchObject({ name: 'Иван Петров' });
  });

  it('expires idle calls after the TTL and ended calls sooner', async () => {
    const short = new ConversationStore(redis, { ttlSeconds: 120, endedTtlSeconds: 30 });
    await short.start('call-ttl', flow, started, scope, portsFor);
    expect(await redis.ttl('conv:call-ttl')).toBeGreaterThan(100);
    await short.handle('call-ttl', { type: 'call_ended' }, 'turn-api', portsFor);
    expect(await redis.ttl('conv:call-ttl')).toBeLessThanOrEqual(30);
    await redis.del('conv:call-ttl'); // as if it expired
    await expect(short.handle('call-ttl', { type: 'silence' }, 'turn-api', portsFor)).rejects.toBeInstanceOf(
      ConversationNotFoundError,
    );
  });

  it('never lets a side effect run on outdated state when a call alternates between instances', async () => {
    const booked: unknown[] = [];
    const counting = createFakePorts({
      tools: { book_appointment: (args) => (booked.push(args), { ok: true, result: { id: 'B-7' } }) },
    });
    const portsOf = () => counting;
    const a = new ConversationStore(redis);
    const b = new ConversationStore(
      createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! }),
    );
    await a.start('call-alt', flow, started, scope, portsOf);
    await a.handle('call-alt', { type: 'utterance', text: 'Иван Петров' }, 'turn-api', portsOf);
    // B takes the date: A's remembered state (still asking for the date) is now outdated.
    await b.handle('call-alt', { type: 'utterance', text: 'пятнадцатого марта' }, 'turn-api', portsOf);
    const last = await a.handle('call-alt', { type: 'utterance', text: 'в 10 утра' }, 'turn-api', portsOf);
    expect(last.commands.at(-1)).toMatchObject({ type: 'hangup' });
    expect(booked).toEqual([expect.objectContaining({ name: 'Иван Петров', time: '10:00' })]);
  });

  it('checks freshness before a side effect and refuses every later one of a discarded run', async () => {
    const calls: string[] = [];
    const a = new ConversationStore(redis);
    const b = new ConversationStore(
      createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! }),
    );
    const recording = () =>
      createFakePorts({
        tools: { book_appointment: () => (calls.push('book'), { ok: true, result: { id: 'B-8' } }) },
      });
    await a.start('call-stale', flow, started, scope, recording);
    await a.handle('call-stale', { type: 'utterance', text: 'Анна' }, 'turn-api', recording);
    await a.handle('call-stale', { type: 'utterance', text: 'завтра' }, 'turn-api', recording);
    // B answers the time (and books); A still remembers the call as waiting for the time.
    await b.handle('call-stale', { type: 'utterance', text: 'в 11 утра' }, 'turn-api', recording);
    expect(calls).toEqual(['book']);
    await a
      .handle('call-stale', { type: 'utterance', text: 'в 12 дня' }, 'turn-api', recording)
      .catch(() => undefined);
    // A's outdated run would have booked again at 12:00; the guard stopped it.
    expect(calls).toEqual(['book']);
  });

  it('does not run the greeting again for a duplicate start', async () => {
    let runs = 0;
    await store.start('call-once', flow, started, scope, () => ((runs += 1), ports));
    await expect(
      store.start('call-once', flow, started, scope, () => ((runs += 1), ports)),
    ).rejects.toBeInstanceOf(ConversationExistsError);
    expect(runs).toBe(1);
  });

  it('runs every turn under the project the call started with, in this process and after a restart', async () => {
    const seen: (string | null)[] = [];
    const recording = (_flow: unknown, projectId: string | null) => (seen.push(projectId), ports);
    await store.start('call-scope', flow, started, { projectId: 'project-a', origin: 'media' }, recording);
    await store.handle('call-scope', { type: 'silence' }, 'media', recording);
    await new ConversationStore(redis).handle('call-scope', { type: 'silence' }, 'media', recording);
    expect(seen).toEqual(['project-a', 'project-a', 'project-a']);
    const bare: (string | null)[] = [];
    await store.start('call-bare', flow, started, { projectId: null, origin: 'turn-api' }, (_f, p) => {
      bare.push(p);
      return ports;
    });
    await new ConversationStore(redis).handle('call-bare', { type: 'silence' }, 'turn-api', (_f, p) => {
      bare.push(p);
      return ports;
    });
    expect(bare).toEqual([null, null]);
  });

  it('answers a call of another origin as not found, in this process and from Redis', async () => {
    await store.start('call-mine', flow, started, { projectId: 'project-a', origin: 'media' }, portsFor);
    for (const origin of ['turn-api', 'jambonz'] as const) {
      await expect(store.handle('call-mine', { type: 'silence' }, origin, portsFor)).rejects.toBeInstanceOf(
        ConversationNotFoundError,
      );
      await expect(
        new ConversationStore(redis).handle('call-mine', { type: 'silence' }, origin, portsFor),
      ).rejects.toBeInstanceOf(ConversationNotFoundError);
    }
    expect((await store.read('call-mine'))?.turn).toBe(1);
  });
});
