// The leg's own timing rules, with its signalling side recorded (no network needed for these).
import { describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import type { LegEndReason } from '../call/media-leg.ts';
import { FreeSwitchMediaLeg, type FreeSwitchLegControl } from './freeswitch-media-leg.ts';

function recordingControl() {
  const calls: string[] = [];
  const control: FreeSwitchLegControl = {
    uuid: 'u1',
    api: async (command) => {
      calls.push(`api ${command}`);
      return '+OK';
    },
    bye: async () => void calls.push('bye'),
    refer: async (target) => void calls.push(`refer ${target}`),
  };
  return { calls, control };
}

describe('FreeSWITCH media leg', () => {
  it('hangs up with media_timeout when mod_audio_fork sends nothing', async () => {
    const { calls, control } = recordingControl();
    const leg = new FreeSwitchMediaLeg('c1', 'a', 'b', control, createLogger('leg-test', 'silent'), 300);
    const reason = await new Promise<LegEndReason>((resolve) => leg.on('ended', resolve));
    expect(reason).toBe('media_timeout');
    expect(calls).toEqual(['bye']);
  });

  it('turns FreeSWITCH DTMF events into digits and a CHANNEL_HANGUP into the end of the call', async () => {
    const { calls, control } = recordingControl();
    const leg = new FreeSwitchMediaLeg('c2', 'a', 'b', control, createLogger('leg-test', 'silent'));
    const digits: string[] = [];
    leg.on('dtmf', (d) => digits.push(d));
    const ended = new Promise<LegEndReason>((resolve) => leg.on('ended', resolve));
    const event = (headers: Record<string, string>) => ({
      headers: new Map(Object.entries(headers)),
      body: '',
    });
    leg.onEslEvent(event({ 'Event-Name': 'DTMF', 'DTMF-Digit': '5' }));
    leg.onEslEvent(event({ 'Event-Name': 'DTMF', 'DTMF-Digit': 'x' })); // not a key: ignored
    leg.onEslEvent(event({ 'Event-Name': 'CHANNEL_HANGUP' }));
    expect(digits).toEqual(['5']);
    expect(await ended).toBe('error');
    expect(calls).toEqual(['bye']);
    await leg.sendDtmf('9').catch(() => undefined);
    await expect(leg.sendDtmf('99')).rejects.toThrow('not a DTMF digit');
  });

  it('sends both transfer modes as a REFER', async () => {
    const { calls, control } = recordingControl();
    const leg = new FreeSwitchMediaLeg('c3', 'a', 'b', control, createLogger('leg-test', 'silent'));
    await leg.transfer({ target: '+74950001122', mode: 'warm' });
    expect(calls).toEqual(['refer +74950001122']);
    await leg.hangup();
  });
});
