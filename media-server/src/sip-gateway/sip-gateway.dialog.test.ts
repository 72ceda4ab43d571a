// Dialog behaviour with a hand-driven UDP/TCP peer. Once answered, a call behaves the same whichever side
// placed it, so the in-dialog cases run in both directions: SIP INFO digits, OPTIONS, CSeq order, hold by
// re-INVITE (o= version, 2xx retransmission, 491 meanwhile), BYE either way and REFER transfer. The
// opening (2xx retransmission and ACK timeout), drain and TCP are the answering side's own.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { type LegEndReason, type MediaLeg } from '../call/media-leg.ts';
import { parseNameAddr } from '../sip/header-values.ts';
import { parseSipMessage } from '../sip/sip-parser.ts';
import { StreamFramer } from '../sip/stream-framer.ts';
import { CALL_DIRECTIONS, establishCall } from './test-support/call-directions.ts';
import { inDialogText, inviteText, pcmuOffer } from './test-support/raw-sip-client.ts';
import { acceptingRoute, rtpSink, toTagOf, until, useSipTestBed } from './test-support/test-gateway.ts';
import { toneFrames } from './test-support/audio-fixtures.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const oVersion = (sdp: string) => Number(/o=- \d+ (\d+)/.exec(sdp)?.[1]);
const audioPort = (sdp: string) => /m=audio (\d+)/.exec(sdp)?.[1];

describe.each(CALL_DIRECTIONS)('SIP gateway dialogs, %s call', (direction) => {
  const bed = useSipTestBed();

  it('takes INFO digits (dtmf-relay and dtmf), answers OPTIONS, refuses unknown methods and old CSeqs', async () => {
    const call = await establishCall(bed, direction);
    const digits: string[] = [];
    call.leg.on('dtmf', (d) => digits.push(d));
    const relay = { body: 'Signal=7\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' };
    expect((await call.ask('INFO', 2, relay)).status).toBe(200);
    const plain = { body: '#', contentType: 'application/dtmf' };
    expect((await call.ask('INFO', 3, plain)).status).toBe(200);
    // A signal= line that is not dtmf-relay carries no digit.
    expect((await call.ask('INFO', 4, { body: 'Signal=9', contentType: 'text/plain' })).status).toBe(200);
    expect(digits).toEqual(['7', '#']);

    const options = await call.ask('OPTIONS', 5);
    expect(options.status).toBe(200);
    expect(options.headers.getAll('allow').join(', ')).toContain('UPDATE');
    const message = await call.ask('MESSAGE', 6);
    expect(message.status).toBe(405);
    expect(message.headers.getAll('allow').join(', ')).toContain('INFO');
    // A lower CSeq than the last one is out of order.
    expect((await call.ask('INFO', 1)).status).toBe(500);
  });

  it('holds by re-INVITE: recvonly on the same port, a new o= version, 200 re-sent until ACK, 491 meanwhile', async () => {
    const call = await establishCall(bed, direction);
    const { client, sink } = call;
    await until(() => sink.count() > 5, 2000, 'RTP (comfort silence) to the address the peer gave');
    const before = client.seen(call.callId, 200);
    call.send('INVITE', 3, { body: `${pcmuOffer(sink.port)}a=sendonly\r\n` });
    const held = await client.response(call.callId, { cseq: '3 INVITE' });
    expect(held.status).toBe(200);
    expect(held.body.toString()).toMatch(/a=recvonly/);
    expect(audioPort(held.body.toString())).toBe(audioPort(call.ourSdp));
    expect(oVersion(held.body.toString())).toBe(oVersion(call.ourSdp) + 1);
    await until(() => client.seen(call.callId, 200) >= before + 2, 3000, 'the 200 re-sent');
    // RFC 3261 14.2: our 200 to an INVITE is not acknowledged yet, so another INVITE must wait.
    const glare = await call.ask('INVITE', 4, { body: pcmuOffer(sink.port) });
    expect(glare.status).toBe(491);
    expect(glare.headers.get('retry-after')).toBeDefined();
    call.send('ACK', 3);
    await pause(60);
    const quietFrom = sink.count();
    const seenAfterAck = client.seen(call.callId, 200);
    await pause(300); // longer than the next retransmit interval
    expect(sink.count() - quietFrom).toBeLessThanOrEqual(1);
    expect(client.seen(call.callId, 200)).toBe(seenAfterAck);

    // The same description again is no change: the version stays.
    const again = await call.ask('UPDATE', 5, { body: `${pcmuOffer(sink.port)}a=sendonly\r\n` });
    expect(again.status).toBe(200);
    expect(oVersion(again.body.toString())).toBe(oVersion(call.ourSdp) + 1);
    // An offer we cannot use is refused and changes nothing.
    const g729 = pcmuOffer(sink.port, '18').replace(/a=rtpmap:0.*\r\n/, '');
    expect((await call.ask('UPDATE', 6, { body: g729 })).status).toBe(488);
  });

  it('a BYE from the peer ends the leg with its cause', async () => {
    const call = await establishCall(bed, direction);
    let ended: LegEndReason | undefined;
    call.leg.on('ended', (reason) => (ended = reason));
    expect((await call.ask('BYE', 2)).status).toBe(200);
    expect(ended).toBe('remote_hangup');
    expect(call.leg.endCause).toBe(`BYE from ${call.farEnd}`); // a BYE without a Reason header
    expect(call.gateway.activeCalls).toBe(0);
    expect((await call.ask('INFO', 3)).status).toBe(481);
  });

  it('our hangup sends BYE with a Reason', async () => {
    const call = await establishCall(bed, direction);
    const hangup = call.leg.hangup();
    const bye = await call.client.request('BYE');
    expect(bye.headers.get('reason')).toBe('Q.850;cause=16;text="Normal call clearing"');
    call.client.reply(bye, 200);
    await hangup;
    expect(call.leg.endCause).toBe('BYE sent by platform');
    expect(call.gateway.stats().callsEnded).toBe(1);
    expect(call.gateway.activeCalls).toBe(0);
  });

  it(
    direction === 'inbound'
      ? 'transfers by REFER, and leaves the call when the NOTIFY says the target answered'
      : 'refuses a transfer on a call we placed',
    async () => {
      const call = await establishCall(bed, direction);
      const { client, leg } = call;
      if (direction === 'outbound') {
        await expect(leg.transfer({ target: '+15551234', mode: 'cold' })).rejects.toThrow(/not supported/);
        expect(call.gateway.activeCalls).toBe(1);
        return;
      }
      let ended: LegEndReason | undefined;
      leg.on('ended', (r) => (ended = r));
      const transfer = leg.transfer({ target: '+15551234', mode: 'cold' });
      const refer = await client.request('REFER');
      expect(refer.headers.get('refer-to')).toBe('<sip:+15551234@127.0.0.1:' + client.port + '>');
      client.reply(refer, 202);
      const notify = {
        body: 'SIP/2.0 200 OK\r\n',
        contentType: 'message/sipfrag',
        extraHeaders: ['Event: refer', 'Subscription-State: terminated;reason=noresource'],
      };
      expect((await call.ask('NOTIFY', 4, notify)).status).toBe(200);
      const bye = await client.request('BYE');
      expect(bye.headers.get('reason')).toBe('Q.850;cause=16;text="Normal call clearing"');
      client.reply(bye, 200);
      await transfer;
      expect(ended).toBe('transferred');
      expect(leg.endCause).toBe('REFER accepted (transferred); BYE sent by platform');
      expect(call.gateway.activeCalls).toBe(0);
    },
  );
});

