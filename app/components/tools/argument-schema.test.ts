import { describe, expect, it } from 'vitest';
import { rowsFromSchema, sampleArgs, schemaFromRows, textToHeaders, textToMapping } from './argument-schema';

describe('argument schema editing', () => {
  it('goes from form rows to JSON Schema and back', () => {
    const schema = schemaFromRows([
      { name: 'orderId', type: 'string', description: 'Order number', required: true },
      { name: 'count', type: 'integer', description: '', required: false },
      { name: ' ', type: 'string', description: '', required: true },
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: { orderId: { type: 'string', description: 'Order number' }, count: { type: 'integer' } },
      required: ['orderId'],
    });
    expect(rowsFromSchema(schema)).toEqual([
      { name: 'orderId', type: 'string', description: 'Order number', required: true },
      { name: 'count', type: 'integer', description: '', required: false },
    ]);
    expect(sampleArgs(schema)).toEqual({ orderId: '', count: 1 });
  });

  it('leaves a schema the form cannot show to the JSON editor', () => {
    expect(rowsFromSchema({ type: 'object', properties: { tags: { type: 'array', items: {} } } })).toBeNull();
    expect(
      rowsFromSchema({ type: 'object', properties: { kind: { type: 'string', enum: ['a'] } } }),
    ).toBeNull();
  });

  it('reads header and mapping lines', () => {
    expect(textToHeaders('X-Api-Version: 2\n\nAccept: application/json')).toEqual({
      'X-Api-Version': '2',
      Accept: 'application/json',
    });
    expect(textToMapping('order_status = order.status\neta=order.eta')).toEqual({
      order_status: 'order.status',
      eta: 'order.eta',
    });
  });
});
