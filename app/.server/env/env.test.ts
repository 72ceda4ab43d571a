import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { webEnv, workersEnv } from './env-schema.ts';
import { EnvError, parseEnv } from './load-env.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');
const tsxLoader = pathToFileURL(resolve(root, 'node_modules/tsx/dist/loader.mjs')).href;
const goodKey = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
const good = {
  DATABASE_URL: 'postgresql://root@127.0.0.1:5432/x',
  SECRETS_MASTER_KEY: goodKey,
  AUTH_JWT_KEYS: `j1:${Buffer.alloc(32, 2).toString('base64')}`,
};

function problemsOf(source: Record<string, string>) {
  try {
    parseEnv(webEnv, 'web', source);
    return [];
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    return e.problems.map((p) => p.variable);
  }
}

describe('environment', () => {
  it('accepts a complete environment and applies defaults', () => {
    const env = parseEnv(webEnv, 'web', good);
    expect(env.PORT).toBe(3000);
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/0');
  });

  it('names each bad variable', () => {
    expect(problemsOf({ ...good, SECRETS_MASTER_KEY: '' })).toEqual(['SECRETS_MASTER_KEY']);
    expect(problemsOf({ ...good, DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL']);
    expect(problemsOf({ ...good, SECRETS_MASTER_KEY: 'k1:c2hvcnQ=' })).toEqual(['SECRETS_MASTER_KEY']);
    expect(problemsOf({ ...good, PORT: 'eighty' })).toEqual(['PORT']);
    expect(problemsOf({})).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'SECRETS_MASTER_KEY', 'AUTH_JWT_KEYS']),
    );
  });

  it('gives each process only what it needs', () => {
    const { AUTH_JWT_KEYS: _unused, ...withoutJwt } = good;
    expect(() => parseEnv(workersEnv, 'workers', withoutJwt)).not.toThrow();
  });

  for (const [name, entry] of [
    ['web', 'app/.server/processes/web.ts'],
    ['workers', 'workers/main.ts'],
  ] as const) {
    it(`${name} process stops at start with a message naming a missing master key or malformed database URL`, () => {
      const run = (overrides: Record<string, string>) =>
        spawnSync(process.execPath, ['--import', tsxLoader, resolve(root, entry)], {
          cwd: '/tmp', // no .env here: only what we pass counts
          env: { PATH: process.env.PATH, NODE_ENV: 'test', ...good, ...overrides },
          encoding: 'utf8',
          timeout: 50_000,
        });
      const noKey = run({ SECRETS_MASTER_KEY: '' });
      expect(noKey.status).toBe(1);
      expect(noKey.stderr).toContain(`${name}: invalid environment`);
      expect(noKey.stderr).toMatch(/SECRETS_MASTER_KEY: is required/);

      const badUrl = run({ DATABASE_URL: 'not a url' });
      expect(badUrl.status).toBe(1);
      expect(badUrl.stderr).toMatch(/DATABASE_URL: must be a URL like postgresql:\/\//);
    }, 120_000); // two process starts
  }
});

describe('every process reads its environment through the env schema', () => {
  // The schema layer itself (load-env.ts) is the one place that touches process.env; tests may set it.
  const allowed = new Set(['app/.server/env/load-env.ts', 'app/.server/env/dotenv.ts']);
  const sources = (dir: string): string[] =>
    readdirSync(resolve(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sources(path);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
    });

  it('no process.env read in app/, media-server/src or workers/ outside load-env.ts', () => {
    const readers = ['app', 'media-server/src', 'workers']
      .flatMap(sources)
      .filter((path) => !allowed.has(path))
      .filter((path) => /process\.env\b/.test(readFileSync(resolve(root, path), 'utf8')));
    expect(readers).toEqual([]);
  });
});
