import { describe, expect, it } from 'vitest';
import { parseFlowOrThrow } from '../graph/parse-flow';
import { initialState } from '../runtime/initial-state';
import { runTurn } from '../run-turn';
import type { ConversationScript, ExpectedCommand } from './conversation-script';
import { createFakePorts } from './fake-ports';

const flows = import.meta.glob<unknown>('../../fixtures/good/*.json', { eager: true, import: 'default' });
const scripts = import.meta.glob<ConversationScript>('../../fixtures/conversations/*.json', {
  eager: true,
  import: 'default',
});

function flowNamed(name: string): unknown {
  const found = Object.entries(flows).find(([path]) => path.endsWith(`/${name}.json`));
  if (!found) throw new Error(`fixture flow ${name} not found`);
  return found[1];
}

function expectCommand(actual: unknown, expected: ExpectedCommand, where: string): void {
  const { textIncludes, ...shape } = expected;
  expect(actual, where).toMatchObject(shape);
  if (textIncludes !== undefined) expect((actual as { text?: string }).text, where).toContain(textIncludes);
}

describe('scripted conversations', () => {
  it('cover both languages', () => {
    const names = Object.keys(scripts).map((path) => path.split('/').pop() ?? '');
    expect(names.some((name) => name.startsWith('ru-'))).toBe(true);
    expect(names.some((name) => name.startsWith('en-'))).toBe(true);
  });

  for (const [path, script] of Object.entries(scripts)) {
    it(`${path.split('/').pop()}: ${script.description}`, async () => {
      const flow = parseFlowOrThrow(typeof script.flow === 'string' ? flowNamed(script.flow) : script.flow);
      const ports = createFakePorts({ ...script.ports, tickMs: 1 });
      let state = initialState(flow);
      for (const [index, turn] of script.turns.entries()) {
        const where = `turn ${index + 1} (${turn.event.type})`;
        const result = await runTurn(flow, state, turn.event, ports);
        state = result.state;
        const summary = JSON.stringify(result.commands, null, 1);
        expect(result.commands.length, `${where}: ${summary}`).toBe(turn.expect.length);
        turn.expect.forEach((expected, position) =>
          expectCommand(result.commands[position], expected, `${where} #${position + 1}: ${summary}`),
        );
        if (turn.expectState) expect(state, where).toMatchObject(turn.expectState);
        const trace = turn.expectTrace;
        if (!trace) continue;
        if (trace.globalHandler) expect(result.trace.globalHandler, where).toBe(trace.globalHandler);
        if (trace.earlySlots)
          expect(
            result.trace.earlySlots.map((slot) => slot.nodeId),
            where,
          ).toEqual(trace.earlySlots);
        if (trace.path)
          expect(
            result.trace.path.map((step) => step.nodeId),
            where,
          ).toEqual(trace.path);
        if (trace.toolCalls)
          expect(
            result.trace.toolCalls.map((call) => call.name),
            where,
          ).toEqual(trace.toolCalls);
        if (trace.llmCalls !== undefined) expect(result.trace.llmCalls.length, where).toBe(trace.llmCalls);
      }
      // The state survives a JSON round trip (Redis) unchanged.
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    });
  }
});
