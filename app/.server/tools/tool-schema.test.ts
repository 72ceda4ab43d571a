// Full JSON Schema for tool arguments (Ajv, draft 2020-12 with formats) and JSONPath response mapping
// (jsonpath-plus): what LLM function calling can send is what the tool checks, with readable errors.
import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from './json-path-lite';
import {
  formatSchemaErrors,
  schemaCompilations,
  schemaProblem,
  validateAgainstSchema,
} from './json-schema-lite';
import { createToolsPort } from './tools-port';

/** A CRM contact: a person or a company (oneOf), addresses through $ref/$defs, formats on every leaf. */
const contactSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: {
    address: {
      type: 'object',
      properties: {
        city: { type: 'string', minLength: 1 },
        zip: { type: 'string', pattern: '^\\d{6}$' },
      },
      required: ['city', 'zip'],
      additionalProperties: false,
    },
  },
  properties: {
    contact: {
      oneOf: [
        {
          type: 'object',
          properties: { kind: { const: 'person' }, email: { type: 'string', format: 'email' } },
          required: ['kind', 'email'],
        },
        {
          type: 'object',
          properties: { kind: { const: 'company' }, inn: { type: 'string', pattern: '^\\d{10}$' } },
          required: ['kind', 'inn'],
        },
      ],
    },
    callbackAt: { type: 'string', format: 'date-time' },
    website: { type: 'string', format: 'uri' },
    leadId: { type: 'string', format: 'uuid' },
    addresses: { type: 'array', items: { $ref: '#/$defs/address' }, minItems: 1 },
  },
  required: ['contact', 'addresses'],
};

const valid = {
  contact: { kind: 'person', email: 'anna@example.ru' },
  callbackAt: '2026-12-08T10:30:00+03:00',
  website: 'https://example.ru/about',
  leadId: '2f1c7a52-3a4e-4f7e-9b1d-0c5e8a7d6b41',
  addresses: [{ city: 'Москва', zip: '101000' }],
};

describe('tool arguments through Ajv (draft 2020-12, formats)', () => {
  it('accepts arguments that fit a schema with oneOf, $ref and formats', () => {
    expect(validateAgainstSchema(contactSchema, valid)).toEqual([]);
    expect(
      validateAgainstSchema(contactSchema, { ...valid, contact: { kind: 'company', inn: '7707083893' } }),
    ).toEqual([]);
  });

  it('names the field and the problem for formats and $ref targets', () => {
    const errors = validateAgainstSchema(contactSchema, {
      ...valid,
      callbackAt: 'tomorrow at ten',
      website: 'not a url',
      leadId: '42',
      addresses: [
        { city: 'Москва', zip: '101000' },
        { city: '', zip: '1010', floor: 3 },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'callbackAt', message: 'must be a valid date-time' },
        { path: 'website', message: 'must be a valid uri' },
        { path: 'leadId', message: 'must be a valid uuid' },
        { path: 'addresses[1].city', message: 'must be at least 1 characters' },
        { path: 'addresses[1].zip', message: 'must match ^\\d{6}$' },
        { path: 'addresses[1].floor', message: 'is not allowed' },
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('reports a failed oneOf once, at the field, with the closest branch', () => {
    const errors = validateAgainstSchema(contactSchema, {
      ...valid,
      contact: { kind: 'person', email: 'anna-at-example' },
    });
    expect(errors).toEqual([
      {
        path: 'contact',
        message: 'must match one of the allowed forms (closest: contact.email must be a valid email)',
      },
    ]);
    const both = validateAgainstSchema({ oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] }, 3);
    expect(formatSchemaErrors(both)).toBe('(root) matches more than one of the allowed forms (0 and 1)');
  });

  it('reads draft-07 schemas ($schema and definitions) the same way', () => {
    const draft7 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      definitions: { phone: { type: 'string', pattern: '^\\+7\\d{10}$' } },
      type: 'object',
      properties: { phone: { $ref: '#/definitions/phone' } },
      required: ['phone'],
    };
    expect(validateAgainstSchema(draft7, { phone: '+79161234567' })).toEqual([]);
    expect(validateAgainstSchema(draft7, { phone: '8916' })).toEqual([
      { path: 'phone', message: 'must match ^\\+7\\d{10}$' },
    ]);
  });

  it('says when the schema itself is broken, and the port refuses the call', async () => {
    const broken = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    expect(schemaProblem(broken)).toMatch(/missing/);
    expect(schemaProblem(contactSchema)).toBeNull();
    const port = createToolsPort({
      definitions: [
        {
          name: 'broken',
          kind: 'http',
          method: 'GET',
          urlTemplate: 'https://x.example/',
          parameters: broken,
        },
      ],
      resolveCredential: async () => '',
      allowHosts: [],
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const outcome = await port.invoke({ name: 'broken', args: {}, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(!outcome.ok && outcome.error).toMatch(
      /invalid arguments: \(schema\) the tool's schema is invalid/,
    );
  });

  it('compiles each schema once', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    const before = schemaCompilations();
    validateAgainstSchema(schema, { n: 1 });
    // A tool version's schema arrives as a fresh object on every turn: the same text compiles once.
    for (let i = 0; i < 50; i += 1) validateAgainstSchema(structuredClone(schema), { n: i });
    expect(schemaCompilations() - before).toBe(1);
  });
});

describe('response mapping through JSONPath (jsonpath-plus)', () => {
  const answer = {
    data: {
      items: [
        { id: 7, active: true, price: 100 },
        { id: 8, active: false, price: 250 },
      ],
    },
    'x-request': 'r1',
  };

  it('keeps the short dotted paths tool authors already wrote', () => {
    expect(readJsonPath(answer, 'data.items[1].id')).toBe(8);
    expect(readJsonPath(answer, '["x-request"]')).toBe('r1');
    expect(readJsonPath([{ name: 'a' }, { name: 'b' }], '[1].name')).toBe('b');
    expect(readJsonPath(answer, 'data.items[5].id')).toBeUndefined();
    expect(readJsonPath(answer, 'data.__proto__')).toBeUndefined();
  });

  it('reads full JSONPath: filters, wildcards, recursive descent and slices give every match', () => {
    expect(readJsonPath(answer, '$.data.items[?(@.active)].id')).toEqual([7]);
    expect(readJsonPath(answer, '$..price')).toEqual([100, 250]);
    expect(readJsonPath(answer, '$.data.items[*].id')).toEqual([7, 8]);
    expect(readJsonPath(answer, '$.data.items[-1:]')).toEqual([answer.data.items[1]]);
    expect(readJsonPath(answer, '$.data.items[0].price')).toBe(100);
    expect(readJsonPath(answer, '$.data.items[?(@.price > 1000)].id')).toBeUndefined();
  });

  it('never runs code from a filter', () => {
    const hostile = '$.data.items[?(@.constructor.constructor("return process")().exit())]';
    expect(readJsonPath(answer, hostile)).toBeUndefined();
  });

  it('parses definite paths into steps and refuses malformed ones', () => {
    expect(parseJsonPath('data.items[0].id')).toEqual(['data', 'items', 0, 'id']);
    expect(parseJsonPath('$.meta["x-y"]')).toEqual(['meta', 'x-y']);
    expect(() => parseJsonPath('data.items[')).toThrow(/bad path/);
    expect(() => parseJsonPath('$..id')).toThrow(/several/);
  });
});
