import { describe, expect, it } from 'vitest';
import { definitionsByType } from '#flow-runtime/editor';
import type { NodeDefinition } from '#flow-runtime/editor';
import { isShown, withDefaults, writeField } from './node-data';
import { nodeSummary, portsOf } from './node-summary';

const ask = definitionsByType.ask as unknown as NodeDefinition;
const router = definitionsByType.router as unknown as NodeDefinition;

describe('node data in the inspector', () => {
  it('writes dotted paths and removes emptied keys (only what the user set is saved)', () => {
    expect(writeField({}, 'target.kind', 'queue')).toEqual({ target: { kind: 'queue' } });
    expect(writeField({ target: { kind: 'queue' } }, 'target.kind', '')).toEqual({});
    expect(writeField({ maxRetries: 2 }, 'maxRetries', Number.NaN)).toEqual({});
  });

  it('shows schema defaults while required fields are still empty, without inventing values for them', () => {
    const shown = withDefaults(ask, {});
    expect(shown.slotType).toBe('free_text');
    expect(shown.maxRetries).toBe(2);
    expect(shown.prompt).toBeUndefined();
    expect(shown.variable).toBeUndefined();
  });

  it('applies showIf from the node or the list item', () => {
    const pattern = ask.fields.find((f) => f.name === 'validation.pattern')!;
    expect(isShown(pattern, {}, { slotType: 'email' })).toBe(true);
    expect(isShown(pattern, {}, { slotType: 'number' })).toBe(false);
  });

  it('summarises a node and gives ports even for incomplete data', () => {
    expect(nodeSummary(ask, { prompt: 'Your name?' })).toEqual({ text: 'Your name?' });
    expect(portsOf(router, {})).toEqual([]);
    expect(portsOf(router, { routes: [{ id: 'a' }] }).map((p) => p.id)).toEqual(['a', 'default']);
  });
});
