// The call-records writer against the real test database and Redis: idempotent writes, and a Postgres
// outage (a loopback proxy in front of it that refuses connections, then comes back) that loses no turn.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCallEvents } from '#server/calls/call-writer.server.ts';
import { createDb, db, disconnectDb, type Db } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import { createProject, createPublishedAgent } from '../../tests/support/factories.ts';
import { CallEventsConsumer } from './call-events-consumer.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(config);
const stream = `events:calls:${crypto.randomUUID().slice(0, 6)}`;
let projectId: string;
let agentId: string;
let versionId: string;

/** A TCP proxy to Postgres that can go down (refusing and cutting connections) and come back. */
class FlakyProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

function callEvents(callId: string, t0: number, turns: number): VoiceCallEvent[] {
  const events: VoiceCallEvent[] = [
    {
      type: 'call.started',
      callId,
      at: t0,
      projectId,
      agentId,
      versionId,
      from: '+79990001122',
      to: 'demo',
      sampleRate: 8000,
      direction: 'inbound',
    },
  ];
  for (let turn = 0; turn < turns; turn += 1) {
    const at = t0 + 1000 + turn * 3000;
    events.push({
      type: 'turn.completed',
      callId,
      at,
      turn,
      trigger: turn === 0 ? 'start' : 'utterance',
      ...(turn === 0 ? {} : { input: `Хочу записаться, шаг ${turn}`, confidence: 0.9 }),
      reply: `Ответ ${turn}`,
      nodePath: turn === 0 ? ['start', 'ask'] : ['ask'],
      timings: { runtimeMs: 3, sttMs: 120, endpointingMs: 600, responseMs: 900 + turn },
      filler: false,
      ...(turn === 0 ? {} : { speechStartAt: at - 2500, speechEndAt: at - 1000 }),
      replyAt: at,
      ...(turn === 1 ? { variables: { name: 'Анна' } } : {}),
    });
  }
  events.push({
    type: 'call.ended',
    callId,
    at: t0 + 1000 + turns * 3000,
    reason: 'flow_hangup',
    disposition: 'completed',
    durationMs: 1000 + turns * 3000,
    turns,
    sipCause: 'BYE sent by platform',
  });
  return events;
}

const xadd = (event: VoiceCallEvent) =>
  redis.xadd(stream, '*', 'type', event.type, 'event', JSON.stringify(event));

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  projectId = (await createProject(db(), 'Call records')).id;
  const published = await createPublishedAgent(db(), projectId, {
    name: 'Writer agent',
    language: 'ru',
    graph: { schemaVersion: 1, nodes: [], edges: [] },
  });
  agentId = published.agent.id;
  versionId = published.version.id;
});

afterAll(async () => {
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
});

