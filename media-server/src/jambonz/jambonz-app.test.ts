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
import { applyCallEvents } from '#server/calls/call-writer.server.ts';
import { ConversationStore } from '../conversation/conversation-store.ts';
import { db, disconnectDb } from '#server/db.ts';
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { forgetRoutes, routeDialled } from '#server/telephony/inbound-route.server.ts';
import type { VoiceCallEvent } from '#server/calls/call-events.ts';
import { cachedPortsFor } from '#server/runtime-ports/runtime-ports.ts';
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
const events: VoiceCallEvent[] = [];

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
    service: new TurnService(new ConversationStore(redis), 'jambonz', cachedPortsFor({ logger })),
    routeDialled,
    token: 'jambonz-app-secret-1234',
    logger,
    events: (event) => events.push(event),
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

async function until<T>(probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
      JSON.stringify({
        type: 'call:status',
        call_sid: callSid,
        data: { call_status: 'completed', sip_status: 200, call_termination_by: 'jambonz' },
      }),
    );
    // The call is recorded like one of ours: through the same writer into the Inbox's tables.
    const callId = `jambonz:${callSid}`;
    await until(() => events.some((e) => e.callId === callId && e.type === 'call.ended'));
    jambonz.ws.close();
    const mine = events.filter((e) => e.callId === callId);
    expect(mine.map((e) => e.type)).toEqual([
      'call.started',
      'turn.completed',
      'turn.completed',
      'call.ended',
    ]);
    await applyCallEvents(
      db(),
      mine.map((event, i) => ({ sourceId: `jambonz-${callSid}-${i}`, event })),
    );
    const row = await db().call.findFirstOrThrow({
      where: { externalId: callId },
      include: { turns: { orderBy: { seq: 'asc' } } },
    });
    expect(row).toMatchObject({
      direction: 'inbound',
      fromNumber: '+79001234567',
      toNumber: '+74951230000',
      status: 'ended',
      endReason: 'flow_hangup',
      sipCause: 'BYE sent by platform (via jambonz)',
    });
    expect(row.agentId).not.toBeNull();
    expect(row.disposition).toBeTruthy();
    expect(row.turns.find((t) => t.speaker === 'caller')?.text).toBe('1');
    expect(
      row.turns
        .filter((t) => t.speaker === 'agent')
        .map((t) => t.text)
        .join(' '),
    ).toContain('You chose');
    expect(row.path.length).toBeGreaterThan(1);
  });

  it('records a call jambonz could not connect with its SIP status, and a caller who hung up', async () => {
    const jambonz = await connect('jambonz-app-secret-1234');
    /** A call jambonz opens and then reports ended with this status. */
    const callEndingWith = async (direction: string, from: string, status: Record<string, unknown>) => {
      const sid = crypto.randomUUID();
      await jambonz.request({
        type: 'session:new',
        call_sid: sid,
        data: { call_sid: sid, direction, from, to: '+74951230000' },
      });
      jambonz.ws.send(JSON.stringify({ type: 'call:status', call_sid: sid, data: status }));
      return sid;
    };
    const busy = await callEndingWith('outbound', '+74951230000', {
      call_status: 'busy',
      sip_status: 486,
      sip_reason: 'Busy Here',
    });
    const hungUp = await callEndingWith('inbound', '+79001234567', {
      call_status: 'completed',
      sip_status: 200,
      call_termination_by: 'caller',
    });
    const endOf = (sid: string) => () =>
      events.find((e) => e.callId === `jambonz:${sid}` && e.type === 'call.ended');
    const busyEnd = await until(endOf(busy));
    expect(busyEnd).toMatchObject({
      reason: 'error',
      disposition: 'busy',
      sipCause: '486 Busy Here (via jambonz)',
    });
    expect(await until(endOf(hungUp))).toMatchObject({
      reason: 'remote_hangup',
      sipCause: 'BYE from caller (via jambonz)',
    });
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
