import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  sendJson,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../providers/test-support/local-http-server';
import { clearBuiltinToolsForTests, registerBuiltinTool } from './builtin-tools';
import { readJsonPath } from './json-path-lite';
import { validateAgainstSchema, type SchemaError } from './json-schema-lite';
import { renderJsonBody, renderUrl } from './arg-templates';
import type { HttpToolDefinitionInput } from './tool-definition';
import { createToolsPort } from './tools-port';

let server: LocalHttpServer;
beforeAll(async () => {
  server = await startLocalHttpServer();
});
afterAll(() => server.close());
afterEach(() => clearBuiltinToolsForTests());

const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const signal = () => new AbortController().signal;

const bookingSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2, maxLength: 40 },
    phone: { type: 'string', pattern: '^\\+7\\d{10}$' },
    guests: { type: 'integer', minimum: 1, maximum: 8 },
    slot: { type: 'string', enum: ['morning', 'evening'] },
    vip: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'phone', 'guests'],
  additionalProperties: false,
};

describe('json-schema-lite', () => {
  it('accepts valid arguments', () => {
    expect(
      validateAgainstSchema(bookingSchema, {
        name: 'Анна',
        phone: '+79161234567',
        guests: 2,
        slot: 'evening',
        vip: false,
        tags: ['a'],
      }),
    ).toEqual([]);
  });
  it('reports every field error by path', () => {
    const errors = validateAgainstSchema(bookingSchema, {
      name: 'A',
      phone: '8916',
      guests: 2.5,
      slot: 'night',
      vip: 'yes',
      tags: ['a', 3],
      extra: 1,
    });
    const byPath = (a: SchemaError, b: SchemaError) => a.path.localeCompare(b.path);
    expect([...errors].sort(byPath)).toEqual(
      [
        { path: 'name', message: 'must be at least 2 characters' },
        { path: 'phone', message: 'must match ^\\+7\\d{10}$' },
        { path: 'guests', message: 'must be integer, got number' },
        { path: 'slot', message: 'must be one of "morning", "evening"' },
        { path: 'vip', message: 'must be boolean, got string' },
        { path: 'tags[1]', message: 'must be string, got number' },
        { path: 'extra', message: 'is not allowed' },
      ].sort(byPath),
    );
    expect(validateAgainstSchema(bookingSchema, { guests: 9 })).toEqual([
      { path: 'name', message: 'is required' },
      { path: 'phone', message: 'is required' },
      { path: 'guests', message: 'must be <= 8' },
    ]);
    expect(validateAgainstSchema(bookingSchema, 'x')).toEqual([
      { path: '(root)', message: 'must be object, got string' },
    ]);
  });
});

describe('templates and json-path-lite', () => {
  it('URL-encodes arguments in URLs', () => {
    expect(renderUrl('http://h/search?q={{args.q}}&p={{ args.page }}', { q: 'a&b=c/../d ё', page: 2 })).toBe(
      'http://h/search?q=a%26b%3Dc%2F..%2Fd%20%D1%91&p=2',
    );
  });
  it('JSON-escapes arguments in bodies, standalone or inside strings', () => {
    const body = renderJsonBody(
      '{"name": "{{args.name}}", "guests": {{args.n}}, "meta": {{args.meta}}, "note": "n={{args.n}}"}',
      {
        name: 'Ann", "admin": true, "x": "\\',
        n: 3,
        meta: { a: [1, 'two'] },
      },
    );
    expect(JSON.parse(body)).toEqual({
      name: 'Ann", "admin": true, "x": "\\',
      guests: 3,
      meta: { a: [1, 'two'] },
      note: 'n=3',
    });
  });
  it('reads paths', () => {
    const doc = { data: { items: [{ id: 7 }, { id: 8 }] }, 'x-y': 1 };
    expect(readJsonPath(doc, 'data.items[1].id')).toBe(8);
    expect(readJsonPath(doc, '["x-y"]')).toBe(1);
    expect(readJsonPath(doc, 'data.items[5].id')).toBeUndefined();
    expect(readJsonPath(doc, 'data.__proto__')).toBeUndefined();
  });
});

