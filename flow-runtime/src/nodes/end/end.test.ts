import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';

describe('end node', () => {
  it('says goodbye and hangs up with its disposition', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['bye', 'end', { message: 'Всего доброго!', disposition: 'booked' }],
      ],
      [['start', 'next', 'bye']],
    );
    const [turn, after] = await runEvents(flow, [started, said('алло?')]);
    expect(turn?.commands).toEqual([
      { type: 'say', text: 'Всего доброго!', interruptible: false, cacheable: false, language: 'ru' },
      { type: 'hangup', disposition: 'booked' },
    ]);
    expect(turn?.state).toMatchObject({ ended: true, endReason: 'booked', waitingFor: null });
    // Events after the end change nothing and ask nothing of the media server.
    expect(after?.commands).toEqual([]);
  });

  it('defaults to the "completed" disposition and no message', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['bye', 'end'],
      ],
      [['start', 'next', 'bye']],
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.commands).toEqual([{ type: 'hangup', disposition: 'completed' }]);
  });
});
