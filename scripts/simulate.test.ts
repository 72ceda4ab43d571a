import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const fixtures = 'flow-runtime/fixtures/simulate';

/** Runs the simulator as a user would; `input` is typed into its prompt (interactive mode). */
const simulate = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args, '--no-color'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    input,
    // No LLM even when the developer's .env configures one: the output must not depend on it.
    env: { ...process.env, LLM_BASE_URL: '' },
  });

// Each test spawns the simulator, some more than once: slow on a loaded machine, never wrong because of it.
describe('npm run simulate', { timeout: 180_000 }, () => {
  it('plays the Russian example: silence, a date, a "no", another date, a "yes"', () => {
    const out = simulate([`${fixtures}/visit-ru.flow.json`, '--script', `${fixtures}/visit-ru.turns.json`]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('agent: На какой день вас записать?');
    expect(out.stdout).toContain('caller: (silence)');
    expect(out.stdout).toContain('caller: нет, не подходит');
    expect(out.stdout).toMatch(/path: confirm→next {2}check→default {2}again→next {2}ask_date/);
    expect(out.stdout).toMatch(/vars: confirmed=true/);
    expect(out.stdout).toMatch(/turn 6 took \d+\.\d\d ms/);
    expect(out.stdout).toContain('[hangup: booked]');
    expect(out.stdout.trim().split('\n').at(-1)).toBe('call ended: booked');
  });

  it('plays the English example: keypad digits, a reprompt, a date, a "yes"', () => {
    const out = simulate([
      `${fixtures}/delivery-en.flow.json`,
      '--script',
      `${fixtures}/delivery-en.turns.json`,
    ]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('caller: #12');
    expect(out.stdout).toContain('agent: Order numbers have four to six digits.');
    expect(out.stdout).toMatch(/vars: order=48213/);
    expect(out.stdout).toContain('[hangup: rescheduled]');
  });

  it('talks interactively: text, #digits, /silence and /quit', () => {
    const out = simulate([`${fixtures}/delivery-en.flow.json`], '#48213\n/silence\n/quit\n');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('agent: Which day suits you?');
    expect(out.stdout).toContain('caller: (silence)');
    expect(out.stdout).toContain('caller: (call_ended)');
  });

  it('lets the caller speak another language than the flow (--lang)', () => {
    const out = simulate([`${fixtures}/visit-ru.flow.json`, '--lang', 'en'], 'next monday\n');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('caller: next monday');
    expect(out.stdout).toMatch(/vars: date="\d{4}-\d\d-\d\d"/);
    const bad = simulate([`${fixtures}/visit-ru.flow.json`, '--lang', 'de']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--lang must be ru or en');
  });

  it('plays the older scripts and a conversation fixture with its own turns', () => {
    const ru = simulate([
      'flow-runtime/fixtures/good/appointment-ru.json',
      '--script',
      `${fixtures}/booking-ru.turns.json`,
    ]);
    expect(ru.status).toBe(0);
    expect(ru.stdout).toMatch(/path: ask_date→next {2}ask_time/);
    expect(ru.stdout).toMatch(/\[transfer warm to queue reception/);
    const en = simulate(['flow-runtime/fixtures/conversations/en-agent-nlu-exit-transfer.json']);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain('caller: I have a question about my bill');
    expect(en.stdout).toMatch(/\[transfer cold to queue billing/);
  });

  it('explains a broken flow file and a broken script', () => {
    const flow = simulate([`${fixtures}/booking-ru.turns.json`]);
    expect(flow.status).toBe(1);
    expect(flow.stderr).toMatch(/not a JSON object|damaged/);
    const script = simulate([`${fixtures}/visit-ru.flow.json`, '--script', `${fixtures}/visit-ru.flow.json`]);
    expect(script.status).toBe(2);
    expect(script.stderr).toContain('visit-ru.flow.json');
  });
});
