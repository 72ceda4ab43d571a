import { describe, expect, it } from 'vitest';

// The canvas bundles editor.ts into the browser: it must reach no handler, NLU or turn machinery.
const sources = import.meta.glob<string>(['./**/*.ts', '!./**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

function resolvePath(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of spec.replace(/\.js$/, '').split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return `${parts.join('/')}.ts`;
}

function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = sources[file];
    if (source === undefined) throw new Error(`cannot read ${file}`);
    for (const match of source.matchAll(/^(?:import|export)(?!\s+type)[^'"]*from\s+'(\.[^']+)'/gm))
      visit(resolvePath(file, match[1] as string));
  };
  visit(entry);
  return seen;
}

describe('editor entry', () => {
  it('imports no runtime handlers, NLU or turn machinery', () => {
    const files = [...importGraph('./editor.ts')];
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) =>
      /\.handler\.ts$|\/nlu\/|run-turn|\/runtime\/(?:step|dispatch|global-handlers|early-slots)/.test(f),
    );
    expect(offending).toEqual([]);
  });
});
