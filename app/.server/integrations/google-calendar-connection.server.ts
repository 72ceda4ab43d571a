/**
 * Google Calendar connections (issue 24): the OAuth client's secret and the account's tokens sealed by the
 * credentials service as `integration:<id>`; an access token (an hour) refreshed on a 401, one refresh at a
 * time in a process and across processes (the same advisory lock as the CRMs), the answer stored before use.
 * The Book appointment block reaches a calendar through `googleCalendarPort`.
 */
import { z } from 'zod';
import type { CalendarPort } from '#flow-runtime/ports';
import type { IntegrationConnection } from '../../../prisma/generated/prisma/client.ts';
import { db } from '../db.ts';
import { toolCredentials } from '../tools/project-tools.server.ts';
import {
  singleFlightTokens,
  type Bitrix24LogEntry,
  type Bitrix24TokenSource,
} from './bitrix24/bitrix24-client.ts';
import {
  bookSlot,
  busyIntervals,
  createGoogleCalendarClient,
} from './google-calendar/google-calendar-client.ts';
import { exchangeGoogleToken, googleEndpoints } from './google-calendar/google-oauth.ts';
import { withTokenLock } from './token-lock.server.ts';

export const GOOGLE_CALENDAR = 'google_calendar';

/** What a connection waiting for authorization keeps sealed. */
export const googlePendingSecret = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.string().url(),
});
export const googleSecret = googlePendingSecret.extend({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
});
export type GoogleSecret = z.infer<typeof googleSecret>;

const sources = new Map<string, Bitrix24TokenSource>();
export const forgetGoogleTokens = (id: string) => sources.delete(id);

function tokensOf(projectId: string, row: IntegrationConnection) {
  const known = sources.get(row.id);
  if (known) return known;
  const read = async (): Promise<GoogleSecret> => {
    const raw = await toolCredentials().reveal(projectId, row.credentialId);
    if (!raw) throw new Error('the connection lost its credential');
    return googleSecret.parse(JSON.parse(raw));
  };
  const source = singleFlightTokens({
    read,
    exchange: (stale) =>
      withTokenLock(db(), `integration-token:${row.id}`, async () => {
        const current = await read();
        if (current.accessToken !== stale) return current;
        const next = await exchangeGoogleToken({ ...current, grant: { refreshToken: current.refreshToken } });
        // Google keeps the refresh token unless it sends a new one; a new one replaces it before use.
        const stored = {
          ...current,
          accessToken: next.access_token,
          refreshToken: next.refresh_token ?? current.refreshToken,
        };
        await toolCredentials().replaceSecret(projectId, row.credentialId, JSON.stringify(stored), {
          actorUserId: null,
          actorType: 'system',
        });
        return stored;
      }),
  });
  sources.set(row.id, source);
  return source;
}

/** A Calendar client of one connection, its requests written to the connection's log by `onLog`. */
export function googleCalendarClientFor(
  projectId: string,
  row: IntegrationConnection,
  onLog: (e: Bitrix24LogEntry) => void,
) {
  if (row.authMode !== 'oauth') throw new Error('the calendar is not authorized in Google yet');
  const { api, allowHosts } = googleEndpoints();
  return createGoogleCalendarClient({ apiBase: api, allowHosts, tokens: tokensOf(projectId, row), onLog });
}

/**
 * The Book appointment block's calendar: one of the project's Google Calendar connections, opened at each
 * request (a disconnected one takes effect on the next), every request in the connection's log.
 */
export function googleCalendarPort(
  projectId: string,
  connectionId: string,
  log: {
    record: (connectionId: string, e: Bitrix24LogEntry) => Promise<void>;
    prune: (connectionId: string) => Promise<void>;
  },
): CalendarPort {
  const run = async <T>(
    f: (client: ReturnType<typeof googleCalendarClientFor>) => Promise<T>,
  ): Promise<T> => {
    const row = await db().integrationConnection.findFirst({
      where: { id: connectionId, projectId, provider: GOOGLE_CALENDAR },
    });
    if (!row) throw new Error(`no Google Calendar connection "${connectionId}"`);
    const pending: Promise<void>[] = [];
    const client = googleCalendarClientFor(projectId, row, (e) =>
      pending.push(log.record(row.id, e).catch(() => {})),
    );
    try {
      return await f(client);
    } finally {
      await Promise.all(pending);
      await log.prune(row.id);
    }
  };
  return {
    busy: ({ calendarId, from, to, signal }) =>
      run((client) => busyIntervals(client, { calendarId, from, to, signal })),
    book: (b) => run((client) => bookSlot(client, b)),
  };
}
