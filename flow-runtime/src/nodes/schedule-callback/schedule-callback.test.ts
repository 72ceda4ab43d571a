import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import { initialState } from '../../runtime/initial-state';
import { buildFlow, runEvents, said, silence } from '../../testing/build-flow';
import { parseCallbackTime } from './callback-time';

// 2025-03-10T09:00:00Z (the fake clock's start): Monday, 12:00 in Moscow, 19:00 in Vladivostok.
const NOW = Date.UTC(2025, 2, 10, 9, 0);
const moscow: { now: number; zone: string; language: 'ru' | 'en'; defaultTime: string } = {
  now: NOW,
  zone: 'Europe/Moscow',
  language: 'ru',
  defaultTime: '10:00',
};

const flow = buildFlow(
  [
    ['start', 'start'],
    [
      'when',
      'schedule_callback',
      { question: 'Когда вам перезвонить?', message: 'Хорошо, позвоним {{callback_at_local}}.' },
    ],
    ['bye', 'end', { disposition: 'callback' }],
    ['sorry', 'end', { message: 'Извините.', disposition: 'not_understood' }],
  ],
  [
    ['start', 'next', 'when'],
    ['when', 'scheduled', 'bye'],
    ['when', 'not_understood', 'sorry'],
  ],
);
const started: CallEvent = { type: 'call_started', caller: {}, direction: 'outbound' };
/** A campaign call as the media server starts it: the contact's zone among the variables. */
const call = (events: CallEvent[], zone: string, on = flow) =>
  runEvents(on, [started, ...events], {}, initialState(on, {}, { contact_timezone: zone }));

describe('schedule_callback node', () => {
  it('asks, then sets callback_at in the contact’s zone and confirms it', async () => {
    const [ask, done] = await call([said('завтра в 15:00')], 'Asia/Vladivostok');
    expect(ask?.commands[0]).toMatchObject({ type: 'say', text: 'Когда вам перезвонить?' });
    // 15:00 on 11 March in Vladivostok (UTC+10) is 05:00 UTC.
    expect(done?.state.variables.callback_at).toBe('2025-03-11T05:00:00.000Z');
    expect(done?.state.variables.callback_at_local).toBe('2025-03-11 15:00');
    expect(done?.commands[0]).toMatchObject({ text: 'Хорошо, позвоним 2025-03-11 15:00.' });
    expect(done?.state.endReason).toBe('callback');
  });

  it('re-asks once, then takes the not-understood branch', async () => {
    const [, again, gaveUp] = await call([said('не знаю'), silence], 'Europe/Moscow');
    expect(again?.commands[0]).toMatchObject({ type: 'say' });
    expect(String((again?.commands[0] as { text: string }).text)).toContain('Когда вам перезвонить?');
    expect(gaveUp?.state.endReason).toBe('not_understood');
    expect(gaveUp?.state.variables.callback_at).toBeUndefined();
  });

  it('reads a time from a variable when it asks nothing (Moscow when the zone is unknown)', async () => {
    const quiet = buildFlow(
      [
        ['start', 'start'],
        ['when', 'schedule_callback', { source: '{{wish}}', timezone: 'Nowhere/Atlantis' }],
        ['bye', 'end'],
      ],
      [
        ['start', 'next', 'when'],
        ['when', 'scheduled', 'bye'],
      ],
      { variables: [{ name: 'wish', type: 'string', default: 'через 2 часа' }] },
    );
    const [turn] = await call([], '', quiet);
    expect(turn?.state.variables.callback_at).toBe('2025-03-10T11:00:00.000Z');
  });
});

describe('parseCallbackTime', () => {
  const at = (text: string, options = moscow) => {
    const found = parseCallbackTime(text, options);
    return found && new Date(found.at).toISOString();
  };
  it('reads relative delays in Russian and English', () => {
    expect(at('перезвоните через час')).toBe('2025-03-10T10:00:00.000Z');
    expect(at('через 30 минут')).toBe('2025-03-10T09:30:00.000Z');
    expect(at('через полчаса')).toBe('2025-03-10T09:30:00.000Z');
    expect(at('call me in 2 hours', { ...moscow, language: 'en' })).toBe('2025-03-10T11:00:00.000Z');
  });
  it('reads a time alone as its next occurrence, a date alone at the default time', () => {
    expect(at('в 15:00')).toBe('2025-03-10T12:00:00.000Z');
    expect(at('в 10 утра')).toBe('2025-03-11T07:00:00.000Z');
    expect(at('завтра')).toBe('2025-03-11T07:00:00.000Z');
    expect(at('tomorrow at 3 pm', { ...moscow, language: 'en' })).toBe('2025-03-11T12:00:00.000Z');
  });
  it('finds nothing in words without a time', () => {
    expect(at('не знаю')).toBeNull();
  });
});
