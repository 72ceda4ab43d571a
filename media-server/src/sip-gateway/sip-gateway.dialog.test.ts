// Dialog behaviour with a hand-driven UDP/TCP peer: 2xx retransmission, ACK timeout, re-INVITE (hold),
// SIP INFO digits, REFER transfer with NOTIFY, drain, and a call over TCP.
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type LegEndReason, type MediaLeg } from '../call/media-leg.ts';
import { parseNameAddr } from '../sip/header-values.ts';
import { type SipResponse } from '../sip/sip-message.ts';
import { parseSipMessage } from '../sip/sip-parser.ts';
import { StreamFramer } from '../sip/stream-framer.ts';
import { type SipGateway } from './sip-gateway.ts';
import {
  createRawSipClient,
  inDialogText,
  inviteText,
  pcmuOffer,
  type RawSipClient,
} from './test-support/raw-sip-client.ts';
import { acceptingRoute, startTestGateway, until } from './test-support/test-gateway.ts';
import { toneFrames } from './test-support/audio-fixtures.ts';

async function rtpSink(): Promise<{ port: number; count: () => number; close: () => void }> {
  const socket = dgram.createSocket('udp4');
  let packets = 0;
  socket.on('message', () => (packets += 1));
  const port = await new Promise<number>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)),
  );
  return { port, count: () => packets, close: () => socket.close() };
}

const toTagOf = (response: SipResponse) =>
  parseNameAddr(response.headers.get('to') ?? '')?.params.get('tag') ?? '';

