// Issue 14, item 17: `npm run setup` left .env (the master key and the JWT signing keys) readable by every
// user of the machine (0644: copied from .env.example, and writeFile's mode only applies to new files).
// .env is now written 0600, an existing one is tightened, and each process warns at start when its .env is
// readable by group or others.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareEnvFile, writeEnvFile } from '../../scripts/lib/env-file.ts';

const root = resolve(import.meta.dirname, '..', '..');
const mode = (path: string) => statSync(path).mode & 0o777;
const tempDir = () => mkdtempSync(join(tmpdir(), 'vp-env-'));

describe('.env is private to its owner', () => {
  it('writing an existing, world-readable .env makes it 0600', () => {
    const path = join(tempDir(), '.env');
    writeFileSync(path, 'A=1\n', { mode: 0o644 });
    chmodSync(path, 0o644);
    writeEnvFile(path, 'A=2\n');
    expect(mode(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('A=2\n');
  });

  it('setup creates .env from the (world-readable) example as 0600 with fresh keys', () => {
    const dir = tempDir();
    const example = join(dir, '.env.example');
    writeFileSync(example, 'SECRETS_MASTER_KEY=\nAUTH_JWT_KEYS=\nPORT=3000\n');
    chmodSync(example, 0o644);
    const envPath = join(dir, '.env');
    prepareEnvFile(envPath, example);
    expect(mode(envPath)).toBe(0o600);
    const text = readFileSync(envPath, 'utf8');
    expect(text).toMatch(/^SECRETS_MASTER_KEY=k\w+:[A-Za-z0-9+/=]{44}$/m);
    expect(text).toMatch(/^AUTH_JWT_KEYS=jwt\w+:[A-Za-z0-9+/=]{64}$/m);
  });

  it('setup run again tightens an existing .env without changing its keys', () => {
    const dir = tempDir();
    const envPath = join(dir, '.env');
    writeFileSync(envPath, 'SECRETS_MASTER_KEY=kx:abc\nAUTH_JWT_KEYS=j:def\n');
    chmodSync(envPath, 0o664);
    prepareEnvFile(envPath, join(dir, 'missing.example'));
    expect(mode(envPath)).toBe(0o600);
    expect(readFileSync(envPath, 'utf8')).toBe('SECRETS_MASTER_KEY=kx:abc\nAUTH_JWT_KEYS=j:def\n');
  });
});

describe('each process warns at start about a readable .env', () => {
  // What web.ts, workers/main.ts and media-server/src/main.ts run first.
  const loadInChild = (path: string) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import(${JSON.stringify(join(root, 'app/.server/env/dotenv.ts'))}).then((m) => m.loadDotenv(${JSON.stringify(path)}))`,
      ],
      { cwd: root, encoding: 'utf8' },
    );

  it('names the file and the fix when group or others can read it', () => {
    const path = join(tempDir(), '.env');
    writeFileSync(path, 'LOG_LEVEL=info\n');
    chmodSync(path, 0o644);
    const run = loadInChild(path);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(/chmod 600/);
  });

  it('stays quiet for a 0600 file', () => {
    const path = join(tempDir(), '.env');
    writeFileSync(path, 'LOG_LEVEL=info\n');
    chmodSync(path, 0o600);
    const run = loadInChild(path);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