describe('SIP gateway dialogs, the answering side', () => {
  const bed = useSipTestBed();

  it('retransmits 200 until ACK, then sends media', async () => {
    const { gateway, client } = await bed.start(acceptingRoute('agent', () => undefined));
    const sink = bed.closeAfter(await rtpSink());
    const base = { clientPort: client.port, gatewayPort: gateway.port, callId: 'dlg1' };
    client.send(inviteText({ ...base, sdp: pcmuOffer(sink.port) }));
    const ok = await client.response('dlg1');
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toMatch(/a=sendrecv/);
    await until(() => client.seen('dlg1', 200) >= 3, 3000, 'two 200 retransmissions');
    client.send(inDialogText({ ...base, method: 'ACK', toTag: toTagOf(ok), cseq: 1 }));
    const afterAck = client.seen('dlg1', 200);
    await pause(500); // longer than the next retransmit interval
    expect(client.seen('dlg1', 200)).toBe(afterAck);
    await until(() => sink.count() > 5, 2000, 'RTP (comfort silence) to the offered address');
  });

  it('sends BYE and counts a failure when the ACK never comes', async () => {
    let ended: LegEndReason | undefined;
    let cause: string | undefined;
    const { gateway, client } = await bed.start(
      acceptingRoute('agent', (l) =>
        l.on('ended', (r) => {
          ended = r;
          cause = l.endCause;
        }),
      ),
      { timers: { t1: 20, t2: 80, t4: 100 } },
    );
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
    const { gateway, client } = await bed.start(acceptingRoute('agent', (l) => (leg = l)));
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
    const { gateway } = await bed.start(
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
