import { describe, expect, it } from 'vitest';
import type { FlowInput } from '#flow-runtime/graph/flow-schema';
import booking from '../../../agent-templates/appointment-booking.en.json';
import { diffFields } from './field-diff';
import { diffGraphs, hasContentChanges, nodeDiffStatus } from './graph-diff';

const base = (): FlowInput => structuredClone(booking) as FlowInput;
const node = (flow: FlowInput, id: string) => {
  const found = flow.nodes.find((n) => n.id === id);
  if (!found) throw new Error(id);
  return found as {
    id: string;
    type: string;
    position: { x: number; y: number };
    data: Record<string, unknown>;
  };
};

describe('diffGraphs', () => {
  it('finds nothing between equal flows', () => {
    const diff = diffGraphs(base(), base());
    expect(diff).toEqual({
      nodes: { added: [], removed: [], changed: [], moved: [] },
      edges: { added: [], removed: [] },
      variables: { added: [], removed: [], changed: [] },
      settings: [],
      tools: { added: [], removed: [], changed: [] },
      knowledgeBases: { added: [], removed: [], changed: [] },
      intents: { added: [], removed: [], changed: [] },
    });
    expect(hasContentChanges(diff)).toBe(false);
  });

  it('lists changed fields of a node by dotted path, keyed by id inside lists that have ids', () => {
    const after = base();
    node(after, 'greeting').data.text = 'Hi there!';
    node(after, 'greeting').data.interruptible = false;
    const router = node(after, 'check_hours').data as { routes: Record<string, unknown>[] };
    router.routes[0] = { ...router.routes[0], expression: 'time < "08:00"' };
    router.routes.unshift({ id: 'weekend', label: 'Weekend', expression: 'false' });
    const service = node(after, 'ask_service').data as { choices: { value: string; synonyms: string[] }[] };
    service.choices[0]?.synonyms.push('new patient visit');
    const diff = diffGraphs(base(), after);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'greeting',
        type: 'say',
        fields: [
          { path: 'text', before: expect.stringContaining("You've reached"), after: 'Hi there!' },
          { path: 'interruptible', before: undefined, after: false },
        ],
      },
      {
        id: 'ask_service',
        type: 'ask',
        fields: [
          {
            path: 'choices.0.synonyms',
            before: ['consultation', 'first visit', 'new patient', 'first time'],
            after: ['consultation', 'first visit', 'new patient', 'first time', 'new patient visit'],
          },
        ],
      },
      {
        id: 'check_hours',
        type: 'router',
        fields: [
          {
            path: 'routes[weekend]',
            before: undefined,
            after: { id: 'weekend', label: 'Weekend', expression: 'false' },
          },
          {
            path: 'routes[outside_hours].expression',
            before: 'time < "09:00" || time > "19:30"',
            after: 'time < "08:00"',
          },
        ],
      },
    ]);
    expect(diff.nodes.moved).toEqual([]);
    expect(hasContentChanges(diff)).toBe(true);
  });

  it('reports a reorder of keyed items once, and a changed type', () => {
    const before = base();
    const router = node(before, 'check_hours').data as { routes: { id: string }[] };
    router.routes.push({ id: 'holiday' });
    const after = structuredClone(before);
    (node(after, 'check_hours').data as { routes: unknown[] }).routes.reverse();
    node(after, 'start_over').type = 'end';
    const diff = diffGraphs(before, after);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'check_hours',
        type: 'router',
        fields: [
          {
            path: 'routes.$order',
            before: ['outside_hours', 'holiday'],
            after: ['holiday', 'outside_hours'],
          },
        ],
      },
      { id: 'start_over', type: 'end', fields: [{ path: 'type', before: 'say', after: 'end' }] },
    ]);
  });

  it('reports position-only moves apart from changes', () => {
    const after = base();
    node(after, 'booked').position = { x: 5000, y: 10 };
    const before = base();
    const diff = diffGraphs(before, after);
    expect(diff.nodes.changed).toEqual([]);
    expect(diff.nodes.moved).toEqual([
      { id: 'booked', type: 'end', before: node(before, 'booked').position, after: { x: 5000, y: 10 } },
    ]);
    expect(hasContentChanges(diff)).toBe(false);
    expect(nodeDiffStatus(diff)).toEqual(new Map([['booked', 'moved']]));
  });

  it('finds added and removed nodes and connections; a re-drawn connection under a new id is no change', () => {
    const after = base();
    after.nodes = after.nodes.filter((n) => n.id !== 'start_over');
    after.edges = (after.edges ?? []).filter((e) => e.source !== 'start_over' && e.target !== 'start_over');
    after.nodes.push({ id: 'sorry', type: 'say', position: { x: 0, y: 900 }, data: { text: 'Sorry.' } });
    after.edges.push({ id: 'e-new', source: 'route_confirm', sourceHandle: 'default', target: 'sorry' });
    after.edges.push({ id: 'e-sorry', source: 'sorry', sourceHandle: 'next', target: 'ask_service' });
    const first = after.edges.find((e) => e.source === 'start');
    if (first) first.id = 'renamed';
    const diff = diffGraphs(base(), after);
    expect(diff.nodes.added).toEqual([{ id: 'sorry', type: 'say' }]);
    expect(diff.nodes.removed).toEqual([{ id: 'start_over', type: 'say' }]);
    expect(diff.edges.added).toEqual([
      { id: 'e-new', source: 'route_confirm', sourceHandle: 'default', target: 'sorry' },
      { id: 'e-sorry', source: 'sorry', sourceHandle: 'next', target: 'ask_service' },
    ]);
    expect(diff.edges.removed.map((e) => `${e.source}.${e.sourceHandle}→${e.target}`)).toEqual([
      'route_confirm.default→start_over',
      'start_over.next→ask_service',
    ]);
    expect(nodeDiffStatus(diff)).toEqual(
      new Map([
        ['sorry', 'added'],
        ['start_over', 'removed'],
      ]),
    );
  });

  it('diffs variables by name, settings by path, and tools, knowledge bases and intents by key', () => {
    const before = base();
    const after = base();
    after.variables = [
      ...(after.variables ?? [])
        .filter((v) => v.name !== 'time')
        .map((v) => (v.name === 'company_name' ? { ...v, default: 'Bright Smile' } : v)),
      { name: 'phone', type: 'string' },
    ];
    after.settings = {
      language: 'en',
      noInputTimeoutMs: 8000,
      globalHandlers: { operator: { targetNodeId: 'to_reception' } },
    };
    after.tools = [
      { name: 'book', description: 'Books a slot', http: { method: 'POST', url: 'https://example.test' } },
    ];
    after.knowledgeBases = [{ id: 'kb1', name: 'FAQ' }];
    before.intents = [{ name: 'price', examples: ['how much'] }];
    after.intents = [{ name: 'price', examples: ['how much', 'price'] }];
    const diff = diffGraphs(before, after);
    expect(diff.variables).toEqual({
      added: [{ name: 'phone', type: 'string' }],
      removed: [{ name: 'time', type: 'string' }],
      changed: [
        {
          key: 'company_name',
          fields: [{ path: 'default', before: 'Greenfield Clinic', after: 'Bright Smile' }],
        },
      ],
    });
    expect(diff.settings).toEqual([
      { path: 'noInputTimeoutMs', before: undefined, after: 8000 },
      { path: 'globalHandlers', before: undefined, after: { operator: { targetNodeId: 'to_reception' } } },
    ]);
    expect(diff.tools.added.map((t) => t.name)).toEqual(['book']);
    expect(diff.knowledgeBases.added).toEqual([{ id: 'kb1', name: 'FAQ' }]);
    expect(diff.intents.changed).toEqual([
      { key: 'price', fields: [{ path: 'examples', before: ['how much'], after: ['how much', 'price'] }] },
    ]);
  });

  it('gives the same answer every time (stable order)', () => {
    const after = base();
    for (const n of after.nodes) if (n.type === 'ask') (n.data as Record<string, unknown>).maxRetries = 3;
    const once = diffGraphs(base(), after);
    expect(once.nodes.changed.map((c) => c.id)).toEqual(['ask_service', 'ask_date', 'ask_time', 'confirm']);
    expect(diffGraphs(base(), after)).toEqual(once);
  });
});

describe('diffFields', () => {
  it('walks nested objects, index arrays of objects, and treats a missing key as undefined', () => {
    expect(
      diffFields(
        { a: { b: 1, c: undefined }, list: [{ v: 1 }, { v: 2 }] },
        { a: { b: 2 }, list: [{ v: 1 }, { v: 3 }, { v: 4 }] },
      ),
    ).toEqual([
      { path: 'a.b', before: 1, after: 2 },
      { path: 'list.1.v', before: 2, after: 3 },
      { path: 'list.2', before: undefined, after: { v: 4 } },
    ]);
    expect(diffFields(1, 'x', 'root')).toEqual([{ path: 'root', before: 1, after: 'x' }]);
  });
});
