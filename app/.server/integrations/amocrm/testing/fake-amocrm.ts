import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local amoCRM account for tests, speaking API v4 as next-capabilities (c3) describes it: OAuth
 * `POST /oauth2/access_token` (JSON; codes single use; refresh tokens single use and rotating, a reused one
 * answered 401 "Token has been revoked"), `Authorization: Bearer` with 401 once a token expires, at most 7
 * requests a second (429 above it), `application/hal+json` answers, `204 No Content` for an empty search,
 * contacts (search by `query`, create, read, PATCH), contact notes (added and listed by type), leads, tasks,
 * calls (`POST /api/v4/calls`: logged as a `call_in`/`call_out` note on the contact found by the phone, and
 * not logged at all when no contact has it, as amoCRM does), and the consent screen (`/oauth`: Allow sends the
 * browser to the redirect URI with `code`, `state` and `referer`, the account's host).
 */
export interface FakeAmoCrmOptions {
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  perSecond?: number;
  now?: () => number;
}

interface FieldValues {
  field_code: string;
  values: { value: string }[];
}
interface Contact {
  id: number;
  name: string;
  custom_fields_values: FieldValues[];
}

export async function startFakeAmoCrm(options: FakeAmoCrmOptions = {}) {
  const now = options.now ?? (() => Date.now());
  const clientId = options.clientId ?? 'amo-client';
  const clientSecret = options.clientSecret ?? 'amo-secret';
  const redirectUri = options.redirectUri ?? 'https://voice.example/amocrm/callback';
  const state = {
    contacts: new Map<number, Contact>(),
    notes: [] as { id: number; entityId: number; note_type: string; params: Record<string, unknown> }[],
    leads: new Map<number, Record<string, unknown>>(),
    tasks: [] as Record<string, unknown>[],
    /** Every API request: `METHOD /path` and its status. */
    requests: [] as { route: string; status: number }[],
    /** Calls logged (one per accepted entry of `POST /api/v4/calls`). */
    calls: [] as {
      id: number;
      contactId: number;
      uniq: string;
      direction: string;
      phone: string;
      duration: number;
      source: string;
      call_status: number | null;
      call_result: string;
      link: string;
    }[],
    /** The integration's redirect URI (its settings in amoCRM); settable later. */
    redirectUri,
    /** A `referer` the consent screen answers instead of this account's host (another account picked). */
    refererOverride: null as string | null,
    accessTokens: new Map<string, number>(),
    refreshTokens: new Set<string>(),
    codes: new Set<string>(['amo-code']),
    tokenExchanges: 0,
    sentAt: [] as number[],
    nextId: 100,
  };
  const token = () => crypto.randomUUID().replace(/-/g, '');

  const send = (res: ServerResponse, status: number, body?: unknown, type = 'application/hal+json') => {
    if (body === undefined) {
      res.writeHead(status);
      return res.end();
    }
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  };
  const problem = (res: ServerResponse, status: number, title: string, detail: string, extra = {}) =>
    send(
      res,
      status,
      { title, type: 'https://httpstatus.es/' + status, status, detail, ...extra },
      'application/problem+json',
    );

  const issue = () => {
    const access = token();
    const refresh = token();
    state.accessTokens.set(access, now() + 86_400_000);
    state.refreshTokens.add(refresh);
    return { access, refresh };
  };

  function oauth(body: Record<string, unknown>, res: ServerResponse) {
    if (
      body.client_id !== clientId ||
      body.client_secret !== clientSecret ||
      body.redirect_uri !== state.redirectUri
    ) {
      return problem(res, 400, 'Некорректный запрос', 'Client authentication failed', {
        hint: 'Invalid client',
      });
    }
    if (body.grant_type === 'refresh_token') {
      if (!state.refreshTokens.delete(String(body.refresh_token))) {
        return problem(
          res,
          401,
          'Некорректный запрос',
          'В запросе отсутствует ряд параметров или параметры невалидны',
          {
            hint: 'Token has been revoked',
          },
        );
      }
    } else if (body.grant_type !== 'authorization_code' || !state.codes.delete(String(body.code))) {
      return problem(res, 400, 'Некорректный запрос', 'Authorization code has been revoked', {
        hint: 'Authorization code has expired',
      });
    }
    state.tokenExchanges += 1;
    const t = issue();
    return send(
      res,
      200,
      {
        token_type: 'Bearer',
        expires_in: 86_400,
        server_time: Math.floor(now() / 1000),
        access_token: t.access,
        refresh_token: t.refresh,
      },
      'application/json',
    );
  }

  const digits = (v: string) => v.replace(/\D/g, '');
  const created = (key: string, ids: number[]) =>
    ({ _embedded: { [key]: ids.map((id, i) => ({ id, request_id: String(i) })) } }) as const;

  function api(method: string, path: string, q: URLSearchParams, body: unknown, res: ServerResponse) {
    const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
    const one = /^\/api\/v4\/contacts\/(\d+)$/.exec(path);
    const notes = /^\/api\/v4\/contacts\/(\d+)\/notes$/.exec(path);
    const lead = /^\/api\/v4\/leads\/(\d+)$/.exec(path);
    if (path === '/api/v4/account' && method === 'GET') {
      return send(res, 200, { id: 1, name: 'Local account', subdomain: 'local' });
    }
    if (path === '/api/v4/contacts' && method === 'GET') {
      const query = digits(q.get('query') ?? '');
      const found = [...state.contacts.values()].filter((c) =>
        c.custom_fields_values.some((f) => f.values.some((v) => query && digits(v.value).includes(query))),
      );
      return found.length ? send(res, 200, { _embedded: { contacts: found } }) : send(res, 204);
    }
    if (path === '/api/v4/contacts' && method === 'POST') {
      const ids = list.map((c) => {
        const id = state.nextId++;
        const fields = (c.custom_fields_values as FieldValues[] | undefined) ?? [];
        if (fields.some((f) => !['PHONE', 'EMAIL'].includes(f.field_code))) return -1;
        state.contacts.set(id, { id, name: String(c.name ?? ''), custom_fields_values: fields });
        return id;
      });
      if (ids.includes(-1)) {
        return send(
          res,
          400,
          {
            'validation-errors': [
              {
                request_id: '0',
                errors: [
                  {
                    code: 'NotSupportedChoice',
                    path: 'custom_fields_values.0.field_code',
                    detail: 'The value you selected is not a valid choice.',
                  },
                ],
              },
            ],
            title: 'Bad Request',
            type: 'https://httpstatus.es/400',
            status: 400,
            detail: 'Request validation failed',
          },
          'application/problem+json',
        );
      }
      return send(res, 200, created('contacts', ids));
    }
    if (one) {
      const c = state.contacts.get(Number(one[1]));
      if (!c) return send(res, 204);
      if (method === 'PATCH') {
        const b = body as Partial<Contact>;
        if (b.name) c.name = b.name;
        for (const f of b.custom_fields_values ?? []) {
          c.custom_fields_values = [
            ...c.custom_fields_values.filter((x) => x.field_code !== f.field_code),
            f,
          ];
        }
        return send(res, 200, { id: c.id });
      }
      return send(res, 200, c);
    }
    if (notes && method === 'GET') {
      const type = q.get('filter[note_type]');
      const found = state.notes.filter(
        (n) => n.entityId === Number(notes[1]) && (!type || type.split(',').includes(n.note_type)),
      );
      return found.length
        ? send(res, 200, {
            _embedded: {
              notes: found.map((n) => ({
                id: n.id,
                entity_id: n.entityId,
                note_type: n.note_type,
                params: n.params,
              })),
            },
          })
        : send(res, 204);
    }
    if (path === '/api/v4/calls' && method === 'POST') {
      const logged: { id: number; entity_id: number; entity_type: string; request_id: string }[] = [];
      list.forEach((c, i) => {
        const phone = digits(String(c.phone ?? ''));
        const contact = [...state.contacts.values()].find((x) =>
          x.custom_fields_values.some(
            (f) => f.field_code === 'PHONE' && f.values.some((v) => phone && digits(v.value) === phone),
          ),
        );
        // "If there is no entity with that number, the call is not added."
        if (!contact) return;
        const id = state.nextId++;
        const entry = {
          id,
          contactId: contact.id,
          uniq: String(c.uniq ?? ''),
          direction: String(c.direction),
          phone: String(c.phone),
          duration: Number(c.duration),
          source: String(c.source ?? ''),
          call_status: typeof c.call_status === 'number' ? c.call_status : null,
          call_result: String(c.call_result ?? ''),
          link: String(c.link ?? ''),
        };
        state.calls.push(entry);
        state.notes.push({
          id,
          entityId: contact.id,
          note_type: entry.direction === 'outbound' ? 'call_out' : 'call_in',
          params: {
            uniq: entry.uniq,
            duration: entry.duration,
            source: entry.source,
            phone: entry.phone,
            link: entry.link,
            call_status: entry.call_status,
            call_result: entry.call_result,
          },
        });
        logged.push({
          id,
          entity_id: contact.id,
          entity_type: 'contacts',
          request_id: String(c.request_id ?? i),
        });
      });
      return send(res, 200, { _embedded: { calls: logged } });
    }
    if (notes && method === 'POST') {
      if (!state.contacts.has(Number(notes[1]))) return problem(res, 404, 'Not Found', 'No such contact');
      const ids = list.map((n) => {
        const id = state.nextId++;
        state.notes.push({
          id,
          entityId: Number(notes[1]),
          note_type: String(n.note_type),
          params: (n.params as Record<string, unknown>) ?? {},
        });
        return id;
      });
      return send(res, 200, created('notes', ids));
    }
    if (path === '/api/v4/leads' && method === 'POST') {
      const ids = list.map((l) => {
        const id = state.nextId++;
        state.leads.set(id, { id, status_id: 142_001, ...l });
        return id;
      });
      return send(res, 200, created('leads', ids));
    }
    if (lead) {
      const l = state.leads.get(Number(lead[1]));
      if (!l) return send(res, 204);
      if (method === 'PATCH') Object.assign(l, body);
      return send(res, 200, l);
    }
    if (path === '/api/v4/tasks' && method === 'POST') {
      const ids = list.map((t) => {
        const id = state.nextId++;
        state.tasks.push({ id, ...t });
        return id;
      });
      return send(res, 200, created('tasks', ids));
    }
    return problem(res, 404, 'Not Found', 'No such route');
  }

  /** The consent screen: `/oauth?client_id&state` shows Allow and Deny; Allow hands out a single-use code. */
  function consent(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId || !state.redirectUri) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<h1>Integration not found</h1>');
    }
    const decision = q.get('decision');
    if (!decision) {
      const hidden = (n: string, v: string) =>
        `<input type="hidden" name="${n}" value="${v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">`;
      const form = (label: string) =>
        `<form method="get" action="/oauth">${hidden('client_id', clientId)}${hidden('state', q.get('state') ?? '')}<button name="decision" value="${label.toLowerCase()}">${label}</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>amoCRM</title><h1>Allow the integration access to your account?</h1>${form('Allow')}${form('Deny')}`,
      );
    }
    const back = new URL(state.redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    if (decision === 'allow') {
      const code = token();
      state.codes.add(code);
      back.searchParams.set('code', code);
      back.searchParams.set('referer', state.refererOverride ?? new URL(base).host);
      back.searchParams.set('client_id', clientId);
      back.searchParams.set('from_widget', '0');
    } else {
      back.searchParams.set('error', 'access_denied');
    }
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/oauth' && req.method === 'GET') return consent(url, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown = undefined;
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return problem(res, 400, 'Bad Request', 'Bad JSON');
      }
    }
    if (url.pathname === '/oauth2/access_token' && req.method === 'POST') {
      return oauth((body ?? {}) as Record<string, unknown>, res);
    }
    const route = `${req.method} ${url.pathname}`;
    const record = (status: number) => state.requests.push({ route, status });
    // The limit counts every request of the account in the last second, refused ones too.
    const t = now();
    state.sentAt = state.sentAt.filter((s) => s > t - 1000);
    state.sentAt.push(t);
    if (state.sentAt.length > (options.perSecond ?? 7)) {
      record(429);
      return problem(res, 429, 'Too Many Requests', 'Too many requests');
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const expires = state.accessTokens.get(bearer);
    if (expires === undefined || expires <= now()) {
      record(401);
      return problem(res, 401, 'Unauthorized', 'Unauthorized');
    }
    const before = res.statusCode;
    api(req.method ?? 'GET', url.pathname, url.searchParams, body, res);
    record(res.statusCode || before);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => problem(res, 500, 'Internal Server Error', 'fake failed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    state,
    clientId,
    clientSecret,
    redirectUri,
    /** Tokens as the code exchange would hand them. */
    install: issue,
    expireAccessTokens() {
      for (const k of state.accessTokens.keys()) state.accessTokens.set(k, 0);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeAmoCrm = Awaited<ReturnType<typeof startFakeAmoCrm>>;
