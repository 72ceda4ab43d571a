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
