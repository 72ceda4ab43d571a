import type { JsonValue } from '../../json';
import type { CalendarPort } from '../../ports';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import { callWithTimeout } from '../../runtime/call-with-timeout';
import type { NodeHandler, StepContext, StepResult } from '../../runtime/step';
import { pick } from '../../i18n';
import { localText, validZone } from '../schedule-callback/callback-time';
import type { BookAppointmentData } from './book-appointment.node.js';
import { chosenOffer, freeStarts, listWords, pickOffers, slotWords, WANTS_OTHERS } from './free-slots';

const DAY = 24 * 3600_000;
const FALLBACK_ZONE = 'Europe/Moscow';

const words = {
  offer: { ru: 'Могу записать вас', en: 'I can book you' },
  which: { ru: 'Какое время вам удобно?', en: 'Which time suits you?' },
  free: { ru: 'Свободно:', en: 'Free times:' },
  taken: { ru: 'Это время только что заняли.', en: 'That time was just taken.' },
  none: {
    ru: 'К сожалению, свободного времени в ближайшие дни нет.',
    en: 'Sorry, there are no free times in the coming days.',
  },
  booked: { ru: 'Записал вас', en: "You're booked" },
} as const;

interface Memory {
  offers: number[];
  /** The booking's idempotency key: the event id is this and the slot's start. */
  key: string;
  retries: number;
}

function memoryOf(value: JsonValue | undefined): Memory | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const offers = Array.isArray(value.offers)
    ? value.offers.filter((x): x is number => typeof x === 'number')
    : [];
  return { offers, key: String(value.key ?? ''), retries: Number(value.retries) || 0 };
}

const toJson = (m: Memory): JsonValue => ({ offers: m.offers, key: m.key, retries: m.retries });

const end = (
  nodeId: string,
  port: 'not_booked' | 'failed',
  message: string,
  say: StepResult['commands'] = [],
) =>
  ({
    outcome: 'next',
    port,
    commands: say,
    patch: { memory: null },
    logs: [{ level: port === 'failed' ? 'warn' : 'info', nodeId, message: `Book appointment: ${message}` }],
  }) satisfies StepResult;

/** Base32hex (`0-9a-v`), what Google accepts in an event id. */
function newKey(ctx: StepContext): string {
  let key = '';
  for (let i = 0; i < 20; i += 1) key += Math.floor(ctx.ports.random.next() * 32).toString(32);
  return key;
}

