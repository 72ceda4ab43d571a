import { describe, expect, it } from 'vitest';
import { TRANSFER_CALL_ID } from '../../runtime/dispatch-event';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';

const flow = (connectFailed: boolean) =>
  buildFlow(
    [
      ['start', 'start'],
      ['ask', 'ask', { prompt: 'Ваш телефон?', variable: 'phone', slotType: 'phone' }],
      [
        'xfer',
        'transfer',
        {
          target: { kind: 'number', value: '+74950000000' },
          mode: 'cold',
          message: 'Перевожу звонок.',
          reason: 'sales_lead',
          summary: 'Лид: {{slots.phone}}',
        },
      ],
      ['sorry', 'end', { message: 'Все заняты, перезвоним.', disposition: 'callback' }],
    ],
    [
      ['start', 'next', 'ask'],
      ['ask', 'next', 'xfer'],
      ...(connectFailed ? ([['xfer', 'failed', 'sorry']] as [string, string, string][]) : []),
    ],
  );

const failed = { type: 'tool_result' as const, callId: TRANSFER_CALL_ID, ok: false, error: 'busy' };

describe('transfer node', () => {
  it('emits a transfer with a handoff packet and waits for the operator', async () => {
    const [, turn, joined] = await runEvents(flow(true), [
      started,
      said('восемь девятьсот шестнадцать 123 45 67'),
      { type: 'operator_joined' },
    ]);
    const transfer = turn?.commands.find((command) => command.type === 'transfer');
    expect(transfer).toMatchObject({
      target: { kind: 'number', value: '+74950000000' },
      mode: 'cold',
      handoff: {
        reason: 'sales_lead',
        summary: expect.stringContaining('Лид: '),
        slots: { phone: expect.any(String) },
      },
    });
    if (transfer?.type === 'transfer')
      expect(transfer.handoff.transcriptExcerpt.at(-1)).toEqual({
        speaker: 'caller',
        text: 'восемь девятьсот шестнадцать 123 45 67',
      });
    expect(turn?.commands.some((command) => command.type === 'listen')).toBe(false);
    expect(turn?.state.waitingFor).toBe('operator');
    expect(joined?.state).toMatchObject({ ended: true, endReason: 'transferred' });
  });

  it('ignores the caller while the transfer rings', async () => {
    const [, , talk] = await runEvents(flow(true), [started, said('89161234567'), said('алло?')]);
    expect(talk?.commands).toEqual([]);
    expect(talk?.state.waitingFor).toBe('operator');
  });

  it('continues through "failed" when the media server reports a failed transfer', async () => {
    const [, , result] = await runEvents(flow(true), [started, said('89161234567'), failed]);
    expect(result?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'callback' });
  });

  it('apologises and hangs up when "failed" is not connected', async () => {
    const [, , result] = await runEvents(flow(false), [started, said('89161234567'), failed]);
    expect(result?.commands.map((command) => command.type)).toEqual(['say', 'hangup']);
    expect(result?.state.endReason).toBe('transfer_failed');
  });
});
