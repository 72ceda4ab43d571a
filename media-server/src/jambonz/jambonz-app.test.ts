// The jambonz adapter against a local peer speaking jambonz's WebSocket application protocol (jambonz
// itself cannot run here): session:new is routed by the dialled number to the live agent version, its
// commands come back as say/gather verbs, a gather result drives the next turn, and the flow's end is a
// hangup verb.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createProject, createPublishedAgent } from '../../../tests/support/factories.ts';
import { ConversationStore } from '../../../app/.server/conversation-store/conversation-store.ts';
import { db, disconnectDb } from '../../../app/.server/db.ts';
import { createLogger } from '../../../app/.server/logger.ts';
import { createRedis } from '../../../app/.server/redis.ts';
import { forgetRoutes, routeDialled } from '../../../app/.server/voice/inbound-route.server.ts';
import { createRuntimePorts } from '../turns/runtime-ports.ts';
import { TurnService } from '../turns/turn-service.ts';
import { attachJambonzApp, JAMBONZ_WS_PATH } from './jambonz-app.ts';
import { JAMBONZ_SUBPROTOCOL, type JambonzAck } from './jambonz-messages.ts';

const keypadMenu = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../test-fixtures/flows/keypad-menu-en.json'), 'utf8'),
) as object;
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const logger = createLogger('jambonz-test', 'silent');
let server: Server;
let url: string;

beforeAll(async () => {
  const projectId = (await createProject(db(), 'Jambonz')).id;
  await createPublishedAgent(db(), projectId, {
    name: 'Menu',
    language: 'en',
    graph: keypadMenu,
    address: '+74951230000',
  });
  forgetRoutes();
  server = createServer();
  attachJambonzApp(server, {
    service: new TurnService(new ConversationStore(redis), (flow) => createRuntimePorts(flow, { logger })),
    routeDialled,
    token: 'jambonz-app-secret-1234',
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${JAMBONZ_WS_PATH}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await redis.quit();
  await disconnectDb();
});

/** A stand-in for jambonz's side of the socket: sends messages, collects acks by msgid. */
async function connect(password: string) {
  const ws = new WebSocket(url, JAMBONZ_SUBPROTOCOL, {
    headers: { authorization: `Basic ${Buffer.from(`jambonz:${password}`).toString('base64')}` },
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const acks = new Map<string, (ack: JambonzAck) => void>();
  ws.on('message', (data) => {
    const ack = JSON.parse(String(data)) as JambonzAck;
    acks.get(ack.msgid)?.(ack);
  });
  let n = 0;
  return {
    ws,
    protocol: ws.protocol,
    request(message: Record<string, unknown>): Promise<JambonzAck> {
      n += 1;
      const msgid = `m${n}`;
      return new Promise((resolve) => {
        acks.set(msgid, resolve);
        ws.send(JSON.stringify({ ...message, msgid }));
      });
    },
  };
}

describe('jambonz WebSocket application', () => {
  it('runs a flow: greeting and menu as say + gather, a keypress as the next turn, the end as hangup', async () => {
    const jambonz = await connect('jambonz-app-secret-1234');
    expect(jambonz.protocol).toBe(JAMBONZ_SUBPROTOCOL);
    const callSid = crypto.randomUUID();
    const first = await jambonz.request({
      type: 'session:new',
      call_sid: callSid,
      data: { call_sid: callSid, direction: 'inbound', from: '+79001234567', to: '+74951230000' },
    });
    expect(first.type).toBe('ack');
    const verbs = first.data ?? [];
    expect(verbs.map((v) => v.verb)).toEqual(['say', 'gather']);
    expect(JSON.stringify(verbs)).toContain('Welcome to the Acme test line.');
    const gather = verbs[1];
    expect(gather).toMatchObject({
      verb: 'gather',
      actionHook: '/turn',
      input: expect.arrayContaining(['digits']),
    });
    expect(JSON.stringify(gather)).toContain('press 1');

    const next = await jambonz.request({
      type: 'verb:hook',
      call_sid: callSid,
      hook: '/turn',
      data: { reason: 'dtmfDetected', digits: '1' },
    });
    const texts = JSON.stringify(next.data);
    expect(texts).toContain('You chose');
    expect(next.data?.at(-1)).toEqual({ verb: 'hangup' });
    jambonz.ws.send(
      JSON.stringify({ type: 'call:status', call_sid: callSid, data: { call_status: 'completed' } }),
    );
    jambonz.ws.close();
  });

  it('an unknown number is hung up; a wrong password is refused at the handshake', async () => {
    const jambonz = await connect('jambonz-app-secret-1234');
    const ack = await jambonz.request({
      type: 'session:new',
      call_sid: crypto.randomUUID(),
      data: { to: 'sip:nobody@jambonz.example' },
    });
    expect(ack.data).toEqual([{ verb: 'hangup' }]);
    jambonz.ws.close();
    await expect(connect('wrong')).rejects.toThrow(/401/);
  });
});
