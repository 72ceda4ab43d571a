import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const simulate = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args, '--no-color'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, LLM_BASE_URL: '' },
  });

describe('npm run simulate', () => {
  it('plays a scripted Russian conversation, printing replies, commands and the trace', () => {
    const out = simulate('flow-runtime/fixtures/good/appointment-ru.json', '--script', 'flow-runtime/fixtures/simulate/booking-ru.turns.json');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('agent: Как вас зовут?');
    expect(out.stdout).toContain('caller: давайте в пятницу');
    expect(out.stdout).toMatch(/path: ask_date→next {2}ask_time/);
    expect(out.stdout).toMatch(/vars: time="10:00"/);
    expect(out.stdout).toMatch(/\[transfer warm to queue reception/);
  });

  it('plays an English conversation fixture with its own turns', () => {
    const out = simulate('flow-runtime/fixtures/conversations/en-agent-nlu-exit-transfer.json');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('caller: I have a question about my bill');
    expect(out.stdout).toMatch(/\[transfer cold to queue billing/);
  });

  it('explains a broken flow file', () => {
    const out = simulate('flow-runtime/fixtures/simulate/booking-ru.turns.json');
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/not a JSON object|damaged/);
  });
});
