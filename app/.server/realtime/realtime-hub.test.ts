// The realtime hub against the real Redis: two gateways on one bus, resume with lastEventId, per-role
// filtering, and a client that stops reading (bounded queue, then resync).
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import type { Role } from '#server/access/permissions.ts';
import type { DomainEvent } from '#server/events/event-catalogue.ts';
import { publishEvent } from '#server/events/publish-event.ts';
import { STREAMS } from '#server/events/event-streams.ts';
import { RealtimeHub, type RealtimeMessage } from './realtime-hub.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(config);
const logger = createLogger('hub-test', 'silent');
const hubs: RealtimeHub[] = [];
const connections: ReturnType<typeof createRedis>[] = [];

async function startHub(maxQueue = 1000): Promise<RealtimeHub> {
  const conn = createRedis(config);
  const reader = createRedis(config);
  connections.push(conn, reader);
  const hub = new RealtimeHub({ redis: conn, reader, logger, maxQueue, blockMs: 200 });
  await hub.start();
  hubs.push(hub);
  return hub;
}

class TestClient {
  messages: RealtimeMessage[] = [];
  open = true;
  canWrite = true;
  send = (m: RealtimeMessage) => {
    this.messages.push(JSON.parse(JSON.stringify(m)) as RealtimeMessage);
  };
  writable = () => this.canWrite;
  close = () => {
    this.open = false;
  };
  get events(): { id: string; event: DomainEvent }[] {
    return this.messages.flatMap((m) => (m.type === 'event' ? [{ id: m.id, event: m.event }] : []));
  }
}

const publishTurn = (projectId: string, n: number, callId = 'call-1') =>
  publishEvent(redis, {
    type: 'turn.completed',
    projectId,
    data: { callId, turn: n, reply: `reply ${n}`, nodePath: ['ask'] },
  });

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((ok) => setTimeout(ok, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const viewer = (role: Role, userId: string | null = randomUUID()) => ({ role, userId });

afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});
afterAll(async () => {
  await Promise.all([...connections, redis].map((c) => c.quit()));
});

