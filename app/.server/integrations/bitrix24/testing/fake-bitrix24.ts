import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Bitrix24 portal for tests, speaking the protocol in next-capabilities (c1, c2): webhook URLs
 * `/rest/<user>/<code>/<method>`, OAuth `/rest/<method>` with `auth` (401 `expired_token` once a token is
 * expired), the token endpoint `/oauth/token/` with rotating refresh tokens, the leaky bucket (503
 * `QUERY_LIMIT_EXCEEDED` above `limit`, draining `drainPerSecond`), telephony only in an application context
 * (`WRONG_AUTH_TYPE` for webhooks), register's 30-minute dedup, finish creating the call activity.
 */
export interface FakeBitrix24Options {
  webhookUserId?: number;
  webhookCode?: string;
  clientId?: string;
  clientSecret?: string;
  /** Leaky bucket: X (requests) and Y (per second). */
  limit?: number;
  drainPerSecond?: number;
  now?: () => number;
  /** The application's redirect URI (its settings in Bitrix24); settable later as `state.redirectUri`. */
  redirectUri?: string;
}

interface Contact {
  ID: string;
  NAME: string;
  LAST_NAME: string;
  COMPANY_TITLE: string;
  PHONE: { VALUE: string; VALUE_TYPE: string }[];
  EMAIL: { VALUE: string; VALUE_TYPE: string }[];
}

export interface FakeCall {
  CALL_ID: string;
  key: string;
  registeredAt: number;
  finished: boolean;
  activityId: number | null;
  recordUrl: string | null;
  phone: string;
}

