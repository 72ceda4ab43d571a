// Real calls from baresip (Debian's SIP user agent) to the gateway on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { type LegEndReason, type MediaLeg } from '../call/media-leg.ts';
import { type SipGateway } from './sip-gateway.ts';
import { readWavSamples, rms, speechFrames, toneFrames } from './test-support/audio-fixtures.ts';
import { startBaresip, type BaresipPeer } from './test-support/baresip-peer.ts';
import { acceptingRoute, startTestGateway, until } from './test-support/test-gateway.ts';

const callerAudio = () => {
  const frames = toneFrames(440, 6000, 4000);
  const out = new Int16Array(frames.length * 160);
  frames.forEach((f, i) => out.set(f, i * 160));
  return out;
};

describe('SIP gateway with baresip', () => {
  let gateway: SipGateway | undefined;
  let peer: BaresipPeer | undefined;
  afterEach(async () => {
    await peer?.quit();
    await gateway?.close();
    peer = undefined;
    gateway = undefined;
  });

  it('answers, plays a spoken greeting baresip records, takes DTMF, and hangs up', async () => {
    const greeting = await speechFrames('Hello, thank you for calling the demo agent.');
    const digits: string[] = [];
    const received: number[] = [];
    let leg: MediaLeg | undefined;
    let endReason: LegEndReason | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (l) => {
        leg = l;
        l.on('dtmf', (d) => digits.push(d));
        l.on('audio', (frame) => received.push(rms(frame)));
        l.on('ended', (reason) => (endReason = reason));
        for (const frame of greeting) l.play(frame);
      }),
    );
    peer = await startBaresip({ sourcePcm: callerAudio() });
    await peer.command('dial', `sip:agent@127.0.0.1:${gateway.port}`);
    await peer.waitFor('CALL_ESTABLISHED');
    await until(() => leg !== undefined && leg.queuedFrames === 0, 15_000, 'greeting played');

    await peer.command('sndcode', '1234#');
    await until(() => digits.join('') === '1234#', 10_000, 'digits 1234#');
    expect(digits).toEqual(['1', '2', '3', '4', '#']);
    // The caller's tone came through the jitter buffer and decoder.
    expect(received.filter((level) => level > 1000).length).toBeGreaterThan(20);

    await leg?.hangup();
    await peer.waitFor('CALL_CLOSED');
    expect(endReason).toBe('local_hangup');
    expect(leg?.endCause).toBe('BYE sent by platform');
    await until(() => gateway?.activeCalls === 0, 5000, 'call gone');
    await peer.quit();

    const decoded = peer.recordings().find((f) => f.endsWith('-dec.wav'));
    expect(decoded, peer.output()).toBeDefined();
    const samples = readWavSamples(decoded ?? '');
    expect(samples.length).toBeGreaterThan(8000);
    expect(rms(samples)).toBeGreaterThan(300);
    const stats = gateway.stats();
    expect(stats.callsSetup).toBe(1);
    expect(stats.callsFailed).toBe(0);
  }, 40_000);

  it('stops playback and reports remote_hangup when the caller hangs up mid-prompt', async () => {
    let leg: MediaLeg | undefined;
    let endReason: LegEndReason | undefined;
    let endCause: string | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (l) => {
        leg = l;
        l.on('ended', (reason) => {
          endReason = reason;
          endCause = l.endCause; // readable by the time `ended` fires
        });
        for (const frame of toneFrames(600, 20_000)) l.play(frame);
      }),
    );
    peer = await startBaresip({ sourcePcm: callerAudio() });
    await peer.command('dial', `sip:agent@127.0.0.1:${gateway.port}`);
    await peer.waitFor('CALL_ESTABLISHED');
    await until(() => (gateway?.stats().rtp.packetsOut ?? 0) > 25, 5000, 'prompt started');
    await peer.command('hangup');
    await until(() => endReason !== undefined, 5000, 'leg ended');
    expect(endReason).toBe('remote_hangup');
    expect(endCause).toBe('BYE from caller'); // baresip's BYE carries no Reason header
    expect(leg?.queuedFrames).toBe(0);
    const sentAtEnd = gateway.stats().rtp.packetsOut;
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten packet times: nothing more goes out
    expect(gateway.stats().rtp.packetsOut).toBe(sentAtEnd);
    expect(gateway.activeCalls).toBe(0);
  }, 30_000);
});