describe('the realtime hub', () => {
  it('two gateways on one Redis: a client on each gets every event once, in order', async () => {
    const projectId = randomUUID();
    const [a, b] = [await startHub(), await startHub()];
    const [ca, cb] = [new TestClient(), new TestClient()];
    await a.subscribe({ projectId, viewer: viewer('supervisor'), client: ca });
    await b.subscribe({ projectId, viewer: viewer('supervisor'), client: cb });
    const other = randomUUID();
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) {
      ids.push((await publishTurn(projectId, i)).streamId);
      await publishTurn(other, i);
    }
    await until(() => ca.events.length >= 100 && cb.events.length >= 100, 'both clients');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(ca.events.map((e) => e.id)).toEqual(ids);
    expect(cb.events.map((e) => e.id)).toEqual(ids);
    expect(ca.events.every((e) => e.event.projectId === projectId)).toBe(true);
  });

  it('resumes after lastEventId with no gap and no duplicate, while events keep coming', async () => {
    const projectId = randomUUID();
    const hub = await startHub();
    const first = new TestClient();
    const sub = await hub.subscribe({ projectId, viewer: viewer('admin'), client: first });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await publishTurn(projectId, i)).streamId);
    await until(() => first.events.length === 30, 'the first 30');
    sub.close();
    const seen = first.events.at(-11)!.id; // the client had processed only 20 when it dropped
    for (let i = 30; i < 60; i++) ids.push((await publishTurn(projectId, i)).streamId);
    const again = new TestClient();
    // More events race the catch-up read.
    const racing = (async () => {
      for (let i = 60; i < 90; i++) ids.push((await publishTurn(projectId, i)).streamId);
    })();
    await hub.subscribe({ projectId, lastEventId: seen, viewer: viewer('admin'), client: again });
    await racing;
    await until(() => again.events.length >= 69, 'the resumed client');
    await new Promise((ok) => setTimeout(ok, 300));
    expect(again.events.map((e) => e.id)).toEqual(ids.slice(ids.indexOf(seen) + 1));
  });

  it('one call only, when subscribed to a call', async () => {
    const projectId = randomUUID();
    const hub = await startHub();
    const client = new TestClient();
    await hub.subscribe({ projectId, callId: 'call-b', viewer: viewer('supervisor'), client });
    await publishTurn(projectId, 1, 'call-a');
    const wanted = await publishTurn(projectId, 2, 'call-b');
    await until(() => client.events.length === 1, 'the call event');
    expect(client.events[0]!.id).toBe(wanted.streamId);
  });

  it('filters per role: analysts get no audio and no alerts, operators only their own handoffs', async () => {
    const projectId = randomUUID();
    const hub = await startHub();
    const operatorId = randomUUID();
    const clients = {
      supervisor: new TestClient(),
      analyst: new TestClient(),
      operator: new TestClient(),
    };
    await hub.subscribe({ projectId, viewer: viewer('supervisor'), client: clients.supervisor });
    await hub.subscribe({ projectId, viewer: viewer('analyst'), client: clients.analyst });
    await hub.subscribe({ projectId, viewer: viewer('operator', operatorId), client: clients.operator });
    await publishEvent(redis, {
      type: 'call.ended',
      projectId,
      data: { callId: 'c', reason: 'remote_hangup', durationMs: 1000, turns: 2, recordingPath: '/rec/c.wav' },
    });
    await publishEvent(redis, {
      type: 'call.alert',
      projectId,
      data: { callId: 'c', rule: 'keywords', message: 'The caller said "operator"', lastTurns: [] },
    });
    await publishEvent(redis, {
      type: 'handoff.requested',
      projectId,
      data: { handoffId: 'h1', operatorUserId: operatorId },
    });
    await publishEvent(redis, {
      type: 'handoff.requested',
      projectId,
      data: { handoffId: 'h2', operatorUserId: randomUUID() },
    });
    await until(() => clients.supervisor.events.length === 4, 'the supervisor');
    await new Promise((ok) => setTimeout(ok, 300));
    const types = (c: TestClient) => c.events.map((e) => `${e.event.type}:${JSON.stringify(e.event.data)}`);
    expect(clients.supervisor.events.map((e) => e.event.type)).toEqual([
      'call.ended',
      'call.alert',
      'handoff.requested',
      'handoff.requested',
    ]);
    const ended = clients.analyst.events.find((e) => e.event.type === 'call.ended')!.event;
    expect(ended.data).not.toHaveProperty('recordingPath');
    expect(types(clients.analyst).some((t) => t.startsWith('call.alert'))).toBe(false);
    expect(types(clients.analyst).some((t) => t.startsWith('handoff'))).toBe(false);
    const handoffs = clients.operator.events.filter((e) => e.event.type.startsWith('handoff'));
    expect(handoffs.map((e) => (e.event.data as { handoffId: string }).handoffId)).toEqual(['h1']);
  });

  it('a client that stops reading is bounded, told to resync and dropped', async () => {
    const projectId = randomUUID();
    const hub = await startHub(50);
    const stalled = new TestClient();
    const healthy = new TestClient();
    await hub.subscribe({ projectId, viewer: viewer('supervisor'), client: stalled });
    await hub.subscribe({ projectId, viewer: viewer('supervisor'), client: healthy });
    stalled.canWrite = false;
    for (let i = 0; i < 120; i++) {
      await publishTurn(projectId, i);
      expect(hub.queuedMessages).toBeLessThanOrEqual(51);
    }
    await until(() => healthy.events.length === 120, 'the healthy client');
    expect(stalled.messages.at(-1)).toEqual({ type: 'resync', reason: 'slow_client' });
    expect(stalled.open).toBe(false);
    expect(hub.subscriptions).toBe(1);
    expect(hub.queuedMessages).toBe(0);
  });

  it('a lastEventId older than what the stream still holds gets resync, not a silent gap', async () => {
    const projectId = randomUUID();
    const stream = `${STREAMS.bus}:trim${randomUUID().slice(0, 6)}`;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push((await redis.xadd(stream, '*', 'event', JSON.stringify({ nope: i })))!);
    await redis.xtrim(stream, 'MAXLEN', 3);
    const conn = createRedis(config);
    connections.push(conn);
    const hub = new RealtimeHub({ redis: conn, logger, stream, blockMs: 200 });
    await hub.start();
    hubs.push(hub);
    const client = new TestClient();
    await hub.subscribe({ projectId, lastEventId: ids[2]!, viewer: viewer('admin'), client });
    expect(client.messages.at(-1)).toEqual({ type: 'resync', reason: 'history_trimmed' });
  });
});
