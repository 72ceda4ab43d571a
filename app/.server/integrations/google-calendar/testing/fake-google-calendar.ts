import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Google for tests, speaking what next-capabilities (c4) describes: the OAuth 2.0 consent screen
 * (`/o/oauth2/v2/auth`, Allow or Deny, back to the redirect URI with `code` and `state`), the token endpoint
 * (`/token`, form-encoded; a code once; a refresh grant answers a new access token and no new refresh token,
 * as Google does), and Calendar v3 with `Authorization: Bearer` (401 once a token expires): the calendar list,
 * `freeBusy` (busy intervals per calendar, `errors` for one it cannot read, HTTP 200), `events.insert` with a
 * client-supplied id (base32hex, 5–1024 characters; a second insert of one id answers 409 `duplicate`) and the
 * events list. Google itself lets events overlap: refusing a double booking is the caller's job.
 */
export interface FakeGoogleOptions {
  port?: number;
  clientId?: string;
  clientSecret?: string;
}

interface Event {
  id: string;
  summary: string;
  description: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  attendees: { email?: string; displayName?: string }[];
}

export async function startFakeGoogleCalendar(options: FakeGoogleOptions = {}) {
  const clientId = options.clientId ?? 'google-client.apps.googleusercontent.com';
  const clientSecret = options.clientSecret ?? 'google-secret';
  const state = {
    /** Calendars this account can read and write; anything else answers `notFound`. */
    calendars: new Map<string, { summary: string; timeZone: string; events: Event[] }>([
      ['primary', { summary: 'Clinic', timeZone: 'Europe/Moscow', events: [] }],
    ]),
    codes: new Map<string, string>(),
    accessTokens: new Map<string, number>(),
    refreshTokens: new Set<string>(),
    tokenExchanges: 0,
    requests: [] as { route: string; status: number }[],
  };
  const token = () => crypto.randomUUID().replace(/-/g, '');
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  const apiError = (res: ServerResponse, code: number, reason: string, message: string, status?: string) =>
    send(res, code, {
      error: {
        code,
        message,
        errors: [{ domain: 'global', reason, message }],
        ...(status ? { status } : {}),
      },
    });

  function consent(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const redirect = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId || !redirect || q.get('response_type') !== 'code') {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<h1>Error 400: invalid_request</h1>');
    }
    const decision = q.get('decision');
    if (!decision) {
      const keep = [...q.entries()]
        .map(
          ([k, v]) =>
            `<input type="hidden" name="${k}" value="${v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">`,
        )
        .join('');
      const form = (label: string) =>
        `<form method="get" action="/o/oauth2/v2/auth">${keep}<button name="decision" value="${label.toLowerCase()}">${label}</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Google</title><h1>Allow access to your Google Calendar?</h1>${form('Allow')}${form('Deny')}`,
      );
    }
    const back = new URL(redirect);
    back.searchParams.set('state', q.get('state') ?? '');
    if (decision === 'allow') {
      const code = `4/${token()}`;
      state.codes.set(code, redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('scope', q.get('scope') ?? '');
    } else {
      back.searchParams.set('error', 'access_denied');
    }
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }

  function tokenEndpoint(form: URLSearchParams, res: ServerResponse) {
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return send(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
    }
    const access = `ya29.${token()}`;
    if (form.get('grant_type') === 'authorization_code') {
      const redirect = state.codes.get(form.get('code') ?? '');
      if (!redirect || redirect !== form.get('redirect_uri')) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
      }
      state.codes.delete(form.get('code') ?? '');
      const refresh = `1//${token()}`;
      state.refreshTokens.add(refresh);
      state.accessTokens.set(access, Date.now() + 3_599_000);
      state.tokenExchanges += 1;
      return send(res, 200, {
        access_token: access,
        expires_in: 3599,
        refresh_token: refresh,
        scope: 'https://www.googleapis.com/auth/calendar',
        token_type: 'Bearer',
      });
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (!state.refreshTokens.has(form.get('refresh_token') ?? '')) {
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      }
      state.accessTokens.set(access, Date.now() + 3_599_000);
      state.tokenExchanges += 1;
      return send(res, 200, {
        access_token: access,
        expires_in: 3599,
        scope: 'https://www.googleapis.com/auth/calendar',
        token_type: 'Bearer',
      });
    }
    return send(res, 400, { error: 'unsupported_grant_type' });
  }

  const overlaps = (e: Event, from: number, to: number) =>
    Date.parse(e.start.dateTime) < to && Date.parse(e.end.dateTime) > from;

  function api(method: string, path: string, body: Record<string, unknown>, res: ServerResponse) {
    if (method === 'GET' && path === '/calendar/v3/users/me/calendarList') {
      return send(res, 200, {
        kind: 'calendar#calendarList',
        items: [...state.calendars.entries()].map(([id, c]) => ({
          kind: 'calendar#calendarListEntry',
          id,
          summary: c.summary,
          timeZone: c.timeZone,
          accessRole: 'owner',
          ...(id === 'primary' ? { primary: true } : {}),
        })),
      });
    }
    if (method === 'POST' && path === '/calendar/v3/freeBusy') {
      const from = Date.parse(String(body.timeMin));
      const to = Date.parse(String(body.timeMax));
      if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
        return apiError(res, 400, 'timeRangeEmpty', 'The specified time range is empty.');
      }
      const items = Array.isArray(body.items) ? (body.items as { id?: string }[]) : [];
      const calendars: Record<string, unknown> = {};
      for (const { id = '' } of items) {
        const c = state.calendars.get(id);
        calendars[id] = c
          ? {
              busy: c.events
                .filter((e) => overlaps(e, from, to))
                .map((e) => ({ start: e.start.dateTime, end: e.end.dateTime })),
            }
          : { busy: [], errors: [{ domain: 'global', reason: 'notFound' }] };
      }
      return send(res, 200, {
        kind: 'calendar#freeBusy',
        timeMin: new Date(from).toISOString(),
        timeMax: new Date(to).toISOString(),
        calendars,
      });
    }
    const one = /^\/calendar\/v3\/calendars\/([^/]+)\/events\/([^/]+)$/.exec(path);
    if (one && method === 'GET') {
      const event = state.calendars.get(decodeURIComponent(one[1]!))?.events.find((e) => e.id === one[2]);
      return event
        ? send(res, 200, { kind: 'calendar#event', ...event })
        : apiError(res, 404, 'notFound', 'Not Found');
    }
    const events = /^\/calendar\/v3\/calendars\/([^/]+)\/events$/.exec(path);
    if (events) {
      const c = state.calendars.get(decodeURIComponent(events[1]!));
      if (!c) return apiError(res, 404, 'notFound', 'Not Found');
      if (method === 'GET') return send(res, 200, { kind: 'calendar#events', items: c.events });
      if (method === 'POST') {
        const id = typeof body.id === 'string' ? body.id : token();
        if (!/^[a-v0-9]{5,1024}$/.test(id))
          return apiError(res, 400, 'invalid', 'Invalid resource id value.');
        if (c.events.some((e) => e.id === id)) {
          return apiError(res, 409, 'duplicate', 'The requested identifier already exists.');
        }
        const start = body.start as Event['start'] | undefined;
        const end = body.end as Event['end'] | undefined;
        if (!start?.dateTime || !end?.dateTime) return apiError(res, 400, 'required', 'Missing end time.');
        const event: Event = {
          id,
          summary: String(body.summary ?? ''),
          description: String(body.description ?? ''),
          start,
          end,
          attendees: Array.isArray(body.attendees) ? (body.attendees as Event['attendees']) : [],
        };
        c.events.push(event);
        return send(res, 200, {
          kind: 'calendar#event',
          status: 'confirmed',
          htmlLink: `${base}/event?eid=${id}`,
          ...event,
        });
      }
    }
    return apiError(res, 404, 'notFound', 'Not Found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/o/oauth2/v2/auth' && req.method === 'GET') return consent(url, res);
    // For a browser spec in another process: what the calendars hold (not Google's; no token).
    if (url.pathname === '/__fake/calendars' && req.method === 'GET') {
      return send(res, 200, Object.fromEntries([...state.calendars].map(([id, c]) => [id, c.events])));
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (url.pathname === '/token' && req.method === 'POST')
      return tokenEndpoint(new URLSearchParams(text), res);
    const route = `${req.method} ${url.pathname}`;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const expires = state.accessTokens.get(bearer);
    if (expires === undefined || expires <= Date.now()) {
      state.requests.push({ route, status: 401 });
      return apiError(
        res,
        401,
        'authError',
        'Request had invalid authentication credentials.',
        'UNAUTHENTICATED',
      );
    }
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return apiError(res, 400, 'parseError', 'Parse Error');
    }
    api(req.method ?? 'GET', url.pathname, body, res);
    state.requests.push({ route, status: res.statusCode });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => apiError(res, 500, 'backendError', 'Backend Error'));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    state,
    clientId,
    clientSecret,
    /** Someone else books the calendar (another caller, the receptionist). */
    addBusy(calendarId: string, start: string, end: string, summary = 'Busy') {
      state.calendars.get(calendarId)?.events.push({
        id: token(),
        summary,
        description: '',
        start: { dateTime: start },
        end: { dateTime: end },
        attendees: [],
      });
    },
    expireAccessTokens() {
      for (const k of state.accessTokens.keys()) state.accessTokens.set(k, 0);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeGoogleCalendar = Awaited<ReturnType<typeof startFakeGoogleCalendar>>;
