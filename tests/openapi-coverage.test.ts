// The OpenAPI description never falls behind the routes: every API route file has its path, every method it
// answers has an operation with a documented answer, and every body or query it reads is documented (the
// schemas come from the zod schemas the routes validate with: app/.server/api/operations/).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#server/api/openapi.ts';

type JsonSchema = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}

const routesDir = resolve(import.meta.dirname, '../app/routes');
const apiRoutes = readdirSync(routesDir).filter(
  (f) =>
    f.startsWith('api.v1.') &&
    !/\.test\.tsx?$/.test(f) &&
    !['api.v1.$.ts', 'api.v1.openapi[.json].ts'].includes(f),
);
const apiDocument = openApiDocument();
const paths = apiDocument.paths as Record<string, Record<string, Operation>>;
const components = apiDocument.components.schemas as Record<string, JsonSchema>;

/**
 * `api.v1.projects.$projectId.audit-log[.csv].ts` → `/projects/{projectId}/audit-log.csv`; an escaped
 * segment (`tools.$toolId.[test].ts`, kept out of the test runner's file pattern) is its plain text.
 */
function pathOf(file: string): string {
  const body = file.replace(/^api\.v1\./, '').replace(/\.tsx?$/, '');
  const segments = body
    .replace(/\[\.(\w+)\]/g, '__DOT__$1')
    .replace(/\[(\w+)\]/g, '$1')
    .split('.');
  return `/${segments.map((s) => s.replace(/^\$(\w+)/, '{$1}').replace('__DOT__', '.')).join('/')}`;
}

interface Handled {
  method: string;
  body: boolean;
  query: boolean;
}

/** Source text of each exported loader or action of a route module (a function or a wrapped handler), by name. */
function exportedHandlers(source: string): Map<string, string> {
  const parts = source.split(/\n(?=export )/);
  const handlers = new Map<string, string>();
  for (const part of parts) {
    const name = /^export (?:(?:async )?function|const) (loader|action)\b/.exec(part)?.[1];
    if (name) handlers.set(name, part);
  }
  return handlers;
}

const READS_BODY = /parseJsonBody\(|jsonBody\(|readFormBody\(|request\.(?:json|formData|text)\(/;
const READS_QUERY = /queryParams\(|queryInput\(|searchParams/;
/** A wrapped action's table of handlers: `POST: async (…) => …`, one key a method. */
const METHOD_KEY = /(?:^\s+|\{ )(POST|PUT|PATCH|DELETE): /gm;

/**
 * The methods a route file answers, and whether each reads a body or the query: a loader answers GET; an
 * action answers the methods of its handler table (the API wrappers), or else those it tests
 * `request.method` for (POST when it tests none); a method reads a body when the code that runs for it does.
 */
function handledBy(file: string): Handled[] {
  const handlers = exportedHandlers(readFileSync(resolve(routesDir, file), 'utf8'));
  const handled: Handled[] = [];
  const loader = handlers.get('loader');
  if (loader) handled.push({ method: 'get', body: false, query: READS_QUERY.test(loader) });
  const action = handlers.get('action');
  if (!action) return handled;
  const keys = [...action.matchAll(METHOD_KEY)];
  if (keys.length > 0) {
    // Code before the table (shared helpers of the module are outside the export) runs for every method.
    keys.forEach((key, i) => {
      const branch = action.slice(key.index, keys[i + 1]?.index ?? action.length);
      handled.push({ method: key[1]!.toLowerCase(), body: READS_BODY.test(branch), query: false });
    });
    return handled;
  }
  const tests = [...action.matchAll(/request\.method (===|!==) '(\w+)'/g)];
  if (tests.length === 0) handled.push({ method: 'post', body: READS_BODY.test(action), query: false });
  tests.forEach((test, i) => {
    const only = test[1] === '!==';
    const branch = only ? action : action.slice(test.index, tests[i + 1]?.index ?? action.length);
    handled.push({ method: test[2]!.toLowerCase(), body: READS_BODY.test(branch), query: false });
  });
  return handled;
}

/** A schema that says something: not `{}` and not a bare `{type: 'object'}`. */
function describesSomething(schema: JsonSchema | undefined): boolean {
  if (!schema) return false;
  if (typeof schema.$ref === 'string') return true;
  if (schema.anyOf || schema.oneOf || schema.allOf || schema.items || schema.enum) return true;
  if (schema.type === 'object') return Object.keys((schema.properties ?? {}) as object).length > 0;
  return typeof schema.type === 'string' || Array.isArray(schema.type);
}

describe('OpenAPI description', () => {
  it.each(apiRoutes)('describes %s', (file) => {
    expect(Object.keys(paths)).toContain(pathOf(file));
  });

  const cases = apiRoutes.flatMap((file) => handledBy(file).map((h) => [file, h.method, h] as const));

  it('finds the methods of every route file', () => {
    for (const file of apiRoutes) expect(handledBy(file), file).not.toHaveLength(0);
  });

  it.each(cases)('%s %s: documented request and answer', (file, method, handled) => {
    const op = paths[pathOf(file)]?.[method];
    expect(op, `${method.toUpperCase()} ${pathOf(file)} has no operation`).toBeDefined();
    const successes = Object.entries(op!.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
    expect(successes.length, 'no 2xx answer').toBeGreaterThan(0);
    for (const [status, answer] of successes) {
      for (const [type, media] of Object.entries(answer.content ?? {})) {
        expect(describesSomething(media.schema), `${status} ${type} has no schema`).toBe(true);
      }
    }
    for (const [status, answer] of Object.entries(op!.responses ?? {})) {
      expect(answer.description, `${status} has no description`).toBeTruthy();
      if (/^[45]\d\d$/.test(status) && answer.content) {
        expect(answer.content['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    if (handled.body) {
      const content = Object.values(op!.requestBody?.content ?? {});
      expect(content.length, 'reads a body the document does not describe').toBeGreaterThan(0);
      for (const media of content) expect(describesSomething(media.schema)).toBe(true);
    }
    if (handled.query) {
      const query = (op!.parameters ?? []).filter((p) => p.in === 'query');
      expect(query.length, 'reads a query the document does not describe').toBeGreaterThan(0);
    }
    const pathParams = [...pathOf(file).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const documented = (op!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    expect(documented.sort()).toEqual(pathParams.sort());
  });

  it('documents no method a route does not answer', () => {
    const handled = new Set(cases.map(([file, method]) => `${method} ${pathOf(file)}`));
    const documented = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.filter((d) => !handled.has(d))).toEqual([]);
  });

  it('gives every operation its own id', () => {
    const ids = Object.values(paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every reference, and answers errors in the one shape', () => {
    const refs = [...JSON.stringify(apiDocument).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(components, ref).toHaveProperty([ref.replace('#/components/schemas/', '')]);
    }
    expect(components.Error).toMatchObject({
      required: ['error'],
      properties: {
        error: { required: ['code', 'message'], properties: { code: {}, message: {}, fields: {} } },
      },
    });
  });

  it('is OpenAPI 3.1 with JSON Schema 2020-12 inside (no draft markers, no $defs left behind)', () => {
    expect(apiDocument.openapi).toBe('3.1.0');
    const text = JSON.stringify(apiDocument);
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('$defs');
  });
});
