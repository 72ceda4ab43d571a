import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../events';
import type { CalendarPort } from '../../ports';
import { buildFlow, runEvents } from '../../testing/build-flow';
import { createFakePorts } from '../../testing/fake-ports';
import { freeStarts, listWords, pickOffers, slotWords } from './free-slots';

const started: CallEvent = { type: 'call_started', caller: { number: '+79161234567' }, direction: 'inbound' };
const said = (text: string): CallEvent => ({ type: 'utterance', text });
const at = (iso: string) => Date.parse(iso);

const flow = buildFlow(
  [
    ['start', 'start'],
    ['book', 'book_appointment', { connection: 'cal1', summary: 'Приём: {{caller_number}}' }],
    ['ok', 'end', { message: 'До встречи {{appointment.local}}', disposition: 'booked' }],
    ['no', 'end', { message: 'Не записали', disposition: 'not_booked' }],
    ['err', 'end', { message: 'Календарь недоступен', disposition: 'failed' }],
  ],
  [
    ['start', 'next', 'book'],
    ['book', 'booked', 'ok'],
    ['book', 'not_booked', 'no'],
    ['book', 'failed', 'err'],
  ],
  { settings: { providerTimeoutMs: 200 } },
);

/** A calendar in memory with the port's contract: `book` re-checks the slot and refuses a taken one. */
function calendar(busy: { start: number; end: number }[]) {
  const booked: Parameters<CalendarPort['book']>[0][] = [];
  const port: CalendarPort = {
    busy: async ({ from, to }) => busy.filter((b) => b.start < to && b.end > from),
    book: async (b) => {
      if (busy.some((x) => x.start < b.end && x.end > b.start)) return { booked: false, reason: 'taken' };
      busy.push({ start: b.start, end: b.end });
      booked.push(b);
      return { booked: true, id: b.eventId };
    },
  };
  return { port, booked, busy };
}

const sayText = (turn: { commands: unknown[] }) =>
  turn.commands
    .filter((c): c is { type: 'say'; text: string } => (c as { type: string }).type === 'say')
    .map((c) => c.text)
    .join(' ');

// The fake clock starts on Monday 2025-03-10 at 09:00 UTC: 12:00 in Moscow.
describe('book appointment node', () => {
  it('offers spread-out free times in words, books the one chosen, and says it back', async () => {
    const cal = calendar([{ start: at('2025-03-10T10:00:00Z'), end: at('2025-03-10T11:00:00Z') }]);
    const turns = await runEvents(flow, [started, said('давайте второй вариант')], {
      ...createFakePorts(),
      calendar: () => cal.port,
    });
    expect(sayText(turns[0]!)).toBe(
      'Могу записать вас сегодня в 14:00, сегодня в 16:00 или завтра в 09:00. Какое время вам удобно?',
    );
    expect(cal.booked).toEqual([
      expect.objectContaining({
        start: at('2025-03-10T13:00:00Z'),
        end: at('2025-03-10T13:30:00Z'),
        timeZone: 'Europe/Moscow',
        summary: 'Приём: +79161234567',
      }),
    ]);
    expect(cal.booked[0]!.eventId).toMatch(/^[a-v0-9]{5,1024}$/);
    expect(sayText(turns[1]!)).toContain('Записал вас сегодня в 16:00.');
    expect(turns[1]!.state.variables.appointment).toMatchObject({ start: '2025-03-10T13:00:00.000Z' });
  });

  it('a time taken meanwhile: says so and offers the next free ones, then books', async () => {
    const cal = calendar([]);
    const ports = { ...createFakePorts(), calendar: () => cal.port };
    const [first] = await runEvents(flow, [started], ports);
    expect(sayText(first!)).toContain('сегодня в 13:00, сегодня в 15:00 или сегодня в 17:00');
    // Someone else takes 15:00 before the caller answers.
    cal.busy.push({ start: at('2025-03-10T12:00:00Z'), end: at('2025-03-10T12:30:00Z') });
    const turns = await runEvents(flow, [said('в 15:00'), said('первое')], ports, first!.state);
    expect(sayText(turns[0]!)).toBe(
      'Это время только что заняли. Могу записать вас сегодня в 15:30, сегодня в 17:30 или завтра в 09:00. Какое время вам удобно?',
    );
    expect(cal.booked.map((b) => new Date(b.start).toISOString())).toEqual(['2025-03-10T12:30:00.000Z']);
    expect(sayText(turns[1]!)).toContain('Записал вас сегодня в 15:30.');
  });

  it('takes not_booked when the caller never picks, and failed without a calendar', async () => {
    const cal = calendar([]);
    const ports = { ...createFakePorts(), calendar: () => cal.port };
    const turns = await runEvents(flow, [started, said('эээ'), said('ну не знаю'), said('хм')], ports);
    expect(sayText(turns[1]!)).toContain('Извините, я не понял.');
    expect(sayText(turns[3]!)).toBe('Не записали');
    expect(cal.booked).toEqual([]);
    const [noCalendar] = await runEvents(flow, [started], createFakePorts());
    expect(sayText(noCalendar!)).toBe('Календарь недоступен');
  });
});

describe('free slots in words', () => {
  const rules = {
    zone: 'Europe/Moscow',
    durationMinutes: 30,
    dayStart: '09:00',
    dayEnd: '18:00',
    weekdaysOnly: true,
    leadMinutes: 60,
    horizonDays: 7,
  };
  it('skips the weekend and names a later day by its weekday and date, in both languages', () => {
    // Friday 2025-03-14, 17:00 in Moscow: nothing fits today; Saturday and Sunday are closed.
    const now = at('2025-03-14T14:00:00Z');
    const [first] = pickOffers(freeStarts(now, [], rules), 3, rules.zone);
    expect(new Date(first!).toISOString()).toBe('2025-03-17T06:00:00.000Z');
    expect(slotWords(first!, now, rules.zone, 'ru')).toBe('в понедельник, 17 марта в 09:00');
    expect(slotWords(first!, now, rules.zone, 'en')).toBe('on Monday, 17 March at 09:00');
    expect(listWords(['a', 'b', 'c'], 'ru')).toBe('a, b или c');
  });
});
