import { describe, expect, it } from 'vitest';
import type { FlowInput } from '#flow-runtime/graph/flow-schema';
import booking from '../../agent-templates/appointment-booking.ru.json';
import support from '../../agent-templates/inbound-support.en.json';
import lead from '../../agent-templates/lead-qualification.ru.json';
import {
  collectFlowVariables as collectWith,
  nodeDefinitionsByType,
  placeholdersIn,
  variablesInExpression,
  variableSuggestions,
  type FlowVariableInfo,
} from '#flow-runtime/editor';

// The studio's variables panel over the real agent templates, with the registry's node definitions.
const collectFlowVariables = (flow: FlowInput) => collectWith(flow, nodeDefinitionsByType);

const named = (list: FlowVariableInfo[], name: string) => {
  const found = list.find((v) => v.name === name);
  if (!found) throw new Error(`no variable ${name}`);
  return found;
};
const sites = (list: { nodeId: string; field: string; kind: string }[]) =>
  list.map((s) => `${s.nodeId}:${s.field}:${s.kind}`);

describe('collectFlowVariables', () => {
  it('finds where each variable of the lead qualification template is set and used', () => {
    const variables = collectFlowVariables(lead as FlowInput);
    expect(variables.map((v) => v.name)).toEqual([
      'company_name',
      'lead_name',
      'company_size',
      'budget',
      'timeline',
      'qualified',
      'lead_summary',
      'last_utterance',
      'caller_number',
      'language',
    ]);
    const size = named(variables, 'company_size');
    expect(size).toMatchObject({
      declared: { type: 'number' },
      type: 'number',
      builtIn: false,
      unset: false,
    });
    expect(sites(size.setBy)).toEqual(['ask_company_size:variable:ask']);
    expect(sites(size.usedBy)).toEqual([
      'score_lead:assignments.0.value:expression',
      'score_lead:assignments.1.value:template',
    ]);
    expect(sites(named(variables, 'qualified').setBy)).toEqual([
      'score_lead:assignments.0.variable:set_variable',
    ]);
    expect(sites(named(variables, 'qualified').usedBy)).toEqual([
      'route_lead:routes.0.expression:expression',
    ]);
    expect(sites(named(variables, 'lead_summary').usedBy)).toEqual(['to_sales:summary:template']);
    expect(sites(named(variables, 'company_name').usedBy)).toEqual(['greeting:text:template']);
    expect(named(variables, 'company_name').declared).toEqual({ type: 'string', default: 'Ромашка' });
    expect(named(variables, 'language')).toMatchObject({ builtIn: true, setBy: [], usedBy: [] });
  });

  it('counts {{slots.x}} as a use of x, and a router input as a use', () => {
    const dates = named(collectFlowVariables(booking as FlowInput), 'date');
    expect(sites(dates.usedBy)).toEqual(['confirm:prompt:template', 'booked:message:template']);
    const topic = named(collectFlowVariables(support as FlowInput), 'topic');
    expect(sites(topic.setBy)).toEqual(['ask_topic:variable:ask']);
    expect(sites(topic.usedBy)).toEqual(['route_topic:input:input', 'answer:prompt:template']);
  });

  it('infers types, applies node defaults, and flags variables nobody sets', () => {
    const flow: FlowInput = {
      schemaVersion: 2,
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'ok', type: 'ask', data: { prompt: 'Agree?', slotType: 'yes_no', variable: 'agreed' } },
        { id: 'kb', type: 'knowledge', data: { knowledgeBaseIds: ['kb1'] } },
        {
          id: 'crm',
          type: 'tool',
          data: {
            tool: 'crm',
            args: { phone: '{{caller_number}}' },
            resultVariable: 'customer',
            mappings: [{ variable: 'tier', path: 'tier' }],
          },
        },
        {
          id: 'say',
          type: 'say',
          data: { text: '{{knowledge_text}} {{customer.name}}, {{ghost}}! {{ghost}}' },
        },
        {
          id: 'route',
          type: 'router',
          data: { mode: 'intent', routes: [{ id: 'x', examples: ['{{not_a_template}}'] }] },
        },
      ],
    };
    const variables = collectFlowVariables(flow);
    expect(named(variables, 'agreed').type).toBe('boolean');
    expect(named(variables, 'knowledge')).toMatchObject({
      type: 'list',
      setBy: [{ nodeId: 'kb', kind: 'knowledge_result' }],
    });
    expect(named(variables, 'knowledge_text').type).toBe('string');
    expect(sites(named(variables, 'customer').setBy)).toEqual(['crm:resultVariable:tool_result']);
    expect(sites(named(variables, 'tier').setBy)).toEqual(['crm:mappings.0.variable:tool_mapping']);
    expect(sites(named(variables, 'caller_number').usedBy)).toEqual(['crm:args.phone:template']);
    expect(sites(named(variables, 'last_utterance').usedBy)).toEqual([
      'kb:query:template',
      'route:input:input',
    ]);
    expect(named(variables, 'ghost')).toMatchObject({
      unset: true,
      usedBy: [{ nodeId: 'say', field: 'text' }],
    });
    expect(named(variables, 'customer').unset).toBe(false);
    expect(variables.map((v) => v.name)).not.toContain('not_a_template');
  });

  it('suggests variables and the spoken form of slots for autocomplete', () => {
    const suggestions = variableSuggestions(collectFlowVariables(booking as FlowInput)).map((s) => s.insert);
    expect(suggestions).toEqual(
      expect.arrayContaining(['service', 'date', 'slots.date', 'slots.time', 'last_utterance']),
    );
    expect(suggestions).not.toContain('slots.company_name');
  });
});

describe('variable references', () => {
  it('reads placeholders and expression variables', () => {
    expect(placeholdersIn('Hi {{ name }}, {{order.id}} on {{slots.date}}')).toEqual([
      'name',
      'order',
      'date',
    ]);
    expect(variablesInExpression('len(name) > 2 && !empty(slots.date) || total * 2 >= limit')).toEqual([
      'name',
      'date',
      'total',
      'limit',
    ]);
    expect(variablesInExpression('a ==')).toEqual([]);
  });
});
