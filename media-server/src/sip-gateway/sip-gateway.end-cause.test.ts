// End causes the call record gets, with a hand-driven UDP peer: calls we place that are refused, ring out
// or are hung up by the callee (with RFC 3326 Reason headers), and a call we answer that loses its RTP.
// Caller BYEs, our BYEs, CANCEL and REFER are covered beside the baresip, SIPp and dialog tests.
import { describe, expect, it } from 'vitest';
import { type MediaLeg } from '../call/media-leg.ts';
import { SipHeaders } from '../sip/sip-headers.ts';
import { reasonClauses } from './end-cause.ts';
import { type OutboundProgress } from './outbound-call.ts';
import { CALL_DIRECTIONS, establishCall } from './test-support/call-directions.ts';
import { inDialogText, pcmuOffer } from './test-support/raw-sip-client.ts';
import { acceptingRoute, until, useSipTestBed } from './test-support/test-gateway.ts';

const CALLEE_TAG = 'callee1';

describe('SIP end causes', () => {
  const bed = useSipTestBed();

  async function dial(ringTimeoutMs?: number) {
    const { gateway, client } = await bed.start(acceptingRoute('agent', () => undefined));
    const progress: OutboundProgress[] = [];
    let leg: MediaLeg | undefined;
    const call = gateway.dial({
      target: `sip:callee@127.0.0.1:${client.port}`,
      peer: { transport: 'udp', address: '127.0.0.1', port: client.port },
      fromUri: 'sip:platform@127.0.0.1',
      codecs: ['PCMU'],
      ...(ringTimeoutMs ? { ringTimeoutMs } : {}),
      onProgress: (p) => progress.push(p),
      onLeg: (l) => (leg = l),
    });
    const invite = await client.request('INVITE');
    const last = () => progress.at(-1);
    return { gateway, client, call, invite, progress, last, leg: () => leg };
  }

  it('an outbound call refused with 486 and a Q.850 Reason reports both', async () => {
    const { client, invite, last } = await dial();
    client.reply(invite, 180, { toTag: CALLEE_TAG });
    client.reply(invite, 486, {
      toTag: CALLEE_TAG,
      headers: [['reason', 'Q.850;cause=17;text="User busy"']],
    });
    await until(() => last()?.state === 'failed', 3000, 'failed');
    expect(last()).toEqual({
      state: 'failed',
      sipCode: 486,
      reason: 'Busy Here; Q.850 cause 17 (User busy)',
      cause: '486 Busy Here; Q.850 cause 17 (User busy)',
    });
  });

  it('an outbound call nobody answers is cancelled, and says so', async () => {
    const { client, invite, last } = await dial(300);
    client.reply(invite, 180, { toTag: CALLEE_TAG });
    const cancel = await client.request('CANCEL', 3000);
    client.reply(cancel, 200);
    client.reply(invite, 487, { toTag: CALLEE_TAG });
    await until(() => last()?.state === 'failed', 3000, 'failed');
    expect(last()).toMatchObject({
      sipCode: 487,
      cause: '487 Request Terminated; CANCEL sent by platform (no answer in time)',
    });
  });

  it('an answered outbound call hung up by the callee carries its BYE and Reason to the leg', async () => {
    const { gateway, client, call, invite, last, leg } = await dial();
    client.reply(invite, 200, {
      toTag: CALLEE_TAG,
      headers: [['contact', `<sip:callee@127.0.0.1:${client.port}>`]],
      body: Buffer.from(pcmuOffer(40010)),
    });
    await client.request('ACK', 3000);
    await until(() => leg() !== undefined, 3000, 'leg');
    let causeAtEnd: string | undefined;
    leg()!.on('ended', () => (causeAtEnd = leg()!.endCause));
    const bye = inDialogText({
      method: 'BYE',
      clientPort: client.port,
      gatewayPort: gateway.port,
      callId: call.callId,
      toTag: call.localTag,
      cseq: 1,
      extraHeaders: ['Reason: Q.850 ;cause=16 ;text="Normal call clearing"'],
    }).replace(`tag=t${call.callId}`, `tag=${CALLEE_TAG}`);
    client.send(bye);
    expect((await client.response(call.callId, { cseq: '1 BYE' })).status).toBe(200);
    const cause = 'BYE from callee; Q.850 cause 16 (Normal call clearing)';
    expect(causeAtEnd).toBe(cause);
    expect(last()).toMatchObject({ state: 'ended', reason: 'remote_hangup', cause });
  });

  it.each(CALL_DIRECTIONS)(
    'an %s call that loses its RTP ends with an RTP timeout and our BYE',
    async (direction) => {
      const call = await establishCall(bed, direction, { mediaTimeoutMs: 400 });
      const bye = await call.client.request('BYE', 5000); // loose: the media clock runs on a shared machine
      call.client.reply(bye, 200);
      expect(bye.headers.get('reason')).toBe('Q.850;cause=41;text="Temporary failure"');
      expect(call.leg.endCause).toBe('RTP timeout; BYE sent by platform');
    },
  );

  it('reads several Reason values and keeps hostile text short and printable', () => {
    const headers = new SipHeaders();
    headers.add('reason', 'SIP;cause=200;text="Call completed elsewhere", Q.850;cause=26');
    headers.add('reason', `Q.850;cause=16;text="${'x'.repeat(300)}\u0007"`);
    headers.add('reason', '<script>;cause=1');
    const clauses = reasonClauses({
      kind: 'request',
      method: 'BYE',
      uri: 'sip:a@b',
      headers,
      body: Buffer.alloc(0),
    });
    expect(clauses.slice(0, 2)).toEqual(['SIP cause 200 (Call completed elsewhere)', 'Q.850 cause 26']);
    expect(clauses[2]?.length).toBeLessThan(100);
    expect(clauses).toHaveLength(3);
  });
});
