// A node type is one folder plus its registry lines: this test defines a whole new type here, registers it in
// a registry of its own, and shows the runtime, the studio's variable analysis and the recogniser's phrase
// list all take it from its definition, with no other file knowing about it.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectedPhrases } from '../analysis/expected-phrases';
import { collectFlowVariables } from '../analysis/flow-variables';
import { compileFlow } from '../graph/compile-flow';
import { initialState } from '../runtime/initial-state';
import type { NodeHandler } from '../runtime/step';
import { runTurn } from '../run-turn';
import { buildFlow, said, started } from '../testing/build-flow';
import { createFakePorts } from '../testing/fake-ports';
import { validateFlow } from '../validation/validate-flow';
import { nodeDefinitionsByType } from './definitions';
import { defineNode, isSingleton } from './node-definition';
import { definitionsOf, nodeEntry } from './node-entry';
import { nodeRegistry } from './registry';

/** Asks when to call back and keeps the caller's choice: what `callback-time/callback-time.node.ts` would hold. */
const callbackTimeNode = defineNode({
  type: 'callback_time',
  label: { ru: 'Время звонка', en: 'Callback time' },
  description: { ru: 'Спросить, когда перезвонить', en: 'Ask when to call back' },
  iconPath: 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M12 7v5l3 3',
  category: 'conversation',
  maxPerFlow: 1,
  dataSchema: z.object({
    prompt: z.string().trim().min(1),
    variable: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .default('callback_time'),
    times: z.array(z.string()).default(['morning', 'evening']),
  }),
  fields: [
    { name: 'prompt', kind: 'textarea', required: true, label: { ru: 'Вопрос', en: 'Question' } },
    { name: 'variable', kind: 'variable', label: { ru: 'Сохранить в', en: 'Save to' } },
    { name: 'times', kind: 'tags', label: { ru: 'Варианты', en: 'Times' } },
  ],
  ports: () => [{ id: 'next', label: { ru: 'Далее', en: 'Next' }, kind: 'main' }],
  listens: () => true,
  variables: {
    templateFields: /^prompt$/,
    sets: (data) => [{ name: data.variable, field: 'variable', kind: 'callback_time', type: 'string' }],
  },
  phrases: (data) => ({ phrases: data.times.map((time) => `in the ${time}`) }),
});

/** What `callback-time/callback-time.handler.ts` would hold. */
const handleCallbackTime: NodeHandler<z.output<typeof callbackTimeNode.dataSchema>> = async (node, ctx) => {
  if (ctx.event?.type !== 'utterance')
    return { outcome: 'wait', commands: [...ctx.say(ctx.render(node.data.prompt)), ctx.listen()] };
  const text = ctx.event.text.toLowerCase();
  const time = node.data.times.find((candidate) => text.includes(candidate)) ?? text;
  return { outcome: 'next', port: 'next', patch: { variables: { [node.data.variable]: time } } };
};

/** The registry lines: here a registry of the test's own, the real one plus the new type. */
const registry = { ...nodeRegistry, callback_time: nodeEntry(callbackTimeNode, handleCallbackTime) };
const definitions = definitionsOf(registry);

const flow = buildFlow(
  [
    ['start', 'start'],
    ['when', 'callback_time', { prompt: 'When shall we call you, {{name}}?' }],
    ['bye', 'end', { message: 'We will call you in the {{callback_time}}.' }],
  ],
  [
    ['start', 'next', 'when'],
    ['when', 'next', 'bye'],
  ],
  { variables: [{ name: 'name', type: 'string', default: 'Anna' }] },
);

describe('a node type defined in one place', () => {
  it('is unknown to the shipped registry, so nothing outside this file knows it', () => {
    expect(Object.keys(nodeRegistry)).not.toContain('callback_time');
    expect(Object.keys(nodeDefinitionsByType)).not.toContain('callback_time');
    expect(compileFlow(flow, nodeRegistry).nodes.get('when')).toMatchObject({
      entry: null,
      dataError: 'unknown type callback_time',
    });
  });

  it('validates with the definitions passed in', () => {
    const report = validateFlow(flow, definitions);
    expect(report.errors).toEqual([]);
    // It listens and has no Transfer block: a caller asking for a person would have nowhere to go.
    expect(report.warnings.map((issue) => issue.code)).toEqual(['no_operator_target']);
    expect(validateFlow(flow).errors.map((issue) => issue.code)).toEqual(['unknown_node_type']);
  });

  it('compiles with the registry passed in, its data parsed by its own schema', () => {
    const node = compileFlow(flow, registry).nodes.get('when');
    expect(node?.entry?.definition).toBe(callbackTimeNode);
    expect(node?.dataError).toBeNull();
    expect(node?.data).toEqual({
      prompt: 'When shall we call you, {{name}}?',
      variable: 'callback_time',
      times: ['morning', 'evening'],
    });
  });

  it('runs turns: asks, listens, stores the answer and goes on', async () => {
    const ports = createFakePorts();
    const first = await runTurn(flow, initialState(flow), started, ports, registry);
    expect(first.commands.map((command) => command.type)).toEqual(['say', 'listen']);
    expect(first.commands[0]).toMatchObject({ text: 'When shall we call you, Anna?' });
    expect(first.state.currentNodeId).toBe('when');

    const second = await runTurn(flow, first.state, said('In the evening, please'), ports, registry);
    expect(second.state.variables.callback_time).toBe('evening');
    expect(second.commands[0]).toMatchObject({ type: 'say', text: 'We will call you in the evening.' });
    expect(second.state.ended).toBe(true);
  });

  it('contributes what it sets and reads to the variable analysis, defaults included', () => {
    const variables = collectFlowVariables(flow, definitions);
    const named = (name: string) => variables.find((variable) => variable.name === name);
    expect(named('callback_time')).toMatchObject({
      type: 'string',
      unset: false,
      setBy: [{ nodeId: 'when', nodeType: 'callback_time', field: 'variable', kind: 'callback_time' }],
      usedBy: [{ nodeId: 'bye', field: 'message', kind: 'template' }],
    });
    expect(named('name')?.usedBy).toEqual([
      { nodeId: 'when', nodeType: 'callback_time', field: 'prompt', kind: 'template' },
    ]);
    // Without the definition the node's strings are all read as templates and it sets nothing.
    const unknown = collectFlowVariables(flow, nodeDefinitionsByType);
    expect(unknown.find((variable) => variable.name === 'callback_time')?.unset).toBe(true);
  });

  it("contributes its callers' phrases to the recogniser's list", () => {
    expect(expectedPhrases(flow, definitions).phrases).toEqual(
      expect.arrayContaining(['in the morning', 'in the evening']),
    );
    expect(expectedPhrases(flow, nodeDefinitionsByType).phrases).not.toContain('in the morning');
  });

  it('is a singleton when its definition says so', () => {
    expect(isSingleton(definitions.callback_time)).toBe(true);
    expect(isSingleton(definitions.say)).toBe(false);
  });
});