describe('SIP gateway dialogs', () => {
  let gateway: SipGateway | undefined;
  let client: RawSipClient | undefined;
  afterEach(async () => {
    await client?.close();
    await gateway?.close();
    client = undefined;
  });

  it('retransmits 200 until ACK, handles INFO digits, hold by re-INVITE, and a REFER transfer', async () => {
    let leg: MediaLeg | undefined;
    const digits: string[] = [];
    let ended: LegEndReason | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (l) => {
        leg = l;
        l.on('dtmf', (d) => digits.push(d));
        l.on('ended', (r) => (ended = r));
      }),
    );
    client = await createRawSipClient(gateway.port);
    const sink = await rtpSink();
    const base = { clientPort: client.port, gatewayPort: gateway.port, callId: 'dlg1' };
    client.send(inviteText({ ...base, sdp: pcmuOffer(sink.port) }));
    const ok = await client.response('dlg1');
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toMatch(/a=sendrecv/);
    const toTag = toTagOf(ok);
    await until(() => client!.seen('dlg1', 200) >= 3, 3000, 'two 200 retransmissions');
    client.send(inDialogText({ ...base, method: 'ACK', toTag, cseq: 1 }));
    const afterAck = client.seen('dlg1', 200);
    await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the next retransmit interval
    expect(client.seen('dlg1', 200)).toBe(afterAck);
    await until(() => sink.count() > 5, 2000, 'RTP (comfort silence) to the offered address');

    client.send(
      inDialogText({
        ...base,
        method: 'INFO',
        toTag,
        cseq: 2,
        body: 'Signal=7\r\nDuration=160\r\n',
        contentType: 'application/dtmf-relay',
      }),
    );
    expect((await client.response('dlg1', { cseq: '2 INFO' })).status).toBe(200);
    expect(digits).toEqual(['7']);

    // Hold: we are offered sendonly, answer recvonly on the same port with a new o= version, and go quiet.
    const firstVersion = /o=- \d+ (\d+)/.exec(ok.body.toString())?.[1];
    const port = /m=audio (\d+)/.exec(ok.body.toString())?.[1];
    client.send(
      inDialogText({
        ...base,
        method: 'INVITE',
        toTag,
        cseq: 3,
        body: `${pcmuOffer(sink.port)}a=sendonly\r\n`,
      }),
    );
    const held = await client.response('dlg1', { cseq: '3 INVITE' });
    expect(held.status).toBe(200);
    expect(held.body.toString()).toMatch(/a=recvonly/);
    expect(/m=audio (\d+)/.exec(held.body.toString())?.[1]).toBe(port);
    expect(Number(/o=- \d+ (\d+)/.exec(held.body.toString())?.[1])).toBe(Number(firstVersion) + 1);
    client.send(inDialogText({ ...base, method: 'ACK', toTag, cseq: 3 }));
    await new Promise((resolve) => setTimeout(resolve, 60));
    const quietFrom = sink.count();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.count() - quietFrom).toBeLessThanOrEqual(1);

    // A lower CSeq than the last one is out of order.
    client.send(inDialogText({ ...base, method: 'INFO', toTag, cseq: 1 }));
    expect((await client.response('dlg1', { cseq: '1 INFO' })).status).toBe(500);

    const transfer = leg!.transfer({ target: '+15551234', mode: 'cold' });
    const refer = await client.request('REFER');
    expect(refer.headers.get('refer-to')).toBe('<sip:+15551234@127.0.0.1:' + client.port + '>');
    client.reply(refer, 202);
    client.send(
      inDialogText({
        ...base,
        method: 'NOTIFY',
        toTag,
        cseq: 4,
        body: 'SIP/2.0 200 OK\r\n',
        contentType: 'message/sipfrag',
        extraHeaders: ['Event: refer', 'Subscription-State: terminated;reason=noresource'],
      }),
    );
    expect((await client.response('dlg1', { cseq: '4 NOTIFY' })).status).toBe(200);
    const bye = await client.request('BYE');
    expect(bye.headers.get('reason')).toBe('Q.850;cause=16;text="Normal call clearing"');
    client.reply(bye, 200);
    await transfer;
    expect(ended).toBe('transferred');
    expect(leg?.endCause).toBe('REFER accepted (transferred); BYE sent by platform');
    expect(gateway.activeCalls).toBe(0);
    sink.close();
  }, 20_000);

  it('sends BYE and counts a failure when the ACK never comes', async () => {
    let ended: LegEndReason | undefined;
    let cause: string | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (l) =>
        l.on('ended', (r) => {
          ended = r;
          cause = l.endCause;
        }),
      ),
      {
        timers: { t1: 20, t2: 80, t4: 100 },
      },
    );
    client = await createRawSipClient(gateway.port);
    client.send(
      inviteText({
        clientPort: client.port,
        gatewayPort: gateway.port,
        callId: 'noack',
        sdp: pcmuOffer(40002),
      }),
    );
    expect((await client.response('noack')).status).toBe(200);
    const bye = await client.request('BYE', 5000);
    expect(bye.headers.get('reason')).toBe('Q.850;cause=41;text="Temporary failure"');
    client.reply(bye, 200);
    expect(ended).toBe('error');
    expect(cause).toBe('no ACK for 200 OK; BYE sent by platform');
    expect(gateway.stats().callsFailed).toBe(1);
  });

  it('drains: refuses new INVITEs and OPTIONS with 503, lets the current call finish', async () => {
    let leg: MediaLeg | undefined;
    gateway = await startTestGateway(acceptingRoute('agent', (l) => (leg = l)));
    client = await createRawSipClient(gateway.port);
    const base = { clientPort: client.port, gatewayPort: gateway.port };
    client.send(inviteText({ ...base, callId: 'live', sdp: pcmuOffer(40004) }));
    const ok = await client.response('live');
    client.send(inDialogText({ ...base, callId: 'live', method: 'ACK', toTag: toTagOf(ok), cseq: 1 }));
    let drained = false;
    const draining = gateway.drain().then(() => (drained = true));
    client.send(inviteText({ ...base, callId: 'late', sdp: pcmuOffer(40006) }));
    expect((await client.response('late')).status).toBe(503);
    client.send(inviteText({ ...base, callId: 'ping' }).replace(/INVITE/g, 'OPTIONS'));
    expect((await client.response('ping')).status).toBe(503);
    expect(drained).toBe(false);
    client.send(inDialogText({ ...base, callId: 'live', method: 'BYE', toTag: toTagOf(ok), cseq: 2 }));
    expect((await client.response('live')).status).toBe(200);
    await draining;
    expect(gateway.activeCalls).toBe(0);
    expect(leg?.endCause).toBe('BYE from caller'); // a BYE without a Reason header
  });

  it('takes a call over TCP (split writes, keep-alive ping) and sends its BYE on the same connection', async () => {
    let leg: MediaLeg | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (l) => {
        leg = l;
        for (const f of toneFrames(500, 200)) l.play(f);
      }),
    );
    const socket = net.connect({ host: '127.0.0.1', port: gateway.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const framer = new StreamFramer();
    const messages: ReturnType<typeof parseSipMessage>[] = [];
    let pongs = 0;
    socket.on('data', (chunk: Buffer) => {
      if (chunk.toString() === '\r\n') pongs += 1;
      for (const item of framer.push(chunk))
        if (item.kind === 'message') messages.push(parseSipMessage(item.data, true));
    });
    const localPort = socket.localPort ?? 0;
    const text = inviteText({
      clientPort: localPort,
      gatewayPort: gateway.port,
      callId: 'tcp1',
      sdp: pcmuOffer(40008),
    }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
    socket.write('\r\n\r\n');
    await until(() => pongs > 0, 2000, 'keep-alive pong');
    socket.write(text.slice(0, 100));
    socket.write(text.slice(100));
    await until(
      () => messages.some((m) => m.ok && m.message.kind === 'response' && m.message.status === 200),
      3000,
      '200 over TCP',
    );
    const ok = messages
      .map((m) => (m.ok ? m.message : undefined))
      .find((m) => m?.kind === 'response' && m.status === 200);
    expect(ok?.headers.get('contact')).toContain('transport=tcp');
    const toTag = parseNameAddr(ok?.headers.get('to') ?? '')?.params.get('tag') ?? '';
    socket.write(
      inDialogText({
        clientPort: localPort,
        gatewayPort: gateway.port,
        callId: 'tcp1',
        method: 'ACK',
        toTag,
        cseq: 1,
      }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP'),
    );
    await until(() => leg !== undefined, 2000, 'leg');
    void leg!.hangup();
    await until(
      () => messages.some((m) => m.ok && m.message.kind === 'request' && m.message.method === 'BYE'),
      3000,
      'BYE over TCP',
    );
    socket.destroy();
  });
});
