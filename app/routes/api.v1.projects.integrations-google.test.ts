// A Google Calendar connected by OAuth 2.0 as the Integrations screen does, against a local Google (consent
// screen, token endpoint, Calendar v3): allow and deny; then a flow's Book appointment block, run with the
// test console's ports, reads free/busy through the real client, offers times, finds the first one taken
// meanwhile and offers the next, and books an event that is then in the local calendar, once — a repeated
// insert with the same event id makes no second event — refreshing an expired access token on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initialState, runTurn, type RuntimeState } from '#flow-runtime/index';
import { buildFlow } from '#flow-runtime/testing/build-flow';
import { addMember, createProject, createUser } from '../../tests/support/factories';
import { bearerFor, callRoute, callRouteJson } from '../../tests/support/route-call';
import { db, disconnectDb } from '~/.server/db';
import { googleSecret } from '~/.server/integrations/google-calendar-connection.server';
import {
  startFakeGoogleCalendar,
  type FakeGoogleCalendar,
} from '~/.server/integrations/google-calendar/testing/fake-google-calendar';
import { googleRedirectUri } from '~/.server/integrations/google-calendar-oauth-flow.server';
import { connectionCalendars, integrationCalendarPort } from '~/.server/integrations/integrations.server';
import { closeQueues } from '~/.server/queues';
import { testConversationPorts } from '~/.server/runtime-ports/console-ports.server';
import { toolCredentials } from '~/.server/tools/project-tools.server';
import * as startRoute from './api.v1.projects.$projectId.integrations.google-calendar-oauth';
import * as oneRoute from './api.v1.projects.$projectId.integrations.$integrationId';
import * as callbackRoute from './p.$projectId.integrations_.google.callback';

let google: FakeGoogleCalendar;
let projectId: string;
let admin: Record<string, string>;
let connectionId: string;

async function start() {
  const r = await callRouteJson(startRoute, {
    method: 'POST',
    path: '/api/v1/x',
    params: { projectId },
    headers: admin,
    body: { name: 'Клиника', clientId: google.clientId, clientSecret: google.clientSecret },
  });
  expect(r.status).toBe(201);
  return { id: r.json.integration.id as string, authorizeUrl: r.json.authorizeUrl as string };
}

async function consent(authorizeUrl: string, decision: 'allow' | 'deny') {
  expect(await (await fetch(authorizeUrl)).text()).toContain('Allow');
  const url = new URL(authorizeUrl);
  url.searchParams.set('decision', decision);
  const res = await fetch(url, { redirect: 'manual' });
  const back = new URL(res.headers.get('location')!);
  const screen = await callRoute(callbackRoute, {
    method: 'GET',
    path: `${back.pathname}${back.search}`,
    params: { projectId },
    headers: admin,
  });
  return new URL(screen.headers.get('location')!, 'http://localhost');
}

const said = (text: string) => ({ type: 'utterance' as const, text });
const offersIn = (state: RuntimeState) =>
  (/"offers":\[([\d,]+)\]/.exec(JSON.stringify(state))?.[1] ?? '').split(',').map(Number);

beforeAll(async () => {
  google = await startFakeGoogleCalendar();
  // Where Google is, as an operator's proxy would be set (deployment configuration, not a project's).
  process.env.GOOGLE_OAUTH_URL = google.base;
  process.env.GOOGLE_TOKEN_URL = `${google.base}/token`;
  process.env.GOOGLE_API_URL = google.base;
  projectId = (await createProject(db(), 'Integrations Google')).id;
  const a = await createUser(db());
  await addMember(db(), projectId, a.id, 'admin');
  admin = await bearerFor(a.id);
});
afterAll(async () => {
  await google.close();
  await closeQueues();
  await disconnectDb();
});

