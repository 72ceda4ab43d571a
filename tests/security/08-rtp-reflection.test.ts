// Issue 14, item 8: an INVITE could point our audio at any address (200 INVITEs made 10 MB of RTP towards
// a chosen target). Media now waits for the answer (our 200 acknowledged by ACK), goes to the address the
// signalling came from, and otherwise only where the far end's own packets come from (symmetric RTP).
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaLeg } from '../../media-server/src/call/media-leg.ts';
import { buildRtp } from '../../media-server/src/rtp/rtp-packet.ts';
import type { SipGateway } from '../../media-server/src/sip-gateway/sip-gateway.ts';
import {
  createRawSipClient,
  inDialogText,
  inviteText,
  pcmuOffer,
  type RawSipClient,
} from '../../media-server/src/sip-gateway/test-support/raw-sip-client.ts';
import {
  acceptingRoute,
  startTestGateway,
  until,
} from '../../media-server/src/sip-gateway/test-support/test-gateway.ts';
import { parseNameAddr } from '../../media-server/src/sip/header-values.ts';
import { pause } from '../../media-server/src/telephony/test-support/recording-listener.ts';

interface Sink {
  port: number;
  address: string;
  packets(): number;
  send(data: Buffer, port: number): void;
  close(): void;
}

async function rtpSink(address: string): Promise<Sink> {
  const socket = dgram.createSocket('udp4');
  let packets = 0;
  socket.on('message', () => (packets += 1));
  const port = await new Promise<number>((resolve) =>
    socket.bind(0, address, () => resolve(socket.address().port)),
  );
  return {
    port,
    address,
    packets: () => packets,
    send: (data, to) => socket.send(data, to, '127.0.0.1'),
    close: () => socket.close(),
  };
}

/** An offer whose c= line names `address` (the victim), sent from the raw client on 127.0.0.1. */
const offerTo = (address: string, port: number) =>
  pcmuOffer(port).replace(/IN IP4 127\.0\.0\.1/g, `IN IP4 ${address}`);

const rtpPacket = (sequence: number) =>
  buildRtp({
    marker: false,
    payloadType: 0,
    sequence,
    timestamp: sequence * 160,
    ssrc: 7,
    payload: Buffer.alloc(160, 0xff),
  });
const ourRtpPort = (sdp: string) => Number(/m=audio (\d+)/.exec(sdp)?.[1]);
const toTagOf = (headers: { get(name: string): string | undefined }) =>
  parseNameAddr(headers.get('to') ?? '')?.params.get('tag') ?? '';

describe('RTP goes only to a far end that answered and is where it says it is', () => {
  let gateway: SipGateway | undefined;
  let client: RawSipClient | undefined;
  const sinks: Sink[] = [];
  afterEach(async () => {
    await client?.close();
    await gateway?.close();
    for (const sink of sinks.splice(0)) sink.close();
    client = undefined;
  });

  async function start(onLeg: (leg: MediaLeg) => void = () => undefined) {
    // The agent speaks at once, so any media the gateway would send shows up.
    gateway = await startTestGateway(
      acceptingRoute('agent', (leg) => {
        for (let i = 0; i < 200; i += 1) leg.play(new Int16Array(160).fill(3000));
        onLeg(leg);
      }),
      { addressPolicy: { allowHosts: [] } },
    );
    client = await createRawSipClient(gateway.port);
    return { gateway, client };
  }

  async function sink(address = '127.0.0.1') {
    const made = await rtpSink(address);
    sinks.push(made);
    return made;
  }

  it('sends nothing before the ACK, even to the address the INVITE came from', async () => {
    const { gateway: sip, client: peer } = await start();
    const media = await sink('127.0.0.1');
    const base = { clientPort: peer.port, gatewayPort: sip.port, callId: 'noack' };
    peer.send(inviteText({ ...base, sdp: pcmuOffer(media.port) }));
    const ok = await peer.response('noack');
    expect(ok.status).toBe(200);
    await pause(1000);
    expect(media.packets()).toBe(0);
    // Once the caller acknowledges the answer, the call's media flows.
    peer.send(inDialogText({ ...base, method: 'ACK', toTag: toTagOf(ok.headers), cseq: 1 }));
    await until(() => media.packets() > 10, 3000, 'RTP after the ACK');
  });

  it('many unanswered INVITEs aimed at a third party make no RTP at all', async () => {
    const { gateway: sip, client: peer } = await start();
    const victim = await sink('127.0.0.2');
    for (let i = 0; i < 20; i += 1)
      peer.send(
        inviteText({
          clientPort: peer.port,
          gatewayPort: sip.port,
          callId: `flood${i}`,
          sdp: offerTo('127.0.0.2', victim.port),
        }),
      );
    await pause(1500);
    expect(victim.packets()).toBe(0);
  });

  it('an answered call whose SDP names another address gets media only where its own RTP comes from', async () => {
    const { gateway: sip, client: peer } = await start();
    const victim = await sink('127.0.0.2');
    const caller = await sink('127.0.0.1'); // the caller's real media socket, on its signalling address
    const base = { clientPort: peer.port, gatewayPort: sip.port, callId: 'latch' };
    peer.send(inviteText({ ...base, sdp: offerTo('127.0.0.2', victim.port) }));
    const ok = await peer.response('latch');
    peer.send(inDialogText({ ...base, method: 'ACK', toTag: toTagOf(ok.headers), cseq: 1 }));
    await pause(800);
    expect(victim.packets()).toBe(0);
    expect(caller.packets()).toBe(0);
    // The caller's first packet teaches us where its media really is (symmetric RTP).
    const port = ourRtpPort(ok.body.toString());
    for (let seq = 0; seq < 3; seq += 1) caller.send(rtpPacket(seq), port);
    await until(() => caller.packets() > 10, 3000, 'RTP to the latched address');
    expect(victim.packets()).toBe(0);
  });

  it('a packet from a private address that is neither the signalling nor the SDP address is not latched onto', async () => {
    const { gateway: sip, client: peer } = await start();
    const victim = await sink('127.0.0.2');
    const intruder = await rtpSink('127.0.0.3');
    sinks.push(intruder);
    const base = { clientPort: peer.port, gatewayPort: sip.port, callId: 'intrude' };
    peer.send(inviteText({ ...base, sdp: offerTo('127.0.0.2', victim.port) }));
    const ok = await peer.response('intrude');
    peer.send(inDialogText({ ...base, method: 'ACK', toTag: toTagOf(ok.headers), cseq: 1 }));
    const port = ourRtpPort(ok.body.toString());
    intruder.send(rtpPacket(1), port);
    await pause(800);
    expect(victim.packets()).toBe(0);
    expect(intruder.packets()).toBe(0);
    expect(sip.stats().rtp.packetsOut).toBe(0);
  });
});
