// Broken SIP and SDP over UDP: the gateway answers what it can with an error, drops the rest, and keeps
// serving real calls afterwards.
import { describe, expect, it } from 'vitest';
import { inviteText, pcmuOffer } from './test-support/raw-sip-client.ts';
import { runSipp } from './test-support/sipp.ts';
import { acceptingRoute, useSipTestBed } from './test-support/test-gateway.ts';

describe('SIP gateway against malformed input', () => {
  const bed = useSipTestBed();

  it('answers or ignores broken messages and still completes a real call', async () => {
    const { gateway, client: c } = await bed.start(acceptingRoute('agent', () => undefined));
    const base = { clientPort: c.port, gatewayPort: gateway.port };
    const ask = async (callId: string, text: string) => {
      c.send(text);
      return (await c.response(callId)).status;
    };

    // Garbage and binary noise are dropped: the next OPTIONS is the first thing answered.
    c.send('hello there\r\n\r\n');
    c.send(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    c.send('INVITE sip:agent@127.0.0.1 SIP/2.0\r\nVia: nonsense\r\n\r\n');
    const options = inviteText({ ...base, callId: 'opt1' })
      .replace(/INVITE/g, 'OPTIONS')
      .replace('CSeq: 1 OPTIONS', 'CSeq: 7 OPTIONS');
    c.send(options);
    const optionsResponse = await c.response('opt1');
    expect(optionsResponse.status).toBe(200);
    expect(optionsResponse.headers.get('allow')).toContain('INVITE');

    expect(
      await ask(
        'badcseq',
        inviteText({ ...base, callId: 'badcseq', replace: { 'CSeq:': 'CSeq: x INVITE' } }),
      ),
    ).toBe(400);
    expect(
      await ask(
        'badlen',
        inviteText({ ...base, callId: 'badlen', replace: { 'Content-Length:': 'Content-Length: 900' } }),
      ),
    ).toBe(400);
    expect(
      await ask('mismatch', inviteText({ ...base, callId: 'mismatch', replace: { 'CSeq:': 'CSeq: 1 BYE' } })),
    ).toBe(400);
    expect(
      await ask(
        'badfrom',
        inviteText({ ...base, callId: 'badfrom', replace: { 'From:': 'From: "unterminated <sip:x' } }),
      ),
    ).toBe(400);
    expect(
      await ask(
        'junksdp',
        inviteText({ ...base, callId: 'junksdp', sdp: 'this is not sdp\r\n\u0000\u0001' }),
      ),
    ).toBe(488);
    expect(
      await ask(
        'g729',
        inviteText({ ...base, callId: 'g729', sdp: pcmuOffer(40000, '18').replace(/a=rtpmap:0.*\r\n/, '') }),
      ),
    ).toBe(488);
    expect(
      await ask(
        'noport',
        inviteText({
          ...base,
          callId: 'noport',
          sdp: 'v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio banana RTP/AVP 0\r\n',
        }),
      ),
    ).toBe(488);
    expect(
      await ask('nobody', inviteText({ ...base, callId: 'nobody', user: 'nobody', sdp: pcmuOffer(40000) })),
    ).toBe(404);
    expect(
      await ask(
        'xml',
        inviteText({
          ...base,
          callId: 'xml',
          sdp: '<x/>',
          replace: { 'Content-Type:': 'Content-Type: application/xml' },
        }),
      ),
    ).toBe(415);
    expect(
      await ask(
        'req',
        inviteText({ ...base, callId: 'req', extraHeaders: ['Require: 100rel'], sdp: pcmuOffer(40000) }),
      ),
    ).toBe(420);
    expect(
      await ask(
        'hops',
        inviteText({
          ...base,
          callId: 'hops',
          replace: { 'Max-Forwards:': 'Max-Forwards: 0' },
          sdp: pcmuOffer(40000),
        }),
      ),
    ).toBe(483);
    expect(
      await ask(
        'stray',
        inviteText({ ...base, callId: 'stray' })
          .replace(/INVITE/g, 'BYE')
          .replace('To: <sip:agent@127.0.0.1', 'To: <sip:agent@127.0.0.1')
          .replace(/(To: [^\r]*)/, '$1;tag=nope'),
      ),
    ).toBe(481);
    expect(
      await ask('weird', inviteText({ ...base, callId: 'weird' }).replace(/INVITE/g, 'FROBNICATE')),
    ).toBe(501);
    expect(gateway.stats().malformedMessages).toBeGreaterThanOrEqual(6);
    expect(gateway.activeCalls).toBe(0);

    const run = await runSipp({ scenario: 'uac-rtp-echo.xml', service: 'agent', gatewayPort: gateway.port });
    expect(run.exitCode, run.output).toBe(0);
    expect(gateway.stats().callsSetup).toBe(1);
  }, 30_000);
});