describe('HTTP tools through createToolsPort (local server)', () => {
  const base = (): HttpToolDefinitionInput => ({
    name: 'book_table',
    description: 'Books a table',
    parameters: bookingSchema,
    kind: 'http',
    method: 'POST',
    urlTemplate: `${server.url}/restaurants/{{args.slot}}/bookings?name={{args.name}}`,
    headers: { Authorization: 'Bearer {{credential:cred_1}}', 'X-Guest': '{{args.name}}' },
    bodyTemplate: '{"name": "{{args.name}}", "phone": "{{args.phone}}", "guests": {{args.guests}}}',
    responseMapping: { bookingId: 'data.booking.id', firstTable: 'data.tables[0]' },
    timeoutMs: 2_000,
    retries: 2,
  });
  const args = { name: 'Анна Иванова', phone: '+79161234567', guests: 2, slot: 'evening' };

  function port(definitions: HttpToolDefinitionInput[], allowHosts = ['127.0.0.1']) {
    return createToolsPort({
      definitions,
      resolveCredential: async (id) => {
        if (id === 'cred_1') return 'secret-token';
        throw new Error('no such credential');
      },
      allowHosts,
      logger: silentLogger,
      backoffMs: 10,
    });
  }

  it('renders URL, headers (with the credential) and body, and maps the response', async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 201, { data: { booking: { id: 'bk_42' }, tables: [5, 6] } }),
    );
    const outcome = await port([base()]).invoke({ name: 'book_table', args, signal: signal() });
    expect(outcome).toEqual({ ok: true, result: { bookingId: 'bk_42', firstTable: 5 }, status: 201 });
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(
      '/restaurants/evening/bookings?name=%D0%90%D0%BD%D0%BD%D0%B0%20%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0',
    );
    expect(req.headers.authorization).toBe('Bearer secret-token');
    expect(req.headers['x-guest']).toBe(encodeURIComponent('Анна') + ' ' + encodeURIComponent('Иванова'));
    expect(JSON.parse(req.body.toString())).toEqual({
      name: 'Анна Иванова',
      phone: '+79161234567',
      guests: 2,
    });
  });

  it('validates arguments before any request is sent', async () => {
    const before = server.requests.length;
    const outcome = await port([base()]).invoke({
      name: 'book_table',
      args: { name: 'A', guests: 0 },
      signal: signal(),
    });
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error: 'invalid arguments: phone is required; name must be at least 2 characters; guests must be >= 1',
    });
    expect(server.requests.length).toBe(before);
  });

  it('does not retry a POST, retries an idempotent GET with backoff', async () => {
    let calls = 0;
    server.setHandler((_req, res) => {
      calls += 1;
      if (calls < 3) sendJson(res, 503, { error: 'busy' });
      else sendJson(res, 200, { data: { booking: { id: 'x' }, tables: [] } });
    });
    const post = await port([base()]).invoke({ name: 'book_table', args, signal: signal() });
    expect(post).toEqual({
      ok: false,
      error: 'HTTP 503',
      retryable: true,
      status: 503,
      body: '{"error":"busy"}',
    });
    expect(calls).toBe(1);

    calls = 0;
    const get = await port([{ ...base(), method: 'GET', bodyTemplate: undefined }]).invoke({
      name: 'book_table',
      args,
      signal: signal(),
    });
    expect(get).toMatchObject({ ok: true, status: 200 });
    expect(calls).toBe(3);
  });

  it('does not retry a 4xx', async () => {
    let calls = 0;
    server.setHandler((_req, res) => {
      calls += 1;
      sendJson(res, 404, { error: 'nope' });
    });
    const outcome = await port([{ ...base(), method: 'GET', bodyTemplate: undefined }]).invoke({
      name: 'book_table',
      args,
      signal: signal(),
    });
    expect(outcome).toEqual({
      ok: false,
      error: 'HTTP 404',
      retryable: false,
      status: 404,
      body: '{"error":"nope"}',
    });
    expect(calls).toBe(1);
  });

  it('sends every URL through the SSRF guard: loopback is refused unless allow-listed', async () => {
    const before = server.requests.length;
    const outcome = await port([base()], []).invoke({ name: 'book_table', args, signal: signal() });
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect((outcome as { error: string }).error).toMatch(/^blocked: .*non-public 127\.0\.0\.1/);
    expect(server.requests.length).toBe(before);
    const meta = await port([
      { ...base(), urlTemplate: 'http://169.254.169.254/latest/meta-data/{{args.name}}' },
    ]).invoke({ name: 'book_table', args, signal: signal() });
    expect(meta).toMatchObject({ ok: false, retryable: false });
  });

  it('times out a slow endpoint as a retryable failure', async () => {
    server.setHandler((_req, res) => void setTimeout(() => sendJson(res, 200, {}), 800));
    const outcome = await port([{ ...base(), timeoutMs: 150, retries: 0 }]).invoke({
      name: 'book_table',
      args,
      signal: signal(),
    });
    expect(outcome).toEqual({ ok: false, error: 'timed out after 150 ms', retryable: true });
  });

  it('never throws: unknown tools, missing credentials and broken templates become outcomes', async () => {
    const p = port([
      base(),
      { ...base(), name: 'needs_missing_cred', headers: { Authorization: '{{credential:nope}}' } },
      { ...base(), name: 'bad_template', urlTemplate: `${server.url}/{{args.missing}}` },
    ]);
    expect(await p.invoke({ name: 'nope', args: {}, signal: signal() })).toEqual({
      ok: false,
      error: 'unknown tool "nope"',
      retryable: false,
    });
    expect(await p.invoke({ name: 'needs_missing_cred', args, signal: signal() })).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(await p.invoke({ name: 'bad_template', args, signal: signal() })).toEqual({
      ok: false,
      error: 'template refers to missing argument "missing"',
      retryable: false,
    });
  });

  it('dispatches to registered built-in tools, catching their crashes', async () => {
    registerBuiltinTool('end_call', async (a) => ({ ok: true, result: { ended: a.reason } }));
    registerBuiltinTool('crashy', async () => {
      throw new Error('boom');
    });
    expect(() => registerBuiltinTool('end_call', async () => ({ ok: true, result: null }))).toThrow(
      /already registered/,
    );
    const p = port([]);
    expect(await p.invoke({ name: 'end_call', args: { reason: 'done' }, signal: signal() })).toEqual({
      ok: true,
      result: { ended: 'done' },
    });
    expect(await p.invoke({ name: 'crashy', args: {}, signal: signal() })).toEqual({
      ok: false,
      error: 'internal error in tool',
      retryable: false,
    });
  });
});
