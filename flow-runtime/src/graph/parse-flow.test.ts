import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from './flow-schema';
import { migrateFlow } from './migrate-flow';
import { parseFlow } from './parse-flow';

const v1 = {
  nodes: [
    { id: 'start', type: 'start', data: {} },
    { id: 'bye', type: 'end', data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', sourcePort: 'next', target: 'bye' }],
  settings: { language: 'en', noInputTimeoutSec: 3.5 },
};

describe('parseFlow', () => {
  it('migrates v1 (sourcePort, timeout in seconds) to the current schema', () => {
    const result = parseFlow(v1);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.migratedFrom).toBe(1);
    expect(result.flow.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(result.flow.edges[0]).toEqual({ id: 'e1', source: 'start', sourceHandle: 'next', target: 'bye' });
    expect(result.flow.settings.noInputTimeoutMs).toBe(3500);
    expect(result.flow.settings).not.toHaveProperty('noInputTimeoutSec');
  });

  it('never mutates the saved object it migrates', () => {
    const saved = structuredClone(v1);
    migrateFlow(saved);
    expect(saved).toEqual(v1);
  });

  it('applies defaults on read, so saved flows keep only what the user set', () => {
    const result = parseFlow({ schemaVersion: 2, nodes: [{ id: 's', type: 'start' }] });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.migratedFrom).toBeNull();
    expect(result.flow.settings).toMatchObject({ language: 'ru', maxTurnSteps: 50, noInputTimeoutMs: 6000 });
    expect(result.flow.settings.globalHandlers.operator).toMatchObject({
      enabled: true,
      mode: 'warm',
    });
    // No made-up default target: the flow's Transfer block or a target the author set.
    expect(result.flow.settings.globalHandlers.operator.target).toBeUndefined();
    expect(result.flow.nodes[0]).toEqual({ id: 's', type: 'start', position: { x: 0, y: 0 }, data: {} });
  });

  it('treats a null sourceHandle (xyflow single handle) as "next"', () => {
    const result = parseFlow({
      schemaVersion: 2,
      nodes: [],
      edges: [{ id: 'e', source: 'a', sourceHandle: null, target: 'b' }],
    });
    expect(result.success && result.flow.edges[0]?.sourceHandle).toBe('next');
  });

  it('rejects flows from a newer platform and damaged files with readable issues', () => {
    const newer = parseFlow({ schemaVersion: 7, nodes: [] });
    expect(newer.success).toBe(false);
    if (!newer.success) expect(newer.issues[0]?.code).toBe('unsupported_schema_version');
    const damaged = parseFlow({ schemaVersion: 2, nodes: 'oops' });
    expect(damaged.success).toBe(false);
    if (!damaged.success) {
      expect(damaged.issues[0]).toMatchObject({ code: 'invalid_flow', field: 'nodes' });
      expect(damaged.issues[0]?.message.ru).toContain('nodes');
    }
    expect(parseFlow('nope').success).toBe(false);
  });
});
