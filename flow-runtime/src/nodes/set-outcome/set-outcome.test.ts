import { describe, expect, it } from 'vitest';
import { buildFlow, runEvents, said, started } from '../../testing/build-flow';

describe('set_outcome node', () => {
  it('records typed outcome fields in campaign_outcome, keeping earlier ones', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['ask', 'ask', { prompt: 'Придёте?', variable: 'coming', slotType: 'yes_no' }],
        ['confirmed', 'set_outcome', { field: 'confirmed', mode: 'expression', value: 'coming' }],
        ['note', 'set_outcome', { field: 'note', value: 'ответ: {{last_utterance}}' }],
        ['count', 'set_outcome', { field: 'visits', value: '2' }],
        ['bye', 'end'],
      ],
      [
        ['start', 'next', 'ask'],
        ['ask', 'next', 'confirmed'],
        ['confirmed', 'next', 'note'],
        ['note', 'next', 'count'],
        ['count', 'next', 'bye'],
      ],
    );
    const [, turn] = await runEvents(flow, [started, said('да, приду')]);
    expect(turn?.state.variables.campaign_outcome).toEqual({
      confirmed: true,
      note: 'ответ: да, приду',
      visits: 2,
    });
  });

  it('leaves the field unset and goes on when its expression fails', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['bad', 'set_outcome', { field: 'x', mode: 'expression', value: '1 +' }],
        ['bye', 'end'],
      ],
      [
        ['start', 'next', 'bad'],
        ['bad', 'next', 'bye'],
      ],
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.state.variables.campaign_outcome).toBeUndefined();
    expect(turn?.state.ended).toBe(true);
  });
});
