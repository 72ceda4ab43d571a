// A project tool with a stored credential, used by a published agent, in a real SIP call: baresip calls the
// embedded gateway; the Tool block's request reaches a local CRM with the decrypted bearer token (the
// project allows that loopback host), and the caller hears its answer. This is the live-call path the
// studio's test console shares (runtime-ports → project-tools-port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import {
  startLocalHttpServer,
  type LocalHttpServer,
} from '#server/providers/test-support/local-http-server.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { toolCredentials } from '#server/tools/project-tools.server.ts';
import { toneFrames } from '../sip-gateway/test-support/audio-fixtures.ts';
import { startBaresip } from '../sip-gateway/test-support/baresip-peer.ts';
import { freeUdpRange } from '../sip-gateway/test-support/free-port.ts';
import { startVoiceStack, type VoiceStack } from '../wiring/voice-stack.ts';

const SECRET = 'crm-secret-in-a-call';
const stream = 'events:calls:project-tools';
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
let stack: VoiceStack;
let crm: LocalHttpServer;

beforeAll(async () => {
  crm = await startLocalHttpServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${SECRET}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"order":{"status":"shipped"}}');
  });
  const projectId = (await createProject(db(), 'Tools in calls')).id;
  const toolId = crypto.randomUUID();
  const credential = await toolCredentials().create(
    projectId,
    { name: `tool:${toolId}`, kind: 'api_key', secret: SECRET },
    { actorUserId: null, actorType: 'system' },
  );
  await db().projectTool.create({
    data: {
      id: toolId,
      projectId,
      name: 'get_order',
      method: 'GET',
      urlTemplate: `${crm.url}/orders/{{args.orderId}}`,
      parameters: { type: 'object', properties: { orderId: { type: 'string' } } },
      responseMapping: { order_status: 'order.status' },
      authKind: 'bearer',
      credentialId: credential.id,
    },
  });
  await db().projectToolSettings.create({ data: { projectId, allowHosts: ['127.0.0.1'] } });
  await createPublishedAgent(db(), projectId, {
    name: 'Orders',
    language: 'en',
    address: 'orders-tool',
    graph: {
      schemaVersion: 2,
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
        {
          id: 'lookup',
          type: 'tool',
          position: { x: 0, y: 100 },
          data: { tool: 'get_order', args: { orderId: 'D-5' }, resultVariable: 'order' },
        },
        {
          id: 'say',
          type: 'say',
          position: { x: 0, y: 200 },
          data: { text: 'Order status {{order.order_status}}.' },
        },
        { id: 'end', type: 'end', position: { x: 0, y: 300 }, data: { message: 'Goodbye.' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'lookup' },
        { id: 'e2', source: 'lookup', sourceHandle: 'success', target: 'say' },
        { id: 'e3', source: 'say', target: 'end' },
      ],
      settings: { language: 'en' },
      tools: [{ name: 'get_order', kind: 'project', parameters: { type: 'object', properties: {} } }],
    },
  });
  forgetRoutes();
  stack = await startVoiceStack({
    redis,
    logger: createLogger('tools-call-test', 'silent'),
    sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(20) },
    maxCallsPerProject: 5,
    eventsStream: stream,
  });
}, 60_000);

afterAll(async () => {
  await stack?.drain(1000);
  await stack?.close();
  await crm?.close();
  await redis.del(stream);
  await redis.quit();
  await disconnectDb();
});

describe('a project tool in a SIP call', () => {
  it('runs with the stored credential and the project’s allowed host; the caller hears the answer', async () => {
    const frames = toneFrames(300, 20_000, 20);
    const caller = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => caller.set(f, i * 160));
    const peer = await startBaresip({ sourcePcm: caller });
    try {
      await peer.command('dial', `sip:orders-tool@127.0.0.1:${stack.sip.port}`);
      await peer.waitFor('CALL_ESTABLISHED', 10_000);
      await peer.waitFor('CALL_CLOSED', 30_000);
    } finally {
      await peer.quit().catch(() => undefined);
    }
    const events = (await redis.xrange(stream, '-', '+')).map(
      ([, f]) => JSON.parse(f[f.indexOf('event') + 1] ?? '{}') as Record<string, unknown>,
    );
    const turns = JSON.stringify(events.filter((e) => e.type === 'turn.completed'));
    expect(turns).toContain('Order status shipped.');
    expect(turns).toContain('get_order');
    expect(crm.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/orders/D-5', `Bearer ${SECRET}`],
    ]);
  }, 60_000);
});
