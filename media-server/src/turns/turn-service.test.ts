import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { createMediaHttpServer } from '../media-http.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';

const logger = createLogger('test', 'silent');
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const fixture = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../flow-runtime/fixtures/good/appointment-ru.json'),
    'utf8',
  ),
) as {
  tools: { http: { url: string } }[];
  nodes: { type: string; data: { timeoutMs?: number } }[];
};

let crm: Server;
const bookings: unknown[] = [];
let flow: typeof fixture;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function mediaServer(token?: string) {
  return createMediaHttpServer({
    redis,
    logger,
    turnServiceToken: token,
    portsFor: cachedPortsFor({ logger, allowHosts: ['127.0.0.1'] }),
  }).server;
}

async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { commands: { type: string; text?: string }[] },
  };
}

beforeAll(async () => {
  // A local CRM that the flow's booking tool calls over real HTTP.
  crm = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      bookings.push(JSON.parse(data));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'B-42' }));
    });
  });
  const crmHost = await listen(crm);
  flow = structuredClone(fixture);
  flow.tools[0]!.http.url = `http://${crmHost}/api/book`;
  // The fixture's 200 ms tool timeout is a production choice; on a loaded test machine it would send the call
  // down the failure path, which is not what this test is about.
  for (const node of flow.nodes) if (node.type === 'tool') node.data.timeoutMs = 10_000;
});
afterAll(async () => {
  crm.close();
  await redis.quit();
});

describe('turn service over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = mediaServer();
    base = await listen(server);
  });
  afterAll(() => server.close());

  it('runs a whole booking conversation, calling the tool over real HTTP', async () => {
    const start = await post(base, '/turn/v1/calls', { flow, caller: { number: '+79991234567' } });
    expect(start.status).toBe(200);
    const callId = start.body.callId as string;
    expect(start.body.commands.at(-1)?.type).toBe('listen');

    const say = async (text: string) =>
      (await post(base, `/turn/v1/calls/${callId}/events`, { type: 'utterance', text })).body;
    expect((await say('Иван Петров')).commands[0]?.text).toMatch(/день/);
    expect((await say('пятнадцатого марта')).commands[0]?.text).toMatch(/время/);
    const done = await say('в половине четвёртого');
    expect(done.commands.at(-1)).toMatchObject({ type: 'hangup' });
    expect(bookings.at(-1)).toMatchObject({ name: 'Иван Петров', time: '15:30' });
  });

  it('answers bad input with 4xx and field messages, and changes nothing', async () => {
    const malformed = await post(base, '/turn/v1/calls', '{nope');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'malformed_json' } });

    const noFlow = await post(base, '/turn/v1/calls', { caller: {} });
    expect(noFlow.status).toBe(400);
    expect(noFlow.body).toMatchObject({
      error: { code: 'validation_failed', fields: { flow: expect.any(Array) } },
    });

    const badFlow = await post(base, '/turn/v1/calls', { flow: { schemaVersion: 2, nodes: 'x' } });
    expect(badFlow.status).toBe(400);
    expect(badFlow.body).toMatchObject({ error: { code: 'invalid_flow' } });

    const unknown = await post(base, '/turn/v1/calls/nope/events', { type: 'silence' });
    expect(unknown.status).toBe(404);

    const started = await post(base, '/turn/v1/calls', { flow });
    const badEvent = await post(base, `/turn/v1/calls/${started.body.callId as string}/events`, {
      type: 'dtmf',
      digits: 'xyz',
    });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body).toMatchObject({ error: { fields: { digits: expect.any(Array) } } });
  });
});

describe('turn service over WebSocket, with a token', () => {
  let server: Server;
  let base: string;
  const token = 'a-long-enough-test-token';
  beforeAll(async () => {
    server = mediaServer(token);
    base = await listen(server);
  });
  afterAll(() => server.close());

  it('refuses requests without the token', async () => {
    expect((await post(base, '/turn/v1/calls', { flow })).status).toBe(401);
    expect(
      (await post(base, '/turn/v1/calls', { flow }, { authorization: 'Bearer wrong-token-of-length' }))
        .status,
    ).toBe(401);
    const ws = new WebSocket(`ws://${base}/turn/v1/ws`);
    await expect(new Promise((ok, fail) => (ws.on('open', ok), ws.on('error', fail)))).rejects.toThrow(/401/);
  });

  it('carries turns as JSON messages and echoes request ids', async () => {
    const ws = new WebSocket(`ws://${base}/turn/v1/ws`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((ok) => ws.on('open', ok));
    const replies: Record<string, unknown>[] = [];
    const next = () =>
      new Promise<Record<string, unknown>>((ok) => ws.once('message', (d) => ok(JSON.parse(String(d)))));

    ws.send(JSON.stringify({ type: 'start', flow, requestId: 'r1' }));
    replies.push(await next());
    expect(replies[0]).toMatchObject({ type: 'commands', requestId: 'r1' });
    const callId = replies[0]!.callId as string;

    ws.send(
      JSON.stringify({ type: 'event', callId, event: { type: 'dtmf', digits: '12' }, requestId: 'r2' }),
    );
    expect(await next()).toMatchObject({ type: 'commands', requestId: 'r2', callId });

    ws.send(
      JSON.stringify({ type: 'event', callId: 'unknown', event: { type: 'silence' }, requestId: 'r3' }),
    );
    expect(await next()).toMatchObject({ type: 'error', code: 'call_not_found', requestId: 'r3' });

    ws.send('not json');
    expect(await next()).toMatchObject({ type: 'error', code: 'malformed_json' });
    ws.close();
  });
});
