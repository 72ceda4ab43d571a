import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import type { MessagingPort } from '../../ports';
import { buildFlow, runEvents } from '../../testing/build-flow';
import { createFakePorts } from '../../testing/fake-ports';

const call = (number: string): CallEvent => ({
  type: 'call_started',
  caller: { number },
  direction: 'inbound',
});

const flow = buildFlow(
  [
    ['start', 'start'],
    ['set', 'set_variable', { assignments: [{ variable: 'time', value: '15:00' }] }],
    ['send', 'send_message', { channelId: 'ch1', templateId: 'tpl1' }],
    ['ok', 'end', { message: 'Отправили SMS', disposition: 'sent' }],
    ['no', 'end', { message: 'Не вышло', disposition: 'not_sent' }],
  ],
  [
    ['start', 'next', 'set'],
    ['set', 'next', 'send'],
    ['send', 'sent', 'ok'],
    ['send', 'failed', 'no'],
  ],
  { settings: { providerTimeoutMs: 50 } },
);

describe('send message node', () => {
  it('queues the template to the caller with the flow variables, and records it', async () => {
    const sent: Parameters<MessagingPort['send']>[0][] = [];
    const messaging: MessagingPort = {
      send: async (m) => {
        sent.push(m);
        return { id: 'm1', status: 'queued' };
      },
    };
    const [turn] = await runEvents(flow, [call('+79161234567')], { ...createFakePorts(), messaging });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channelId: 'ch1', templateId: 'tpl1', to: '+79161234567' });
    expect(sent[0]!.variables).toMatchObject({ time: '15:00', caller_number: '+79161234567' });
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Отправили SMS' });
    expect(turn!.state.variables.message).toEqual({ id: 'm1', status: 'queued', to: '+79161234567' });
  });

  it('takes failed with the refusal in the log when the template is refused', async () => {
    const messaging: MessagingPort = {
      send: async () => {
        throw new Error('The template needs values it was not given. Missing: doctor');
      },
    };
    const [turn] = await runEvents(flow, [call('+79161234567')], { ...createFakePorts(), messaging });
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Не вышло' });
    // The refusal is in the turn's trace, where the test console shows it.
    expect(JSON.stringify(turn!.trace)).toContain('Missing: doctor');
  });

  it('takes failed without a project (no messaging port)', async () => {
    const [turn] = await runEvents(flow, [call('+79161234567')], createFakePorts());
    expect(turn!.commands[0]).toMatchObject({ type: 'say', text: 'Не вышло' });
  });
});
