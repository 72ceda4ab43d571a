import { describe, expect, it } from 'vitest';
import { validateFlow } from './validate-flow';

// import.meta.glob (Vite) reads the fixtures without node:fs, which the runtime's lint boundary forbids.
const good = import.meta.glob<unknown>('../../fixtures/good/*.json', { eager: true, import: 'default' });
const bad = import.meta.glob<{ description: string; expectedErrors: string[]; flow: unknown }>(
  '../../fixtures/bad/*.json',
  {
    eager: true,
    import: 'default',
  },
);

const name = (path: string) => path.split('/').pop() ?? path;

describe('good flow fixtures', () => {
  it('exist', () => expect(Object.keys(good).length).toBeGreaterThanOrEqual(3));
  for (const [path, flow] of Object.entries(good)) {
    it(`${name(path)} has no errors`, () => {
      expect(validateFlow(flow).errors).toEqual([]);
    });
  }
});

describe('bad flow fixtures', () => {
  it('exist', () => expect(Object.keys(bad).length).toBeGreaterThanOrEqual(10));
  for (const [path, fixture] of Object.entries(bad)) {
    it(`${name(path)}: ${fixture.description}`, () => {
      const codes = new Set(validateFlow(fixture.flow).errors.map((issue) => issue.code));
      expect([...codes].sort()).toEqual([...new Set(fixture.expectedErrors)].sort());
    });
  }
});
