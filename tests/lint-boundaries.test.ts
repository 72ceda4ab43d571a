import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function ruleIds(code: string, file = 'flow-runtime/src/nodes/say/example.ts') {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return result!.messages.map((m) => m.ruleId);
}

describe('import boundaries of the pure flow runtime', () => {
  it.each([
    ["import { PrismaClient } from '@prisma/client';", 'no-restricted-imports'],
    ["import { Redis } from 'ioredis';", 'no-restricted-imports'],
    ["import { db } from '~/.server/db';", 'no-restricted-imports'],
    ["import { x } from '../../../../media-server/src/main';", 'no-restricted-imports'],
    ["import { readFile } from 'node:fs';", 'no-restricted-imports'],
    ['export const home = process.env.HOME;', 'no-restricted-globals'],
    ["export const r = fetch('https://example.com');", 'no-restricted-globals'],
    ['export const t = Date.now();', 'no-restricted-properties'],
  ])('refuses %s', async (code, rule) => {
    expect(await ruleIds(code)).toContain(rule);
  });

  it('allows the same code outside flow-runtime', async () => {
    expect(
      await ruleIds("import { Redis } from 'ioredis';\nexport const r = Redis;", 'app/.server/example.ts'),
    ).toEqual([]);
  });
});

describe('one direction between processes', () => {
  it.each([
    ["import { x } from '../../../media-server/src/main.ts';", 'app/.server/calls/example.ts'],
    ["import { x } from '../../workers/main.ts';", 'app/.server/example.ts'],
    ["import { x } from '../../../bench/support/x.ts';", 'app/components/studio/example.ts'],
    ["import { x } from '../../../app/.server/logger.ts';", 'media-server/src/call/example.ts'],
    ["import { x } from '../../app/.server/db.ts';", 'workers/jobs/example.ts'],
    ["import { x } from '../../media-server/src/main.ts';", 'workers/jobs/example.ts'],
    ["import { x } from '../../workers/main.ts';", 'media-server/src/example.ts'],
    ["import { x } from '../app/.server/db.ts';", 'bench/example.ts'],
  ])('refuses %s in %s', async (code, file) => {
    expect(await ruleIds(`${code}\nexport const y = x;`, file)).toContain('no-restricted-imports');
  });

  it('allows the shared layer through its alias, and relative imports inside a process', async () => {
    expect(
      await ruleIds(
        "import { x } from '#server/logger.ts';\nexport const y = x;",
        'media-server/src/example.ts',
      ),
    ).toEqual([]);
    expect(
      await ruleIds("import { x } from '#server/db.ts';\nexport const y = x;", 'workers/jobs/example.ts'),
    ).toEqual([]);
    expect(
      await ruleIds("import { x } from '../db.ts';\nexport const y = x;", 'app/.server/calls/example.ts'),
    ).toEqual([]);
    expect(
      await ruleIds("import { x } from '~/.server/db';\nexport const y = x;", 'app/routes/example.ts'),
    ).toEqual([]);
  });
});
