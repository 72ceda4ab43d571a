import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandSchema } from '../commands';
import type { CallEvent } from '../events';
import { parseFlowOrThrow } from '../graph/parse-flow';
import { nodeRegistry } from '../nodes/registry';
import { initialState } from '../runtime/initial-state';
import { runTurn } from '../run-turn';
import { createFakePorts } from './fake-ports';

/** Valid data for each node type, so random graphs exercise the walker rather than the data parser. */
const sampleData: Record<string, Record<string, unknown>[]> = {
  say: [{ text: 'Здравствуйте' }, { text: 'Hello {{name}}' }],
  ask: [
    { prompt: 'Имя?', variable: 'name' },
    { prompt: 'Дата?', variable: 'date', slotType: 'date' },
    { prompt: 'Сколько?', variable: 'count', slotType: 'number', maxRetries: 1 },
  ],
  agent: [
    {
      goal: 'help',
      exits: [{ id: 'done', condition: 'done', examples: ['это всё'] }],
      maxTurns: 2,
      knowledgeBaseIds: ['kb'],
    },
  ],
  router: [
    { routes: [{ id: 'a', expression: 'count > 2' }] },
    { mode: 'intent', routes: [{ id: 'a', examples: ['да'] }] },
  ],
  tool: [{ tool: 'crm', timeoutMs: 5 }],
  knowledge: [{ knowledgeBaseIds: ['kb'], timeoutMs: 5 }],
  set_variable: [{ assignments: [{ variable: 'count', mode: 'expression', value: 'count + 1' }] }],
  transfer: [{ target: { kind: 'queue', value: 'sales' } }],
  end: [{ disposition: 'done' }],
  // Some blocks the runtime cannot run: it must apologise, not crash.
  teleport: [{}],
};
const types = Object.keys(sampleData);

const graphArbitrary = fc.integer({ min: 1, max: 10 }).chain((size) =>
  fc.record({
    nodes: fc.array(fc.tuple(fc.constantFrom(...types), fc.nat(2)), { minLength: size, maxLength: size }),
    // For every node and port slot: a target index or -1 (unconnected).
    wiring: fc.array(fc.array(fc.integer({ min: -1, max: size }), { minLength: 4, maxLength: 4 }), {
      minLength: size + 1,
      maxLength: size + 1,
    }),
  }),
);

const eventArbitrary: fc.Arbitrary<CallEvent> = fc.oneof(
  fc
    .constantFrom(
      'да',
      'Иван',
      'завтра в 10:30',
      'три',
      'позовите оператора',
      'повторите пожалуйста',
      'это всё',
      '',
    )
    .map((text): CallEvent => ({ type: 'utterance', text })),
  fc.constantFrom('1', '5', '12#').map((digits): CallEvent => ({ type: 'dtmf', digits })),
  fc.constant<CallEvent>({ type: 'silence' }),
  fc.constant<CallEvent>({ type: 'tool_result', callId: 'transfer', ok: false }),
  fc.constant<CallEvent>({ type: 'operator_joined' }),
  fc.constant<CallEvent>({ type: 'call_started', caller: {}, direction: 'test' }),
);

function buildRandomFlow(graph: { nodes: [string, number][]; wiring: number[][] }) {
  const nodes = [
    { id: 'n0', type: 'start', data: {} },
    ...graph.nodes.map(([type, variant], index) => ({
      id: `n${index + 1}`,
      type,
      data: sampleData[type]?.[variant % (sampleData[type]?.length ?? 1)] ?? {},
    })),
  ];
  const edges: { id: string; source: string; sourceHandle: string; target: string }[] = [];
  nodes.forEach((node, index) => {
    const entry = Object.hasOwn(nodeRegistry, node.type)
      ? nodeRegistry[node.type as keyof typeof nodeRegistry]
      : undefined;
    const parsed = entry?.definition.dataSchema.safeParse(node.data);
    const ports = entry && parsed?.success ? entry.definition.ports(parsed.data) : [];
    ports.forEach((port, slot) => {
      const target = graph.wiring[index]?.[slot % 4] ?? -1;
      if (target >= 0 && target < nodes.length)
        edges.push({ id: `e${edges.length}`, source: node.id, sourceHandle: port.id, target: `n${target}` });
    });
  });
  return parseFlowOrThrow({
    schemaVersion: 2,
    nodes,
    edges,
    variables: [{ name: 'count', type: 'number', default: 0 }],
    settings: { maxTurnSteps: 25, providerTimeoutMs: 5 },
    tools: [{ name: 'crm' }],
    knowledgeBases: [{ id: 'kb' }],
  });
}

describe('random flows (property)', () => {
  it('never crash, never wait silently, never loop past the step budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        graphArbitrary,
        fc.array(eventArbitrary, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (graph, events, toolWorks) => {
          const flow = buildRandomFlow(graph);
          const ports = createFakePorts({
            tools: { crm: toolWorks ? { ok: true, result: { id: 1 } } : { ok: false, error: 'down' } },
            knowledge: [{ id: 'c', text: 'Ответ.', score: 0.9, source: { id: 's', title: 'FAQ' } }],
          });
          let state = initialState(flow);
          for (const event of [
            { type: 'call_started', caller: {}, direction: 'test' } as CallEvent,
            ...events,
          ]) {
            const result = await runTurn(flow, state, event, ports);
            state = result.state;
            for (const command of result.commands)
              expect(commandSchema.safeParse(command).success).toBe(true);
            expect(result.trace.path.length).toBeLessThanOrEqual(flow.settings.maxTurnSteps);
            if (!state.ended && state.waitingFor === 'caller')
              expect(result.commands.at(-1)?.type).toBe('listen');
            // The flow is always somewhere definite: over, with an operator, or listening.
            expect(state.ended || state.waitingFor !== null).toBe(true);
            expect(JSON.parse(JSON.stringify(state))).toEqual(state);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
