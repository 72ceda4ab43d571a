import { describe, expect, it } from 'vitest';
import { toCanvas, toFlow } from './flow-document';
import { createStudioStore } from './studio-store';

const graph = {
  schemaVersion: 2,
  nodes: [
    { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
    { id: 'hello', type: 'say', position: { x: 300, y: 0 }, data: { text: 'Hello' } },
    { id: 'bye', type: 'end', position: { x: 600, y: 0 }, data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
  settings: { language: 'en' },
};

const make = (readOnly = false) => createStudioStore(toCanvas(graph), { revision: 1, readOnly });

describe('studio store', () => {
  it('round-trips a flow without adding canvas state or defaults', () => {
    const store = make();
    store.getState().selectOnly('hello');
    const flow = toFlow(store.getState());
    expect(flow.nodes).toEqual(graph.nodes);
    expect(flow.edges).toEqual(graph.edges);
    expect(flow.settings).toEqual({ language: 'en' });
  });

  it('undoes and redoes edits, and marks the draft dirty', () => {
    const store = make();
    const id = store.getState().addNode('ask', { x: 10, y: 20 });
    expect(store.getState().nodes.map((n) => n.id)).toContain(id);
    expect(store.getState().saveStatus).toBe('dirty');
    store.getState().undo();
    expect(store.getState().nodes.map((n) => n.id)).not.toContain(id);
    store.getState().redo();
    expect(store.getState().nodes.map((n) => n.id)).toContain(id);
  });

  it('keeps typing in one field as one undo step', () => {
    const store = make();
    for (const text of ['H', 'He', 'Hey']) store.getState().updateNodeData('hello', { text });
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes.find((n) => n.id === 'hello')?.data).toEqual({ text: 'Hello' });
  });

  it('connects by the rules: nothing into Start, no self loops, one edge per port', () => {
    const store = make();
    const { onConnect } = store.getState();
    onConnect({ source: 'hello', sourceHandle: 'next', target: 'start', targetHandle: null });
    onConnect({ source: 'hello', sourceHandle: 'next', target: 'hello', targetHandle: null });
    expect(store.getState().edges).toHaveLength(1);
    onConnect({ source: 'hello', sourceHandle: 'next', target: 'bye', targetHandle: null });
    const ask = store.getState().addNode('ask', { x: 0, y: 200 });
    onConnect({ source: 'hello', sourceHandle: 'next', target: ask, targetHandle: null });
    const fromHello = store.getState().edges.filter((e) => e.source === 'hello');
    expect(fromHello.map((e) => e.target)).toEqual([ask]);
  });

  it('never deletes Start; deleting a node drops its edges', () => {
    const store = make();
    store.getState().onNodesChange([
      { type: 'select', id: 'start', selected: true },
      { type: 'select', id: 'hello', selected: true },
    ]);
    store.getState().deleteSelection();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['start', 'bye']);
    expect(store.getState().edges).toEqual([]);
  });

  it('copies and pastes the selection with fresh ids and the edges between them', () => {
    const store = make();
    store.getState().onConnect({ source: 'hello', sourceHandle: 'next', target: 'bye', targetHandle: null });
    store.getState().onNodesChange([
      { type: 'select', id: 'hello', selected: true },
      { type: 'select', id: 'bye', selected: true },
    ]);
    store.getState().copySelection();
    store.getState().paste();
    const s = store.getState();
    expect(s.nodes).toHaveLength(5);
    const copies = s.nodes.filter((n) => n.selected);
    expect(copies.map((n) => n.type).sort()).toEqual(['end', 'say']);
    expect(copies.every((n) => !['hello', 'bye'].includes(n.id))).toBe(true);
    const copied = s.edges.find((e) => copies.some((c) => c.id === e.source));
    expect(copies.map((c) => c.id)).toContain(copied?.target);
  });

  it('refuses edits when read only', () => {
    const store = make(true);
    store.getState().addNode('say', { x: 0, y: 0 });
    store.getState().updateNodeData('hello', { text: 'changed' });
    expect(store.getState().nodes).toHaveLength(3);
    expect(store.getState().saveStatus).toBe('saved');
  });
});

describe('opening a problem', () => {
  it("selects its block and opens the form at its field, but not for a port's name", () => {
    const store = make();
    store.getState().focusNode('hello', 'text');
    expect(store.getState().nodes.find((n) => n.id === 'hello')?.selected).toBe(true);
    expect(store.getState().focusRequest?.nodeId).toBe('hello');
    expect(store.getState().fieldRequest).toMatchObject({ nodeId: 'hello', field: 'text' });
    store.getState().focusNode('hello', 'next');
    expect(store.getState().fieldRequest).toBeNull();
    store.getState().focusNode('bye');
    expect(store.getState().fieldRequest).toBeNull();
  });

  it('asks the canvas to fit the flow', () => {
    const store = make();
    const before = store.getState().fitRequest;
    store.getState().requestFit();
    expect(store.getState().fitRequest).toBe(before + 1);
  });
});
