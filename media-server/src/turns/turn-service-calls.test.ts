import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createFakePorts } from '#flow-runtime/index';
import type { PortsFor } from '../conversation/conversation-store.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { createMediaHttpServer } from '../media-http.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
import { exposureProblem, isLoopbackHost, turnRequestAllowed } from './turn-auth.ts';

// A whole call through the turn API: greet, ask for a date, confirm yes/no, end — over real HTTP and
// WebSocket, with the state in the real Redis of this test worker.
const logger = createLogger('test', 'silent');
const visitRu = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../flow-runtime/fixtures/simulate/visit-ru.flow.json'),
    'utf8',
  ),
) as unknown;
// A call that never ends by itself: every answer is echoed, then the question is asked again.
const echoFlow = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../flow-runtime/fixtures/good/echo-loop-ru.json'), 'utf8'),
) as unknown;

interface Command {
  type: string;
  text?: string;
  disposition?: string;
}
interface Reply {
  status: number;
  body: {
    callId?: string;
    commands: Command[];
    trace: { turn: number };
    error?: { code: string; fields?: Record<string, string[]> };
  };
}

const newRedis = () =>
  createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });

/** One media-server instance: its own Redis connection and conversation store, as a separate process has. */
async function startInstance(
  token?: string,
  portsFor: PortsFor = cachedPortsFor({ logger }),
): Promise<{ base: string; stop: () => Promise<void>; redis: Redis; drain: () => void }> {
  const redis = newRedis();
  const { server, drain } = createMediaHttpServer({ redis, logger, turnServiceToken: token, portsFor });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    await redis.quit();
  };
  return { base, stop, redis, drain };
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Reply> {
  const res = await fetch(`http://${base}/turn/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

const says = (reply: Reply) => reply.body.commands.filter((c) => c.type === 'say').map((c) => c.text ?? '');

describe('turn API: whole calls', () => {
  let a: Awaited<ReturnType<typeof startInstance>>;
  beforeAll(async () => {
    a = await startInstance();
  });
  afterAll(() => a.stop());

  it('greets, asks for a date, confirms yes/no and ends; ended calls are kept briefly', async () => {
    const start = await call(a.base, 'POST', '/calls', {
      callId: 'visit-1',
      flow: visitRu,
      caller: { number: '+79990001122' },
    });
    expect(start.status).toBe(200);
    expect(start.body.callId).toBe('visit-1');
    expect(says(start)).toEqual([expect.stringContaining('Здравствуйте'), 'На какой день вас записать?']);
    expect(start.body.commands.at(-1)?.type).toBe('listen');

    const event = (body: unknown) => call(a.base, 'POST', '/calls/visit-1/events', body);
    expect(says(await event({ type: 'utterance', text: 'пятнадцатого марта' }))[0]).toMatch(
      /^Записываю вас на 15 марта/,
    );
    const no = await event({ type: 'utterance', text: 'нет' });
    expect(says(no)).toEqual(['Хорошо, давайте выберем другой день.', 'На какой день вас записать?']);
    await event({ type: 'utterance', text: 'двадцатого мая' });
    const yes = await event({ type: 'dtmf', digits: '1' }); // 1 is "yes" on the keypad
    expect(yes.body.commands.at(-1)).toMatchObject({ type: 'hangup', disposition: 'booked' });
    expect(yes.body.trace.turn).toBe(5);
    expect(await a.redis.ttl('conv:visit-1')).toBeLessThanOrEqual(600);

    // A late event after the end is answered (with nothing to do), not an error.
    const late = await event({ type: 'silence' });
    expect(late.status).toBe(200);
    expect(late.body.commands).toEqual([]);
  });

  it('ends a call on DELETE (with the token), and then refuses a second start with the same id', async () => {
    // Ending a call is call control: it needs the token even from loopback.
    const token = 'turn-token-for-hangup-tests';
    const t = await startInstance(token);
    try {
      await call(t.base, 'POST', '/calls', { callId: 'hangup-1', flow: visitRu }, token);
      expect((await call(t.base, 'DELETE', '/calls/hangup-1')).status).toBe(401);
      const ended = await call(t.base, 'DELETE', '/calls/hangup-1', undefined, token);
      expect(ended.status).toBe(200);
      expect(ended.body.trace.turn).toBe(2);
      const again = await call(t.base, 'POST', '/calls', { callId: 'hangup-1', flow: visitRu }, token);
      expect(again.status).toBe(409);
      expect(again.body.error?.code).toBe('call_exists');
      expect((await call(t.base, 'DELETE', '/calls/never-started', undefined, token)).status).toBe(404);
    } finally {
      await t.stop();
    }
  });

  it('serialises concurrent events of one call: each answered from its own event, none lost', async () => {
    const start = await call(a.base, 'POST', '/calls', { flow: echoFlow });
    const id = start.body.callId!;
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(a.base, 'POST', `/calls/${id}/events`, { type: 'utterance', text: `вопрос ${i}` }),
      ),
    );
    replies.forEach((reply, i) => expect(says(reply)[0]).toBe(`Понял: вопрос ${i}.`));
    expect(replies.map((r) => r.body.trace.turn).sort((x, y) => x - y)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    const stored = JSON.parse((await a.redis.hget(`conv:${id}`, 'state')) ?? '{}') as { turn?: number };
    expect(stored.turn).toBe(11);
  });

  it('continues a call on another instance after the first one stopped (state only in Redis)', async () => {
    const first = await startInstance();
    await call(first.base, 'POST', '/calls', { callId: 'moved-1', flow: visitRu });
    await call(first.base, 'POST', '/calls/moved-1/events', {
      type: 'utterance',
      text: 'пятнадцатого марта',
    });
    await first.stop();

    const second = await startInstance();
    try {
      const yes = await call(second.base, 'POST', '/calls/moved-1/events', { type: 'utterance', text: 'да' });
      expect(yes.status).toBe(200);
      expect(says(yes)[0]).toMatch(/^Готово, ждём вас 15 марта/);
      expect(yes.body.commands.at(-1)).toMatchObject({ type: 'hangup', disposition: 'booked' });
    } finally {
      await second.stop();
    }
  });

  it('answers bad requests with JSON 4xx errors and field messages', async () => {
    const badId = await call(a.base, 'POST', '/calls/bad%20id/events', { type: 'silence' });
    expect(badId.status).toBe(400);
    expect(badId.body.error?.fields).toHaveProperty('callId');
    const badStart = await call(a.base, 'POST', '/calls', {
      callId: 'x',
      flow: visitRu,
      direction: 'sideways',
    });
    expect(badStart.status).toBe(400);
    expect(badStart.body.error?.fields).toHaveProperty('direction');
    const restart = await call(a.base, 'POST', '/calls/x/events', { type: 'call_started' });
    expect(restart.status).toBe(400);
    expect(restart.body.error?.fields).toHaveProperty('type');
    const huge = await call(a.base, 'POST', '/calls', { flow: visitRu, padding: 'x'.repeat(600 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error?.code).toBe('body_too_large');
    const route = await call(a.base, 'GET', '/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.error?.code).toBe('not_found');
  });

  it('answers pipelined WebSocket messages of one call in order, echoing request ids', async () => {
    const ws = new WebSocket(`ws://${a.base}/turn/v1/ws`);
    await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
    const replies: { type: string; requestId?: string; callId?: string; commands?: Command[] }[] = [];
    const got = (n: number) =>
      new Promise<void>((ok) => {
        const on = (data: unknown) => {
          replies.push(JSON.parse(String(data)) as (typeof replies)[number]);
          if (replies.length < n) return;
          ws.off('message', on);
          ok();
        };
        ws.on('message', on);
      });
    let done = got(1);
    ws.send(JSON.stringify({ type: 'start', callId: 'ws-visit', flow: visitRu, requestId: 's' }));
    await done;
    done = got(5);
    ws.send(
      JSON.stringify({ type: 'event', callId: 'ws-visit', event: { type: 'silence' }, requestId: 'e1' }),
    );
    ws.send(
      JSON.stringify({
        type: 'event',
        callId: 'ws-visit',
        event: { type: 'utterance', text: 'пятнадцатого марта' },
        requestId: 'e2',
      }),
    );
    ws.send(
      JSON.stringify({
        type: 'event',
        callId: 'ws-visit',
        event: { type: 'utterance', text: 'да' },
        requestId: 'e3',
      }),
    );
    ws.send(
      JSON.stringify({
        type: 'event',
        callId: 'ws-visit',
        event: { type: 'dtmf', digits: 'x' },
        requestId: 'bad',
      }),
    );
    await done;
    ws.close();
    // Turns of one call answer in the order sent; an invalid message is refused at once, without a turn.
    expect(replies.map((r) => r.requestId).filter((id) => id !== 'bad')).toEqual(['s', 'e1', 'e2', 'e3']);
    expect(replies.find((r) => r.requestId === 'e3')?.commands?.at(-1)).toMatchObject({
      type: 'hangup',
      disposition: 'booked',
    });
    expect(replies.find((r) => r.requestId === 'bad')).toMatchObject({
      type: 'error',
      code: 'validation_failed',
    });
  });
});

