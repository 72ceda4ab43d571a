// The studio's pure helpers run in the browser: no Node built-ins, no server code, no React, and from the
// flow runtime only its graph types and expression parser (never handlers, NLU or providers); of packages,
// only the layout engine (elkjs).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const modules = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const importsOf = (file: string) =>
  [...readFileSync(`${import.meta.dirname}/${file}`, 'utf8').matchAll(/from '([^']+)'/g)].map(
    (m) => m[1] ?? '',
  );

describe('studio lib modules stay browser-safe', () => {
  it.each(modules)('%s', (file) => {
    for (const source of importsOf(file)) {
      const allowed =
        source.startsWith('./') ||
        // ELK, the layout engine: browser JavaScript (in a web worker in the studio).
        source.startsWith('elkjs/lib/') ||
        source === '#flow-runtime/graph/flow-schema' ||
        source === '#flow-runtime/expression/parse-expression';
      expect(allowed, `${file} imports ${source}`).toBe(true);
    }
  });
});