export const handleBookAppointment: NodeHandler<BookAppointmentData> = async (node, ctx) => {
  const data = node.data;
  const calendar: CalendarPort | undefined = data.connection.trim()
    ? ctx.ports.calendar?.(data.connection.trim())
    : undefined;
  if (!calendar) return end(node.id, 'failed', 'no calendar connection chosen, or none in this call');
  const zone = validZone(data.timezone.trim()) ? data.timezone.trim() : FALLBACK_ZONE;
  const now = ctx.ports.clock.now();
  const lang = ctx.language;
  const timeoutMs = ctx.flow.flow.settings.providerTimeoutMs;
  const length = data.durationMinutes * 60_000;
  const w = (key: keyof typeof words) => pick(words[key], lang);

  /** Free slots after `after`, spread out; null when the calendar could not be read. */
  const offersAfter = async (after: number) => {
    const r = await callWithTimeout(timeoutMs, (signal) =>
      calendar.busy({
        calendarId: data.calendarId.trim() || 'primary',
        from: now,
        to: now + (data.horizonDays + 1) * DAY,
        signal,
      }),
    );
    if (!r.ok) return { error: `${r.reason}: ${r.error}` } as const;
    const starts = freeStarts(now, r.value, { ...data, zone }).filter((s) => s > after);
    return { offers: pickOffers(starts, data.offerCount, zone) } as const;
  };
  const offerText = (offers: number[]) =>
    listWords(
      offers.map((at) => slotWords(at, now, zone, lang)),
      lang,
    );
  const ask = (prefix: string, offers: number[], memory: Memory): StepResult => {
    const question = ctx.render(data.question).trim();
    const text = question
      ? `${prefix}${question} ${w('free')} ${offerText(offers)}.`
      : `${prefix}${w('offer')} ${offerText(offers)}. ${w('which')}`;
    return {
      outcome: 'wait',
      commands: [...ctx.say(text.trim()), ctx.listen({ modes: ['speech'] })],
      patch: { memory: toJson({ ...memory, offers }) },
      logs: [
        {
          level: 'info',
          nodeId: node.id,
          message: `offered ${offers.map((o) => localText(o, zone)).join(', ')} (${zone})`,
        },
      ],
    };
  };

  const memory = memoryOf(ctx.memory);
  if (ctx.event === null || !memory) {
    const found = await offersAfter(0);
    if ('error' in found) return end(node.id, 'failed', `the calendar could not be read (${found.error})`);
    if (!found.offers.length) return end(node.id, 'not_booked', 'no free times', ctx.say(w('none')));
    return ask('', found.offers, { offers: found.offers, key: newKey(ctx), retries: 0 });
  }

  const heard = ctx.event.type === 'utterance' ? ctx.event.text : '';
  const index = heard ? chosenOffer(heard, memory.offers, { now, zone, language: lang }) : null;
  if (index === null && heard && WANTS_OTHERS.test(heard.toLowerCase()) && memory.retries < data.maxRetries) {
    const later = await offersAfter(Math.max(...memory.offers));
    if ('error' in later) return end(node.id, 'failed', `the calendar could not be read (${later.error})`);
    if (!later.offers.length) return end(node.id, 'not_booked', 'no later free times', ctx.say(w('none')));
    return ask('', later.offers, { ...memory, retries: memory.retries + 1 });
  }
  if (index === null) {
    if (memory.retries >= data.maxRetries) return end(node.id, 'not_booked', 'no time chosen');
    const apology = ctx.event.type === 'silence' ? builtInPrompts.noInput : builtInPrompts.noMatch;
    return ask(`${pick(apology, lang)} `, memory.offers, { ...memory, retries: memory.retries + 1 });
  }

  const start = memory.offers[index]!;
  const booking = await callWithTimeout(timeoutMs, (signal) =>
    calendar.book({
      calendarId: data.calendarId.trim() || 'primary',
      eventId: `${memory.key}${start.toString(32)}`,
      start,
      end: start + length,
      timeZone: zone,
      summary: ctx.render(data.summary).trim() || 'Appointment',
      description: ctx.render(data.description).trim(),
      signal,
    }),
  );
  if (!booking.ok) return end(node.id, 'failed', `the booking failed (${booking.reason}: ${booking.error})`);
  if (!booking.value.booked) {
    // Taken since it was offered: the next free ones from that time on (it is busy now, so not among them).
    const next = await offersAfter(start - 1);
    if ('error' in next) return end(node.id, 'failed', `the calendar could not be read (${next.error})`);
    if (!next.offers.length)
      return end(
        node.id,
        'not_booked',
        'taken, and nothing else free',
        ctx.say(`${w('taken')} ${w('none')}`),
      );
    const result = ask(`${w('taken')} `, next.offers, memory);
    return {
      ...result,
      logs: [
        { level: 'info', nodeId: node.id, message: `${localText(start, zone)} was taken meanwhile` },
        ...(result.logs ?? []),
      ],
    };
  }
  const local = slotWords(start, now, zone, lang);
  const value = {
    id: booking.value.id,
    start: new Date(start).toISOString(),
    end: new Date(start + length).toISOString(),
    local,
  };
  const custom = data.message.replace(
    new RegExp(`\\{\\{\\s*${data.resultVariable}\\.local\\s*\\}\\}`, 'g'),
    local,
  );
  const confirmation = custom.trim() ? ctx.render(custom) : `${w('booked')} ${local}.`;
  return {
    outcome: 'next',
    port: 'booked',
    commands: ctx.say(confirmation, { interruptible: false }),
    patch: { variables: { [data.resultVariable]: value }, memory: null },
    logs: [
      {
        level: 'info',
        nodeId: node.id,
        message: `booked ${localText(start, zone)} (${zone}) as ${value.id}`,
      },
    ],
  };
};