export async function startFakeBitrix24(options: FakeBitrix24Options = {}) {
  const now = options.now ?? (() => Date.now());
  const webhookUser = options.webhookUserId ?? 1;
  const webhookCode = options.webhookCode ?? 'abc123def456';
  const clientId = options.clientId ?? 'local.app';
  const clientSecret = options.clientSecret ?? 'app-secret';
  const state = {
    contacts: new Map<string, Contact>(),
    leads: [] as Record<string, unknown>[],
    deals: new Map<string, Record<string, unknown>>(),
    comments: [] as Record<string, unknown>[],
    todos: [] as Record<string, unknown>[],
    calls: [] as FakeCall[],
    activities: [] as { id: number; callId: string }[],
    /** Every REST request: method and how it was authorised. */
    requests: [] as { method: string; auth: 'webhook' | 'oauth' | 'none' }[],
    nextId: 1,
    bucket: 0,
    bucketAt: now(),
    /** Forced 503s for the next N REST requests. */
    throttleNext: 0,
    accessTokens: new Map<string, number>(),
    refreshTokens: new Set<string>(),
    tokenExchanges: 0,
    /** Authorization codes handed out by the consent page, with when each expires (30 s, single use). */
    codes: new Map<string, number>(),
    redirectUri: options.redirectUri ?? '',
    /** A `domain` other than this portal in the redirect (a test of the portal check). */
    domainOverride: null as string | null,
    /** How long the token endpoint takes to answer (a slow token server keeps a refresher in its lock). */
    tokenDelayMs: 0,
  };
  const newId = () => String(state.nextId++);
  const token = () => crypto.randomUUID().replace(/-/g, '');

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown) =>
    send(res, 200, { result, time: { start: now() / 1000 } });
  const fail = (res: ServerResponse, status: number, error: string, description = '') =>
    send(res, status, { error, error_description: description });

  const issueTokens = () => {
    const access = token();
    const refresh = token();
    state.accessTokens.set(access, now() + 3600_000);
    state.refreshTokens.add(refresh);
    return { access, refresh };
  };

  function oauthToken(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId || q.get('client_secret') !== clientSecret) {
      return fail(res, 401, 'invalid_client', 'Invalid client');
    }
    if (q.get('grant_type') === 'refresh_token') {
      const old = q.get('refresh_token') ?? '';
      if (!state.refreshTokens.delete(old)) return fail(res, 400, 'invalid_grant', 'Invalid refresh token');
    } else {
      const expires = state.codes.get(q.get('code') ?? '');
      state.codes.delete(q.get('code') ?? '');
      if (q.get('grant_type') !== 'authorization_code' || expires === undefined || expires <= now()) {
        return fail(res, 400, 'invalid_grant', 'Invalid code');
      }
    }
    state.tokenExchanges += 1;
    const t = issueTokens();
    return send(res, 200, {
      access_token: t.access,
      refresh_token: t.refresh,
      expires_in: 3600,
      expires: Math.floor(now() / 1000) + 3600,
      client_endpoint: `${base}/rest/`,
      server_endpoint: `${base}/oauth/rest/`,
      member_id: 'member1',
      domain: 'oauth.bitrix.info',
      scope: 'crm,telephony',
      status: 'L',
      user_id: 1,
    });
  }

  function overLimit(): boolean {
    const drain = options.drainPerSecond ?? 2;
    const t = now();
    state.bucket = Math.max(0, state.bucket - ((t - state.bucketAt) / 1000) * drain);
    state.bucketAt = t;
    state.bucket += 1;
    if (state.throttleNext > 0) {
      state.throttleNext -= 1;
      return true;
    }
    return state.bucket > (options.limit ?? 50);
  }

  const contactMatches = (c: Contact, values: string[]) => c.PHONE.some((p) => values.includes(p.VALUE));

  function rest(method: string, p: Record<string, unknown>, auth: 'webhook' | 'oauth', res: ServerResponse) {
    const fields = (p.fields ?? {}) as Record<string, unknown>;
    if (method.startsWith('telephony.') && auth === 'webhook') {
      return fail(res, 401, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method');
    }
    switch (method) {
      case 'crm.duplicate.findbycomm': {
        const values = (p.values ?? []) as string[];
        const ids = [...state.contacts.values()]
          .filter((c) => contactMatches(c, values))
          .map((c) => Number(c.ID));
        return ok(res, ids.length ? { CONTACT: ids } : []);
      }
      case 'crm.contact.add': {
        const c: Contact = {
          ID: newId(),
          NAME: String(fields.NAME ?? ''),
          LAST_NAME: String(fields.LAST_NAME ?? ''),
          COMPANY_TITLE: String(fields.COMPANY_TITLE ?? ''),
          PHONE: (fields.PHONE as Contact['PHONE']) ?? [],
          EMAIL: (fields.EMAIL as Contact['EMAIL']) ?? [],
        };
        state.contacts.set(c.ID, c);
        return ok(res, Number(c.ID));
      }
      case 'crm.contact.get': {
        const c = state.contacts.get(String(p.id));
        return c ? ok(res, c) : fail(res, 400, 'ERROR_NOT_FOUND', 'Not found');
      }
      case 'crm.contact.update': {
        const c = state.contacts.get(String(p.id));
        if (!c) return fail(res, 400, 'ERROR_NOT_FOUND', 'Not found');
        if (fields.NAME !== undefined) c.NAME = String(fields.NAME);
        if (fields.COMPANY_TITLE !== undefined) c.COMPANY_TITLE = String(fields.COMPANY_TITLE);
        if (fields.PHONE) c.PHONE.push(...(fields.PHONE as Contact['PHONE']));
        if (fields.EMAIL) c.EMAIL.push(...(fields.EMAIL as Contact['EMAIL']));
        return ok(res, true);
      }
      case 'profile':
        return ok(res, { ID: String(webhookUser), ADMIN: true, NAME: 'Admin', LAST_NAME: '' });
      case 'crm.lead.add': {
        const id = newId();
        state.leads.push({ ID: id, ...fields });
        return ok(res, Number(id));
      }
      case 'crm.deal.add': {
        const id = newId();
        state.deals.set(id, { ID: id, STAGE_ID: 'NEW', ...fields });
        return ok(res, Number(id));
      }
      case 'crm.deal.update': {
        const d = state.deals.get(String(p.id));
        if (!d) return fail(res, 400, 'ERROR_NOT_FOUND', 'Not found');
        Object.assign(d, fields);
        return ok(res, true);
      }
      case 'crm.timeline.comment.add': {
        const id = newId();
        state.comments.push({ ID: id, ...fields });
        return ok(res, Number(id));
      }
      case 'crm.activity.todo.add': {
        const id = newId();
        state.todos.push({ id, ...p });
        return ok(res, { id: Number(id) });
      }
      case 'telephony.externalcall.register': {
        if (!p.USER_ID && !p.USER_PHONE_INNER) {
          return fail(res, 400, 'ERROR_CORE', 'USER_ID or USER_PHONE_INNER should be set');
        }
        if (![1, 2, 3, 4, 5].includes(Number(p.TYPE))) return fail(res, 400, 'ERROR_CORE', 'Unknown TYPE');
        const key = [p.PHONE_NUMBER, p.TYPE, p.USER_ID, p.LINE_NUMBER ?? '', p.EXTERNAL_CALL_ID ?? ''].join(
          '|',
        );
        const same = state.calls.find((c) => c.key === key && now() - c.registeredAt < 30 * 60_000);
        if (same) return ok(res, { CALL_ID: same.CALL_ID, CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: null });
        const call: FakeCall = {
          CALL_ID: `externalCall.${token()}.${Math.floor(now() / 1000)}`,
          key,
          registeredAt: now(),
          finished: false,
          activityId: null,
          recordUrl: null,
          phone: String(p.PHONE_NUMBER),
        };
        state.calls.push(call);
        return ok(res, { CALL_ID: call.CALL_ID, CRM_CREATED_LEAD: null, CRM_CREATED_ENTITIES: [] });
      }
      case 'telephony.externalcall.finish': {
        if (typeof p.CALL_ID !== 'string')
          return fail(res, 400, 'INVALID_ARGUMENT', 'CALL_ID must be a string');
        const call = state.calls.find((c) => c.CALL_ID === p.CALL_ID && !c.finished);
        if (!call) {
          return fail(
            res,
            400,
            'ERROR_CORE',
            'Call is not found (call should be registered prior to finishing)',
          );
        }
        call.finished = true;
        call.activityId = Number(newId());
        state.activities.push({ id: call.activityId, callId: call.CALL_ID });
        return ok(res, {
          CALL_ID: call.CALL_ID,
          CRM_ACTIVITY_ID: call.activityId,
          CALL_DURATION: p.DURATION,
        });
      }
      case 'telephony.externalcall.attachrecord': {
        const call = state.calls.find((c) => c.CALL_ID === p.CALL_ID);
        if (!call?.finished) {
          return fail(
            res,
            400,
            'ERROR_CORE',
            'Call is not found in the statistic table. It looks like it is not finished yet.',
          );
        }
        if (!p.RECORD_URL && !p.FILENAME) {
          return fail(
            res,
            400,
            'ERROR_CORE',
            'Required parameters are not set. Request should contain either URL or FILENAME parameter',
          );
        }
        call.recordUrl = String(p.RECORD_URL ?? '');
        return ok(res, { FILE_ID: Number(newId()) });
      }
      default:
        return fail(res, 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    }
  }

  /**
   * The consent screen (settings/oauth step 1): `/oauth/authorize/?client_id&state` shows Allow and Deny;
   * Allow sends the browser to the app's redirect URI with a 30-second code, the portal's `domain` and the
   * token server as `server_domain` (this portal serves its own, as a self-hosted one does).
   */
  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    if (q.get('client_id') !== clientId || !state.redirectUri) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<h1>Application not found</h1>');
    }
    const decision = q.get('decision');
    if (!decision) {
      const hidden = (n: string, v: string) =>
        `<input type="hidden" name="${n}" value="${v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}">`;
      const form = (label: string) =>
        `<form method="get" action="/oauth/authorize/">${hidden('client_id', clientId)}${hidden(
          'state',
          q.get('state') ?? '',
        )}<button name="decision" value="${label.toLowerCase()}">${label}</button></form>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><title>Bitrix24</title><h1>Allow access to your Bitrix24?</h1>${form(
          'Allow',
        )}${form('Deny')}`,
      );
    }
    const back = new URL(state.redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    if (decision === 'allow') {
      const code = token();
      state.codes.set(code, now() + 30_000);
      back.searchParams.set('code', code);
      back.searchParams.set('domain', state.domainOverride ?? new URL(base).host);
      back.searchParams.set('member_id', 'member1');
      back.searchParams.set('scope', 'crm,telephony');
      back.searchParams.set('server_domain', new URL(base).host);
    } else {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access');
    }
    res.writeHead(302, { location: back.toString() });
    return res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/oauth/token/') {
      if (state.tokenDelayMs) await new Promise((r) => setTimeout(r, state.tokenDelayMs));
      return oauthToken(url, res);
    }
    if (url.pathname === '/oauth/authorize/') return authorize(url, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let params: Record<string, unknown> = {};
    try {
      params = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
        : {};
    } catch {
      return fail(res, 400, 'INVALID_REQUEST', 'Bad JSON');
    }
    const hook = /^\/rest\/(\d+)\/([^/]+)\/([\w.]+?)(?:\.json)?$/.exec(url.pathname);
    const app = /^\/rest\/([\w.]+?)(?:\.json)?$/.exec(url.pathname);
    let auth: 'webhook' | 'oauth';
    let method: string;
    if (hook) {
      if (Number(hook[1]) !== webhookUser || hook[2] !== webhookCode) {
        return fail(res, 401, 'INVALID_CREDENTIALS', 'Invalid request credentials');
      }
      auth = 'webhook';
      method = hook[3]!.toLowerCase();
    } else if (app) {
      const t = String(params.auth ?? url.searchParams.get('auth') ?? '');
      const expires = state.accessTokens.get(t);
      if (expires === undefined) return fail(res, 401, 'NO_AUTH_FOUND', 'Wrong authorization data');
      if (expires <= now()) return fail(res, 401, 'expired_token', 'The access token provided has expired.');
      auth = 'oauth';
      method = app[1]!.toLowerCase();
      delete params.auth;
    } else {
      return fail(res, 404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    }
    state.requests.push({ method, auth });
    if (overLimit()) return fail(res, 503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
    return rest(method, params, auth, res);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => fail(res, 500, 'INTERNAL_SERVER_ERROR', 'fake failed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    state,
    webhookUrl: `${base}/rest/${webhookUser}/${webhookCode}/`,
    clientId,
    clientSecret,
    /** Tokens as an install would hand them (OnAppInstall / the code exchange). */
    install: issueTokens,
    /** A code as the consent screen's Allow would hand out (for server tests without a browser). */
    issueCode() {
      const code = token();
      state.codes.set(code, now() + 30_000);
      return code;
    },
    /** Makes every access token issued so far expire now. */
    expireAccessTokens() {
      for (const k of state.accessTokens.keys()) state.accessTokens.set(k, 0);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeBitrix24 = Awaited<ReturnType<typeof startFakeBitrix24>>;