describe('call records writer', () => {
  it('writes a call with turns, timings, offsets, path and variables, and a second delivery changes nothing', async () => {
    const callId = `idem-${crypto.randomUUID()}`;
    const batch = callEvents(callId, Date.now() - 60_000, 3).map((event, i) => ({
      sourceId: `1-${i}`,
      event,
    }));
    await applyCallEvents(db(), batch);
    await applyCallEvents(db(), batch);
    const call = await db().call.findFirstOrThrow({
      where: { externalId: callId },
      include: { turns: { orderBy: { seq: 'asc' } } },
    });
    expect(call).toMatchObject({
      projectId,
      agentId,
      versionId,
      versionNumber: 1,
      status: 'ended',
      disposition: 'completed',
      sipCause: 'BYE sent by platform',
      turnCount: 3,
      path: ['start', 'ask', 'ask', 'ask'],
      variables: { name: 'Анна' },
      maxResponseMs: 902,
    });
    expect(call.turns.map((t) => [t.speaker, t.text])).toEqual([
      ['agent', 'Ответ 0'],
      ['caller', 'Хочу записаться, шаг 1'],
      ['agent', 'Ответ 1'],
      ['caller', 'Хочу записаться, шаг 2'],
      ['agent', 'Ответ 2'],
    ]);
    expect(call.turns[1]).toMatchObject({ startMs: 1500, endMs: 3000, confidence: 0.9 });
    expect(call.turns[2]).toMatchObject({ startMs: 4000, nodeId: 'ask', responseMs: 901 });
    expect(call.turns[2]!.timings).toMatchObject({ sttMs: 120, endpointingMs: 600 });
  });

  it('files tool calls, knowledge passages found, barge-ins, fillers, keypad, transfers with their handoff packet, and errors', async () => {
    const callId = `events-${crypto.randomUUID()}`;
    const t0 = Date.now() - 30_000;
    const [started] = callEvents(callId, t0, 0);
    const handoff = {
      reason: 'caller asked for a person',
      summary: 'Wants a cleaning',
      slots: { name: 'Анна' },
    };
    const events: VoiceCallEvent[] = [
      started!,
      {
        type: 'turn.completed',
        callId,
        at: t0 + 4000,
        turn: 0,
        trigger: 'start',
        reply: 'Проверяю расписание',
        nodePath: ['start', 'book'],
        timings: { runtimeMs: 40 },
        filler: true,
        toolCalls: [
          {
            nodeId: 'book',
            name: 'calendar.find',
            args: { day: 'fri' },
            ok: false,
            durationMs: 35,
            error: 'timeout',
          },
          {
            nodeId: 'book',
            name: 'calendar.find',
            args: { day: 'sat' },
            ok: true,
            durationMs: 80,
            status: 200,
            result: { slots: ['10:00', '12:30'] },
          },
        ],
        knowledge: [
          {
            nodeId: 'faq',
            query: 'сколько стоит чистка',
            chunks: [{ id: 'c1', source: 'Прайс-лист', score: 0.82 }],
          },
        ],
      },
      { type: 'call.dead_air_filler', callId, at: t0 + 3000, text: 'Секунду…', waitedMs: 1500 },
      {
        type: 'call.barge_in',
        callId,
        at: t0 + 5000,
        onsetAt: t0 + 4990,
        latencyMs: 12.4,
        droppedFrames: 20,
      },
      { type: 'call.dtmf', callId, at: t0 + 6000, digits: '0', direction: 'in' },
      {
        type: 'call.provider_failed',
        callId,
        at: t0 + 6500,
        stage: 'tts',
        provider: 'yandex:Main',
        replacedBy: 'espeak',
        code: 'unavailable',
        message: 'HTTP 503',
      },
      {
        type: 'call.transfer',
        callId,
        at: t0 + 7000,
        target: { kind: 'queue', value: 'reception' },
        mode: 'warm',
        handoff,
        ok: true,
      },
      {
        type: 'call.ended',
        callId,
        at: t0 + 8000,
        reason: 'transferred',
        disposition: 'transferred:queue',
        durationMs: 8000,
        turns: 1,
        error: 'late media',
      },
    ];
    await applyCallEvents(
      db(),
      events.map((event, i) => ({ sourceId: `9-${i}`, event })),
    );
    const call = await db().call.findFirstOrThrow({
      where: { externalId: callId },
      include: { events: { orderBy: [{ offsetMs: 'asc' }, { sourceId: 'asc' }] } },
    });
    expect(call.handoff).toEqual(handoff);
    expect(call.disposition).toBe('transferred:queue');
    expect(call.sipCause).toBeNull(); // a leg that reported none (browser, test console)
    expect(call.events.map((e) => [e.type, e.offsetMs])).toEqual([
      ['filler', 3000],
      ['knowledge', 4000],
      ['tool_call', 4000],
      ['tool_call', 4000],
      ['barge_in', 5000],
      ['dtmf', 6000],
      ['provider_failed', 6500],
      ['transfer', 7000],
      // The project has no queue "reception": the record says so (issue 20).
      ['handoff', 7000],
      ['error', 8000],
    ]);
    expect(call.events.find((e) => e.type === 'handoff')?.data).toEqual({
      status: 'no_queue',
      queue: 'reception',
    });
    const tools = call.events.filter((e) => e.type === 'tool_call');
    expect(tools[0]).toMatchObject({
      nodeId: 'book',
      data: { name: 'calendar.find', ok: false, error: 'timeout' },
    });
    expect(tools[1]).toMatchObject({
      data: { args: { day: 'sat' }, ok: true, status: 200, result: { slots: ['10:00', '12:30'] } },
    });
    // A provider that failed mid-call is on the record, with who took over (issue 16).
    expect(call.events.find((e) => e.type === 'provider_failed')).toMatchObject({
      data: { stage: 'tts', provider: 'yandex:Main', replacedBy: 'espeak', code: 'unavailable' },
    });
    expect(call.events.find((e) => e.type === 'knowledge')).toMatchObject({
      nodeId: 'faq',
      data: { query: 'сколько стоит чистка', chunks: [{ source: 'Прайс-лист', score: 0.82 }] },
    });
  });

  it('loses no turn while Postgres refuses connections during the call, and writes them when it is back', async () => {
    const proxy = new FlakyProxy();
    await proxy.up();
    const url = new URL(process.env.DATABASE_URL!);
    url.port = String(proxy.port);
    const flakyDb: Db = createDb(url.toString());
    const consumerRedis = createRedis(config);
    const consumer = new CallEventsConsumer({
      redis: consumerRedis,
      db: flakyDb,
      logger: createLogger('writer-test', 'silent'),
      stream,
      blockMs: 200,
    });
    await consumer.start();
    try {
      // The call starts while the database is reachable...
      const callId = `outage-${crypto.randomUUID()}`;
      const events = callEvents(callId, Date.now(), 6);
      await xadd(events[0]!);
      await until(() => db().call.findFirst({ where: { externalId: callId } }));
      // ...then Postgres goes away for the middle of the call: the gateway keeps adding, nothing is lost.
      await proxy.down();
      for (const event of events.slice(1)) await xadd(event);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await consumer.pendingCount()).toBeGreaterThan(0);
      expect(await db().callTurn.count({ where: { call: { externalId: callId } } })).toBe(0);
      await proxy.up();
      const call = await until(async () => {
        const row = await db().call.findFirst({ where: { externalId: callId, status: 'ended' } });
        return row && row.turnCount === 6 ? row : null;
      }, 30_000);
      expect(await db().callTurn.count({ where: { callId: call.id } })).toBe(11);
      await until(async () => (await consumer.pendingCount()) === 0);
    } finally {
      await consumer.stop();
      await consumerRedis.quit();
      await flakyDb.$disconnect().catch(() => undefined);
      await proxy.down();
    }
  }, 60_000);
});
