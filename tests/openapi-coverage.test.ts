// Every API route file has its path in the OpenAPI description, so the document never falls behind.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#server/api/openapi.ts';

const routesDir = resolve(import.meta.dirname, '../app/routes');
const apiRoutes = readdirSync(routesDir).filter(
  (f) =>
    f.startsWith('api.v1.') &&
    !/\.test\.tsx?$/.test(f) &&
    !['api.v1.$.ts', 'api.v1.openapi[.json].ts'].includes(f),
);

/** `api.v1.projects.$projectId.audit-log[.csv].ts` → `/projects/{projectId}/audit-log.csv` */
function pathOf(file: string): string {
  const body = file.replace(/^api\.v1\./, '').replace(/\.tsx?$/, '');
  const segments = body.replace(/\[\.(\w+)\]/g, '__DOT__$1').split('.');
  return `/${segments.map((s) => s.replace(/^\$(\w+)/, '{$1}').replace('__DOT__', '.')).join('/')}`;
}

describe('OpenAPI description', () => {
  it.each(apiRoutes)('describes %s', (file) => {
    expect(Object.keys(openApiDocument.paths)).toContain(pathOf(file));
  });
});
