// SIPp (Debian's sip-tester) against the gateway: RTP both ways, and CANCEL before answer, with their end causes.
import { afterEach, describe, expect, it } from 'vitest';
import { type LegEndReason } from '../call/media-leg.ts';
import { type SipGateway } from './sip-gateway.ts';
import { type RouteDecision } from './sip-route.ts';
import { rms, toneFrames } from './test-support/audio-fixtures.ts';
import { runSipp } from './test-support/sipp.ts';
import { acceptingRoute, capturingLogger, startTestGateway, until } from './test-support/test-gateway.ts';

describe('SIP gateway with SIPp', () => {
  let gateway: SipGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('sends RTP that comes back through SIPp echo as PCMU, and receives an RFC 4733 digit', async () => {
    let loudFrames = 0;
    const digits: string[] = [];
    let ended: LegEndReason | undefined;
    let cause: string | undefined;
    gateway = await startTestGateway(
      acceptingRoute('agent', (leg) => {
        leg.on('audio', (frame) => {
          if (rms(frame) > 1000) loudFrames += 1;
        });
        leg.on('dtmf', (digit) => digits.push(digit));
        leg.on('ended', (reason) => {
          ended = reason;
          cause = leg.endCause; // set before `ended` fires
        });
        for (const frame of toneFrames(1000, 5000)) leg.play(frame);
      }),
    );
    const run = await runSipp({
      scenario: 'uac-rtp-echo.xml',
      service: 'agent',
      gatewayPort: gateway.port,
      extraArgs: ['-rtp_echo'],
    });
    expect(run.exitCode, run.output).toBe(0);
    await until(() => ended !== undefined, 5000, 'leg ended');
    expect(ended).toBe('remote_hangup');
    expect(cause).toBe('BYE from caller; Q.850 cause 16 (Normal call clearing)');
    // About 2.5 s of call: our tone went out, SIPp echoed it, and it came back decoded.
    expect(loudFrames).toBeGreaterThan(50);
    expect(digits).toEqual(['5']);
    const stats = gateway.stats();
    expect(stats.rtp.packetsOut).toBeGreaterThan(100);
    expect(stats.rtp.packetsIn).toBeGreaterThan(50);
    expect(stats.callsSetup).toBe(1);
  }, 30_000);

  it('answers CANCEL before answer with 200, ends the INVITE with 487, and never creates a leg', async () => {
    let release: ((decision: RouteDecision) => void) | undefined;
    let legs = 0;
    const log = capturingLogger();
    gateway = await startTestGateway(
      () =>
        new Promise<RouteDecision>((resolve) => {
          release = resolve;
        }),
      { logger: log.logger },
    );
    const run = await runSipp({ scenario: 'uac-cancel.xml', service: 'slow', gatewayPort: gateway.port });
    expect(run.exitCode, run.output).toBe(0);
    release?.({ accept: true, onLeg: () => (legs += 1) }); // routing finishing late must not revive the call
    await until(() => gateway?.activeCalls === 0, 2000, 'call forgotten');
    expect(legs).toBe(0);
    // No leg, so no call record: the end cause, with the CANCEL's Reason, is in the gateway's log.
    expect(log.lines().find((line) => line.msg === 'caller cancelled before answer')?.cause).toBe(
      'CANCEL from caller before answer; SIP cause 200 (Call completed elsewhere)',
    );
    expect(gateway.stats()).toMatchObject({ callsSetup: 0, callsRejected: 1, callsFailed: 0 });
  }, 30_000);
});
