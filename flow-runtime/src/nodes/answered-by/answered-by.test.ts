import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import { initialState } from '../../runtime/initial-state';
import { buildFlow, runEvents } from '../../testing/build-flow';

const flow = buildFlow(
  [
    ['start', 'start'],
    ['who', 'answered_by'],
    ['person', 'say', { text: 'Здравствуйте!' }],
    ['voicemail', 'end', { message: 'Перезвоним позже.', disposition: 'machine' }],
    ['unsure', 'say', { text: 'Алло?' }],
  ],
  [
    ['start', 'next', 'who'],
    ['who', 'human', 'person'],
    ['who', 'machine', 'voicemail'],
    ['who', 'unknown', 'unsure'],
  ],
);

const outbound: CallEvent = { type: 'call_started', caller: {}, direction: 'outbound' };
/** As the media server starts an outbound call: the detector's verdict among the call's variables. */
const answered = (answeredBy?: string) =>
  runEvents(flow, [outbound], {}, initialState(flow, {}, answeredBy ? { answered_by: answeredBy } : {}));

describe('answered_by node', () => {
  it('takes the branch the answering-machine detector chose', async () => {
    const [human] = await answered('human');
    expect(human?.commands[0]).toMatchObject({ type: 'say', text: 'Здравствуйте!' });
    const [machine] = await answered('machine');
    expect(machine?.commands).toEqual([
      expect.objectContaining({ type: 'say', text: 'Перезвоним позже.' }),
      { type: 'hangup', disposition: 'machine' },
    ]);
  });

  it('goes to "unknown" without a verdict or with an unexpected one', async () => {
    for (const verdict of [undefined, 'fax']) {
      const [turn] = await answered(verdict);
      expect(turn?.commands[0]).toMatchObject({ type: 'say', text: 'Алло?' });
    }
  });
});