describe('connecting Google Calendar by OAuth from the screen', () => {
  it('asks for offline access, connects and tests on allow, says so on deny, the tokens sealed', async () => {
    const denied = await start();
    expect((await consent(denied.authorizeUrl, 'deny')).searchParams.get('oauthError')).toBe('denied');

    const { id, authorizeUrl } = await start();
    const asked = new URL(authorizeUrl);
    expect(`${asked.origin}${asked.pathname}`).toBe(`${google.base}/o/oauth2/v2/auth`);
    expect(asked.searchParams.get('access_type')).toBe('offline');
    expect(asked.searchParams.get('redirect_uri')).toBe(googleRedirectUri(projectId));
    const screen = await consent(authorizeUrl, 'allow');
    expect(screen.searchParams.get('connected')).toBe(id);
    expect(screen.searchParams.get('provider')).toBe('google');
    const detail = await callRouteJson(oneRoute, {
      method: 'GET',
      path: '/api/v1/x',
      params: { projectId, integrationId: id },
      headers: admin,
    });
    expect(detail.json.integration).toMatchObject({
      provider: 'google_calendar',
      health: { status: 'connected' },
    });
    expect(detail.json.log).toEqual([
      expect.objectContaining({ method: 'GET users/me/calendarList', status: 200 }),
    ]);
    const row = await db().integrationConnection.findUniqueOrThrow({ where: { id } });
    const sealed = googleSecret.parse(
      JSON.parse((await toolCredentials().reveal(projectId, row.credentialId)) ?? '{}'),
    );
    expect(detail.text).not.toContain(sealed.refreshToken);
    expect(detail.text).not.toContain(google.clientSecret);
    // What the Book appointment block's form offers: the account's calendars, its main one first.
    google.state.calendars.set('team@group.calendar.google.com', {
      summary: 'Team',
      timeZone: 'UTC',
      events: [],
    });
    expect(await connectionCalendars(projectId, id)).toEqual([
      { id: 'primary', name: 'Clinic' },
      { id: 'team@group.calendar.google.com', name: 'Team' },
    ]);
    connectionId = id;
  });
});

describe('the Book appointment block books in the connected calendar', () => {
  it('offers free times, offers the next when one is taken meanwhile, and books once', async () => {
    const flow = buildFlow(
      [
        ['start', 'start'],
        [
          'book',
          'book_appointment',
          { connection: connectionId, weekdaysOnly: false, summary: 'Приём: {{caller_number}}' },
        ],
        ['ok', 'end', { message: 'Ждём вас {{appointment.local}}', disposition: 'booked' }],
        ['no', 'end', { message: 'Не записали', disposition: 'not_booked' }],
        ['err', 'end', { message: 'Календарь недоступен', disposition: 'failed' }],
      ],
      [
        ['start', 'next', 'book'],
        ['book', 'booked', 'ok'],
        ['book', 'not_booked', 'no'],
        ['book', 'failed', 'err'],
      ],
      { settings: { providerTimeoutMs: 20_000 } },
    );
    const ports = testConversationPorts(flow, projectId);
    const first = await runTurn(
      flow,
      initialState(flow),
      { type: 'call_started', caller: { number: '+79165550123' }, direction: 'inbound' },
      ports,
    );
    const offered = offersIn(first.state);
    expect(offered.length).toBe(3);
    expect(JSON.stringify(first.commands)).toMatch(/Могу записать вас .+ в \d\d:\d\d/);

    // The receptionist books the first offered time before the caller answers.
    google.addBusy(
      'primary',
      new Date(offered[0]!).toISOString(),
      new Date(offered[0]! + 30 * 60_000).toISOString(),
    );
    const second = await runTurn(flow, first.state, said('первый'), ports);
    expect(JSON.stringify(second.commands)).toContain('Это время только что заняли.');
    const next = offersIn(second.state);
    expect(next).not.toContain(offered[0]);

    google.expireAccessTokens();
    const exchanges = google.state.tokenExchanges;
    const third = await runTurn(flow, second.state, said('первый'), ports);
    expect(JSON.stringify(third.commands)).toContain('Ждём вас');
    expect(google.state.tokenExchanges - exchanges).toBe(1);
    const events = google.state.calendars.get('primary')!.events.filter((e) => e.summary.startsWith('Приём'));
    expect(events).toEqual([
      expect.objectContaining({
        summary: 'Приём: +79165550123',
        start: { dateTime: new Date(next[0]!).toISOString(), timeZone: 'Europe/Moscow' },
      }),
    ]);
    expect(third.state.variables.appointment).toMatchObject({ id: events[0]!.id });

    // The same booking again (a retried turn): the slot is busy with our own event, found by its id; one event.
    const again = await integrationCalendarPort(projectId, connectionId).book({
      calendarId: 'primary',
      eventId: events[0]!.id,
      start: next[0]!,
      end: next[0]! + 30 * 60_000,
      timeZone: 'Europe/Moscow',
      summary: 'Приём: +79165550123',
      description: '',
      signal: new AbortController().signal,
    });
    expect(again).toEqual({ booked: true, id: events[0]!.id });
    expect(
      google.state.calendars.get('primary')!.events.filter((e) => e.summary.startsWith('Приём')),
    ).toHaveLength(1);
  });
});