describe('turn API shutdown', () => {
  it('answers the turns in flight, then closes WebSockets with 1001 and refuses new ones', async () => {
    // The greeting turn calls a slow tool, so the test knows the turn is in flight when it drains.
    let entered!: () => void;
    const inFlight = new Promise<void>((ok) => (entered = ok));
    const slowPorts = createFakePorts({
      tools: {
        wait: async () => {
          entered();
          await new Promise((ok) => setTimeout(ok, 100));
          return { ok: true, result: {} };
        },
      },
    });
    const slowFlow = {
      schemaVersion: 2,
      nodes: [
        { id: 'start', type: 'start', data: {} },
        { id: 'slow', type: 'tool', data: { tool: 'wait', timeoutMs: 2000 } },
        { id: 'bye', type: 'end', data: { disposition: 'done' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourceHandle: 'next', target: 'slow' },
        { id: 'e2', source: 'slow', sourceHandle: 'success', target: 'bye' },
        { id: 'e3', source: 'slow', sourceHandle: 'failure', target: 'bye' },
      ],
      tools: [{ name: 'wait', kind: 'builtin', builtin: 'wait' }],
    };
    const c = await startInstance(undefined, () => slowPorts);
    try {
      const ws = new WebSocket(`ws://${c.base}/turn/v1/ws`);
      await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
      const messages: { type: string; requestId?: string }[] = [];
      ws.on('message', (d) => messages.push(JSON.parse(String(d)) as (typeof messages)[number]));
      const closed = new Promise<number>((ok) => ws.once('close', (code) => ok(code)));
      ws.send(JSON.stringify({ type: 'start', flow: slowFlow, requestId: 'last' }));
      await inFlight;
      c.drain();
      expect(await closed).toBe(1001);
      expect(messages).toMatchObject([{ type: 'commands', requestId: 'last' }]);
      const late = new WebSocket(`ws://${c.base}/turn/v1/ws`);
      await expect(
        new Promise((ok, fail) => (late.once('open', ok), late.once('error', fail))),
      ).rejects.toThrow(/503/);
    } finally {
      await c.stop();
    }
  });
});

describe('turn API authentication', () => {
  const fakeRequest = (remoteAddress: string, authorization?: string) =>
    ({
      socket: { remoteAddress },
      headers: authorization ? { authorization } : {},
    }) as unknown as IncomingMessage;

  it('without a token, serves loopback only', () => {
    expect(turnRequestAllowed(fakeRequest('127.0.0.1'), undefined)).toBe(true);
    expect(turnRequestAllowed(fakeRequest('::1'), undefined)).toBe(true);
    expect(turnRequestAllowed(fakeRequest('10.0.0.7'), undefined)).toBe(false);
    expect(turnRequestAllowed(fakeRequest('10.0.0.7', 'Bearer anything-at-all-here'), undefined)).toBe(false);
  });

  it('with a token, wants it from everyone, loopback included', async () => {
    const token = 'turn-service-token-for-tests';
    expect(turnRequestAllowed(fakeRequest('10.0.0.7', `Bearer ${token}`), token)).toBe(true);
    expect(turnRequestAllowed(fakeRequest('127.0.0.1'), token)).toBe(false);
    expect(turnRequestAllowed(fakeRequest('127.0.0.1', `Bearer ${token}x`), token)).toBe(false);

    const b = await startInstance(token);
    try {
      const refused = await call(b.base, 'POST', '/calls', { flow: visitRu });
      expect(refused.status).toBe(401);
      expect(refused.body.error?.code).toBe('unauthenticated');
      const res = await fetch(`http://${b.base}/turn/v1/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ flow: visitRu }),
      });
      expect(res.status).toBe(200);
      // Health stays open: load balancers probe it without credentials.
      expect((await fetch(`http://${b.base}/readyz`)).status).toBe(200);
    } finally {
      await b.stop();
    }
  });

  it('lets the server listen beyond loopback only with a token', () => {
    for (const host of ['127.0.0.1', '127.0.0.53', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.7', 'media.example', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
    expect(exposureProblem('127.0.0.1', undefined)).toBeNull();
    expect(exposureProblem('0.0.0.0', 'turn-service-token-for-tests')).toBeNull();
    expect(exposureProblem('0.0.0.0', undefined)).toMatch(/TURN_SERVICE_TOKEN/);
  });
});
