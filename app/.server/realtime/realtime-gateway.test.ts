// The realtime gateway over its real transports: a WebSocket on an HTTP server (bearer JWT, API key, cookie
// with a foreign Origin refused, non-members refused), and the SSE route read as a stream.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '#server/api-keys/api-keys.server.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { publishEvent } from '#server/events/publish-event.ts';
import { addMember, createProject, createUser } from '../../../tests/support/factories.ts';
import { bearerFor, callRoute } from '../../../tests/support/route-call.ts';
import * as eventsRoute from '../../routes/api.v1.projects.$projectId.events.ts';
import { realtimeHub } from './hub-instance.server.ts';
import { attachRealtimeWebSocket, REALTIME_PATH } from './websocket-gateway.ts';

const config = { REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! };
const redis = createRedis(config);
const publicUrl = 'http://localhost:3999';
let server: Server;
let url: string;
let projectId: string;
let supervisor: Record<string, string>;
let stranger: Record<string, string>;
let apiKey: Record<string, string>;

beforeAll(async () => {
  const project = await createProject(db());
  projectId = project.id;
  const [sup, other, owner] = await Promise.all([createUser(db()), createUser(db()), createUser(db())]);
  await addMember(db(), projectId, sup.id, 'supervisor');
  await addMember(db(), projectId, owner.id, 'owner');
  supervisor = await bearerFor(sup.id);
  stranger = await bearerFor(other.id);
  const key = await createApiKey(
    {
      access: {
        actor: { type: 'user', id: owner.id, user: { id: owner.id, email: owner.email, name: null } },
        user: null,
        projectId,
        role: 'owner',
      },
      client: { ip: '127.0.0.1', userAgent: 'test' },
    },
    { name: 'realtime', role: 'analyst' },
  );
  apiKey = { authorization: `Bearer ${key.token}` };
  server = createServer((_req, res) => res.writeHead(404).end());
  attachRealtimeWebSocket(server, { hub: realtimeHub, logger: createLogger('t', 'silent'), publicUrl });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${REALTIME_PATH}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await (await realtimeHub()).stop();
  await redis.quit();
  await disconnectDb();
});

interface Received {
  type: string;
  id?: string;
  code?: string;
  event?: { type: string; data: Record<string, unknown> };
}

function open(headers: Record<string, string>): Promise<{ ws: WebSocket; messages: Received[] }> {
  const ws = new WebSocket(url, { headers });
  const messages: Received[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Received));
  return new Promise((ok, fail) => {
    ws.once('open', () => ok({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((ok) => setTimeout(ok, 25));
  expect(check()).toBe(true);
}

describe('WebSocket /api/v1/realtime', () => {
  it("a supervisor (bearer JWT) subscribes and receives the project's events", async () => {
    const { ws, messages } = await open(supervisor);
    ws.send(JSON.stringify({ type: 'subscribe', projectId }));
    await until(() => messages.some((m) => m.type === 'subscribed'));
    const { streamId } = await publishEvent(redis, {
      type: 'call.alert',
      projectId,
      data: { callId: 'c1', rule: 'silence', message: 'Silence for 20 s', lastTurns: [] },
    });
    await until(() => messages.some((m) => m.id === streamId));
    expect(messages.find((m) => m.id === streamId)?.event?.type).toBe('call.alert');
    ws.close();
  });

  it("an API key of the project works, with its role's filter (an analyst key gets no alerts)", async () => {
    const { ws, messages } = await open(apiKey);
    ws.send(JSON.stringify({ type: 'subscribe', projectId }));
    await until(() => messages.some((m) => m.type === 'subscribed'));
    await publishEvent(redis, {
      type: 'call.alert',
      projectId,
      data: { callId: 'c1', rule: 'silence', message: 'Silence', lastTurns: [] },
    });
    const { streamId } = await publishEvent(redis, {
      type: 'call.ringing',
      projectId,
      data: { callId: 'c2', from: '+7', to: '+8' },
    });
    await until(() => messages.some((m) => m.id === streamId));
    expect(messages.filter((m) => m.type === 'event').map((m) => m.event?.type)).toEqual(['call.ringing']);
    ws.close();
  });

  it('refuses a non-member, a missing credential and a cookie from another site', async () => {
    const { ws, messages } = await open(stranger);
    ws.send(JSON.stringify({ type: 'subscribe', projectId }));
    await until(() => messages.length > 0);
    expect(messages[0]).toMatchObject({ type: 'error', code: 'project_not_found' });
    ws.close();
    const anonymous = await open({});
    anonymous.ws.send(JSON.stringify({ type: 'subscribe', projectId }));
    await until(() => anonymous.messages.length > 0);
    expect(anonymous.messages[0]).toMatchObject({ type: 'error', code: 'unauthenticated' });
    await expect(open({ cookie: 'vp_at=x', origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
  });
});

describe('SSE /api/v1/projects/{projectId}/events', () => {
  it('streams events with their stream id and resumes after Last-Event-ID', async () => {
    const first = await publishEvent(redis, {
      type: 'call.ringing',
      projectId,
      data: { callId: 'sse-1', from: '+7', to: '+8' },
    });
    const second = await publishEvent(redis, {
      type: 'call.ringing',
      projectId,
      data: { callId: 'sse-2', from: '+7', to: '+8' },
    });
    const abort = new AbortController();
    const response = await callRoute(eventsRoute, {
      method: 'GET',
      path: `/api/v1/projects/${projectId}/events`,
      params: { projectId },
      headers: { ...supervisor, 'last-event-id': first.streamId },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes(`id: ${second.streamId}`)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    abort.abort();
    await reader.cancel();
    expect(text).toContain(`id: ${second.streamId}\nevent: call.ringing\n`);
    expect(text).not.toContain(`id: ${first.streamId}`);
  });

  it('answers 401 without credentials', async () => {
    const response = await callRoute(eventsRoute, {
      method: 'GET',
      path: `/api/v1/projects/${projectId}/events`,
      params: { projectId },
    });
    expect(response.status).toBe(401);
  });
});
