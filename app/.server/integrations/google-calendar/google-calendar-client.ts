import { z } from 'zod';
import { guardedFetch } from '../../net/ssrf-guard.ts';
import type { Bitrix24LogEntry, Bitrix24TokenSource } from '../bitrix24/bitrix24-client.ts';

/**
 * A Google Calendar v3 client: `Authorization: Bearer`, a 401 refreshes the token once (one refresh at a
 * time) and repeats; 403/429 `usageLimits`/`rateLimitExceeded` are retried with exponential back-off (quota:
 * 600 requests a minute per user). Every URL goes through the SSRF guard.
 */
export class GoogleApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    detail: string,
  ) {
    super(`Google HTTP ${status}: ${detail}`);
    this.name = 'GoogleApiError';
  }
}

const errorAnswer = z.object({
  error: z.object({
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});
const RATE_REASONS = /rateLimitExceeded|userRateLimitExceeded|quotaExceeded|usageLimits/;

export interface GoogleCalendarClientOptions {
  apiBase: string;
  tokens: Bitrix24TokenSource;
  allowHosts: readonly string[];
  onLog?: (entry: Bitrix24LogEntry) => void;
  maxRetries?: number;
  backoffMs?: number;
}

export function createGoogleCalendarClient(options: GoogleCalendarClientOptions) {
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  async function request(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
    let token = await options.tokens.current();
    let refreshed = false;
    const label = `${method} ${path.split('?')[0]!.replace(/\/calendars\/[^/]+/, '/calendars/{id}')}`;
    for (let attempt = 1; ; attempt += 1) {
      const started = Date.now();
      const log = (status: number, error: string | null) =>
        options.onLog?.({
          method: label,
          status,
          ok: !error,
          error,
          durationMs: Date.now() - started,
          attempt,
        });
      let res: Response;
      try {
        res = await guardedFetch(
          new URL(path, options.apiBase),
          {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json',
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            ...(signal ? { signal } : {}),
          },
          { allowHosts: options.allowHosts, timeoutMs: 20_000, maxRedirects: 0 },
        );
      } catch (e) {
        log(0, e instanceof Error ? e.message : String(e));
        throw e;
      }
      const text = await res.text();
      if (res.ok) {
        log(res.status, null);
        return text ? (JSON.parse(text) as unknown) : null;
      }
      let reason = '';
      let detail = `HTTP ${res.status}`;
      try {
        const e = errorAnswer.parse(JSON.parse(text));
        reason = e.error.errors?.[0]?.reason ?? '';
        detail = e.error.message ?? detail;
      } catch {
        // not Google's error shape
      }
      log(res.status, detail);
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        token = await options.tokens.refresh(token);
        continue;
      }
      if (
        (res.status === 429 || (res.status === 403 && RATE_REASONS.test(reason))) &&
        attempt <= maxRetries
      ) {
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
        continue;
      }
      throw new GoogleApiError(res.status, reason, detail);
    }
  }
  return { request };
}
export type GoogleCalendarClient = ReturnType<typeof createGoogleCalendarClient>;

const freeBusyAnswer = z.object({
  calendars: z.record(
    z.string(),
    z.object({
      busy: z.array(z.object({ start: z.string(), end: z.string() })).default([]),
      errors: z.array(z.object({ reason: z.string().optional() })).optional(),
    }),
  ),
});
const insertedEvent = z.object({ id: z.string(), htmlLink: z.string().optional() });

/** Busy intervals (epoch ms) of one calendar; a calendar Google cannot read is an error, not "all free". */
export async function busyIntervals(
  client: GoogleCalendarClient,
  q: { calendarId: string; from: number; to: number; signal?: AbortSignal },
): Promise<{ start: number; end: number }[]> {
  const answer = freeBusyAnswer.parse(
    await client.request(
      'POST',
      'freeBusy',
      {
        timeMin: new Date(q.from).toISOString(),
        timeMax: new Date(q.to).toISOString(),
        items: [{ id: q.calendarId }],
      },
      q.signal,
    ),
  );
  const cal = answer.calendars[q.calendarId];
  if (!cal) throw new Error(`Google answered nothing for the calendar "${q.calendarId}"`);
  if (cal.errors?.length) {
    throw new Error(
      `Google cannot read the calendar "${q.calendarId}": ${cal.errors.map((e) => e.reason).join(', ')}`,
    );
  }
  return cal.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
}

/**
 * Books a slot, once. Google lets events overlap, so the slot's free/busy is read again right before the
 * insert (it may have been taken since it was offered); the event's id is the caller's idempotency key, so a
 * retried insert answers 409 `duplicate` — the event is ours and already there.
 */
export async function bookSlot(
  client: GoogleCalendarClient,
  b: {
    calendarId: string;
    eventId: string;
    start: number;
    end: number;
    timeZone: string;
    summary: string;
    description: string;
    signal?: AbortSignal;
  },
): Promise<{ booked: true; id: string } | { booked: false; reason: 'taken' }> {
  const path = `calendars/${encodeURIComponent(b.calendarId)}/events?sendUpdates=none`;
  const busy = await busyIntervals(client, {
    calendarId: b.calendarId,
    from: b.start,
    to: b.end,
    signal: b.signal,
  });
  if (busy.some((x) => x.start < b.end && x.end > b.start)) {
    // Maybe by us: a retry after an insert whose answer was lost finds our own event there.
    try {
      await client.request(
        'GET',
        `calendars/${encodeURIComponent(b.calendarId)}/events/${b.eventId}`,
        undefined,
        b.signal,
      );
      return { booked: true, id: b.eventId };
    } catch (e) {
      if (e instanceof GoogleApiError && e.status === 404) return { booked: false, reason: 'taken' };
      throw e;
    }
  }
  try {
    const event = insertedEvent.parse(
      await client.request(
        'POST',
        path,
        {
          id: b.eventId,
          summary: b.summary,
          description: b.description,
          start: { dateTime: new Date(b.start).toISOString(), timeZone: b.timeZone },
          end: { dateTime: new Date(b.end).toISOString(), timeZone: b.timeZone },
        },
        b.signal,
      ),
    );
    return { booked: true, id: event.id };
  } catch (e) {
    if (e instanceof GoogleApiError && e.status === 409) return { booked: true, id: b.eventId };
    throw e;
  }
}
