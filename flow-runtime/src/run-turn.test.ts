import { describe, expect, it } from 'vitest';
import { commandSchema } from './commands';
import { initialState } from './runtime/initial-state';
import { RuntimeError } from './runtime/runtime-error';
import { runTurn } from './run-turn';
import { buildFlow, runEvents, said, started } from './testing/build-flow';
import { createFakePorts } from './testing/fake-ports';
import type { CallEvent } from './events';

const askFlow = buildFlow(
  [
    ['start', 'start'],
    ['ask', 'ask', { prompt: 'Your name?', variable: 'name' }],
    ['bye', 'end', { message: 'Bye {{name}}' }],
  ],
  [
    ['start', 'next', 'ask'],
    ['ask', 'next', 'bye'],
  ],
  { settings: { language: 'en' } },
);

async function expectRuntimeError(run: Promise<unknown>, code: string, report: boolean) {
  const error = await run.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RuntimeError);
  expect(error).toMatchObject({ code, report });
}

describe('runTurn', () => {
  it('returns commands valid under commandSchema and a JSON-serialisable state', async () => {
    const results = await runEvents(askFlow, [started, said('Ann')]);
    for (const result of results) {
      for (const command of result.commands) expect(commandSchema.safeParse(command).success).toBe(true);
      expect(JSON.parse(JSON.stringify(result.state))).toEqual(result.state);
    }
    expect(results[1]?.commands[0]).toMatchObject({ type: 'say', text: 'Bye Ann' });
  });

  it('never mutates the state it is given', async () => {
    const state = initialState(askFlow);
    const copy = structuredClone(state);
    await runTurn(askFlow, state, started, createFakePorts());
    expect(state).toEqual(copy);
  });

  it('throws typed errors for bad input: event, state, a flow without Start', async () => {
    const ports = createFakePorts();
    await expectRuntimeError(
      runTurn(askFlow, initialState(askFlow), { type: 'dtmf', digits: 'x' } as CallEvent, ports),
      'invalid_event',
      false,
    );
    await expectRuntimeError(
      runTurn(askFlow, { ...initialState(askFlow), turn: -1 }, started, ports),
      'invalid_state',
      true,
    );
    const noStart = buildFlow([['bye', 'end']], []);
    await expectRuntimeError(runTurn(noStart, initialState(noStart), started, ports), 'no_start_node', false);
  });

  it('ends every turn that waits for the caller with a listen, even for events it ignores', async () => {
    const [, ignored, joined] = await runEvents(askFlow, [
      started,
      { type: 'tool_result', callId: 'x', ok: true },
      { type: 'operator_joined' },
    ]);
    expect(ignored?.commands).toEqual([expect.objectContaining({ type: 'listen' })]);
    expect(joined?.commands).toEqual([expect.objectContaining({ type: 'listen' })]);
  });

  it('stops a loop that never listens after maxTurnSteps with a spoken fallback and a hangup', async () => {
    // Validation rejects this flow; the runtime must still survive it.
    const loop = buildFlow(
      [
        ['start', 'start'],
        ['a', 'set_variable', { assignments: [{ variable: 'n', mode: 'expression', value: 'n + 1' }] }],
        ['b', 'say', { text: 'again' }],
      ],
      [
        ['start', 'next', 'a'],
        ['a', 'next', 'b'],
        ['b', 'next', 'a'],
      ],
      {
        settings: { maxTurnSteps: 9, fallbackMessage: { ru: 'Ошибка', en: 'Sorry, we have a problem.' } },
        variables: [{ name: 'n', type: 'number', default: 0 }],
      },
    );
    const [turn] = await runEvents(loop, [started]);
    expect(turn?.trace.stepBudgetExhausted).toBe(true);
    expect(turn?.trace.path).toHaveLength(9);
    expect(turn?.commands.slice(-2)).toEqual([
      { type: 'say', text: 'Ошибка', interruptible: false, cacheable: false, language: 'ru' },
      { type: 'hangup', disposition: 'step_budget_exhausted' },
    ]);
    expect(turn?.state).toMatchObject({ ended: true, endReason: 'step_budget_exhausted' });
  });

  it('apologises instead of crashing on a block it cannot run (unknown type, broken data)', async () => {
    const broken = buildFlow(
      [
        ['start', 'start'],
        ['x', 'teleport'],
      ],
      [['start', 'next', 'x']],
    );
    const [turn] = await runEvents(broken, [started]);
    expect(turn?.commands.map((command) => command.type)).toEqual(['say', 'hangup']);
    expect(turn?.state.endReason).toBe('broken_node');
  });

  it('ends the call quietly when a branch simply ends (an unconnected main port)', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        ['hi', 'say', { text: 'Hi' }],
      ],
      [['start', 'next', 'hi']],
    );
    const [turn] = await runEvents(flow, [started]);
    expect(turn?.commands.at(-1)).toEqual({ type: 'hangup', disposition: 'completed' });
  });

  it('marks the call ended on call_ended and ignores later events', async () => {
    const [, ended, later] = await runEvents(askFlow, [
      started,
      { type: 'call_ended', reason: 'caller_hung_up' },
      said('hello?'),
    ]);
    expect(ended?.commands).toEqual([]);
    expect(ended?.state).toMatchObject({ ended: true, endReason: 'caller_hung_up' });
    expect(later?.commands).toEqual([]);
  });

  it('traces the path, variable changes and step timings from the clock port', async () => {
    const ports = createFakePorts({ tickMs: 2 });
    const [, turn] = await runEvents(askFlow, [started, said('Ann')], ports);
    expect(turn?.trace).toMatchObject({
      turn: 2,
      event: 'utterance',
      path: [
        { nodeId: 'ask', type: 'ask', port: 'next', outcome: 'next' },
        { nodeId: 'bye', type: 'end', port: null, outcome: 'end' },
      ],
      variableChanges: [{ name: 'name', before: null, after: 'Ann', nodeId: 'ask' }],
    });
    expect(turn?.trace.durationMs).toBeGreaterThan(0);
    expect(turn?.trace.path[0]?.durationMs).toBeGreaterThan(0);
  });

  it('keeps a transcript tail and the last prompt for "repeat"', async () => {
    const [first, second] = await runEvents(askFlow, [started, said('can you repeat that')]);
    expect(first?.state.lastPrompt).toBe('Your name?');
    expect(second?.commands[0]).toMatchObject({ type: 'say', text: 'Your name?' });
    expect(second?.state.transcript.map((line) => line.speaker)).toEqual(['agent', 'caller', 'agent']);
  });

  it('starts the flow when the first event is not call_started (browser test calls)', async () => {
    const [turn] = await runEvents(askFlow, [said('hello')]);
    expect(turn?.commands.map((command) => command.type)).toEqual(['say', 'listen']);
  });
});
