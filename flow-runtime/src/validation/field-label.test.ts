// Issue 18: validation names a field as the inspector labels it ("Question"), never by its key ("prompt").
import { describe, expect, it } from 'vitest';
import { nodeDefinitionsByType } from '../nodes/definitions';
import { validateFlow } from './validate-flow';
import { fieldLabel } from './field-label';

const flowWith = (node: { id: string; type: string; data: Record<string, unknown> }) => ({
  schemaVersion: 2,
  nodes: [{ id: 'start', type: 'start', data: {} }, node],
  edges: [{ id: 'e0', source: 'start', target: node.id }],
});

describe('field labels in validation messages', () => {
  it('names an empty Ask question "Question" in English and «Вопрос» in Russian', () => {
    const report = validateFlow(flowWith({ id: 'ask1', type: 'ask', data: { prompt: '' } }));
    const missing = report.errors.find((e) => e.code === 'required_field_missing' && e.field === 'prompt');
    expect(missing?.nodeId).toBe('ask1');
    expect(missing?.message.en).toContain('"Question"');
    expect(missing?.message.ru).toContain('«Вопрос»');
    expect(missing?.message.en).not.toContain('"prompt"');
  });

  it('names a list item by its list, number and field', () => {
    const fields = nodeDefinitionsByType['set_variable']!.fields;
    expect(fieldLabel(fields, ['assignments', 0, 'variable'])).toEqual({
      en: 'Assignments › 1 › Variable',
      ru: 'Присваивания › 1 › Переменная',
    });
    expect(fieldLabel(fields, ['unknown', 'key'])).toEqual({ en: 'unknown.key', ru: 'unknown.key' });
  });

  it('names a missing object by the first of the fields it is shown as (a new Transfer block)', () => {
    const report = validateFlow(flowWith({ id: 't1', type: 'transfer', data: {} }));
    const missing = report.errors.find((e) => e.nodeId === 't1' && e.field === 'target');
    expect(missing?.message.ru).toContain('«Куда переводить»');
    expect(missing?.message.en).toContain('"Transfer to"');
  });
});
