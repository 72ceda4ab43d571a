/**
 * A project's CRM connections (issue 24): Bitrix24 by incoming webhook. The webhook URL (its code is the
 * secret) is sealed by the credentials service as `integration:<id>` and revealed only to build a client;
 * the portal host alone is shown. Every request a connection makes is a line in its log, and its health
 * (failing since, last error) follows the last requests.
 */
import { z } from 'zod';
import type { CrmPort } from '#flow-runtime/ports';
import type { IntegrationConnection } from '../../../prisma/generated/prisma/client.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { SsrfBlockedError, vetUrl } from '../net/ssrf-guard.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { getToolSettings, toolCredentials } from '../tools/project-tools.server.ts';
import {
  createBitrix24Client,
  parseWebhookUrl,
  singleFlightTokens,
  type Bitrix24Auth,
  type Bitrix24LogEntry,
  type Bitrix24TokenSource,
} from './bitrix24/bitrix24-client.ts';
import { exchangeBitrix24Token } from './bitrix24/bitrix24-oauth.ts';
import { withTokenLock } from './token-lock.server.ts';
import { amoCrmClientFor, forgetAmoCrmTokens } from './amocrm-connection.server.ts';
import { amoCrmPort } from './amocrm/amocrm-crm-port.ts';
import {
  forgetGoogleTokens,
  GOOGLE_CALENDAR,
  googleCalendarClientFor,
  googleCalendarPort,
} from './google-calendar-connection.server.ts';
import { bitrix24CrmPort } from './bitrix24/bitrix24-crm-port.ts';
import {
  integrationInput,
  type IntegrationInput,
  type IntegrationLogView,
  type IntegrationView,
} from '../../lib/integrations/integration-input.ts';

export const integrationNotFound = () =>
  new ServiceError(404, 'integration_not_found', 'No such integration in this project.');
export const credentialNameOf = (id: string) => `integration:${id}`;
const credentialName = credentialNameOf;
/** An OAuth connection whose application the admin has not authorized yet (no tokens). */
export const OAUTH_PENDING = 'oauth-pending';
/** How many log lines a connection keeps on screen (older ones are pruned as new ones come). */
const LOG_KEEP = 200;

export function integrationViewOf(row: IntegrationConnection): IntegrationView {
  return {
    id: row.id,
    provider: row.provider === 'amocrm' || row.provider === 'google_calendar' ? row.provider : 'bitrix24',
    name: row.name,
    authMode: row.authMode === 'webhook' ? 'webhook' : 'oauth',
    portal: row.portal,
    userId: row.userId,
    logCalls: row.logCalls,
    health: {
      status:
        row.authMode === OAUTH_PENDING
          ? 'pending'
          : row.failingSince
            ? 'failing'
            : row.lastOkAt
              ? 'connected'
              : 'untested',
      failingSince: row.failingSince?.toISOString() ?? null,
      lastError: row.lastError,
    },
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listIntegrations(projectId: string): Promise<IntegrationView[]> {
  const rows = await db().integrationConnection.findMany({
    where: { projectId },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(integrationViewOf);
}

async function rowOf(projectId: string, id: string) {
  const row = await db().integrationConnection.findFirst({ where: { id, projectId } });
  if (!row) throw integrationNotFound();
  return row;
}

export async function createIntegration(
  ctx: ServiceContext,
  raw: IntegrationInput,
): Promise<IntegrationView> {
  const input = integrationInput.parse(raw);
  const projectId = ctx.access.projectId;
  const hook = parseWebhookUrl(input.webhookUrl);
  if (!hook) {
    throw new ServiceError(422, 'invalid_input', 'This is not a Bitrix24 webhook URL.', {
      webhookUrl: ['Expected https://<portal>/rest/<user id>/<code>/'],
    });
  }
  // The portal must be public, or a host the project allows (the Tools screen's allowed hosts).
  const { allowHosts } = await getToolSettings(projectId);
  try {
    await vetUrl(new URL(hook.url), { allowHosts });
  } catch (e) {
    if (!(e instanceof SsrfBlockedError)) throw e;
    throw new ServiceError(422, 'invalid_input', 'This portal address is not allowed.', {
      webhookUrl: [e.message],
    });
  }
  const id = crypto.randomUUID();
  const credential = await toolCredentials().create(
    projectId,
    { name: credentialName(id), kind: 'api_key', secret: hook.url },
    credentialActor(ctx),
  );
  const webhookUser = Number(/\/rest\/(\d+)\//.exec(hook.url)?.[1] ?? 1);
  const row = await db().integrationConnection.create({
    data: {
      id,
      projectId,
      provider: 'bitrix24',
      name: input.name,
      authMode: 'webhook',
      portal: hook.portal,
      credentialId: credential.id,
      userId: input.userId ?? webhookUser,
      logCalls: input.logCalls,
    },
  });
  const view = integrationViewOf(row);
  await auditAs(ctx, {
    action: 'integration.create',
    targetType: 'integration',
    targetId: id,
    diff: { after: view },
  });
  return view;
}

export async function deleteIntegration(ctx: ServiceContext, id: string): Promise<void> {
  const row = await rowOf(ctx.access.projectId, id);
  await db().integrationConnection.delete({ where: { id } });
  await toolCredentials().remove(ctx.access.projectId, row.credentialId, credentialActor(ctx));
  tokenSources.delete(id);
  forgetAmoCrmTokens(id);
  forgetGoogleTokens(id);
  await auditAs(ctx, {
    action: 'integration.delete',
    targetType: 'integration',
    targetId: id,
    diff: { before: integrationViewOf(row) },
  });
}

/** Records one request in the connection's log and moves its health. */
export async function record(connectionId: string, e: Bitrix24LogEntry): Promise<void> {
  await db().integrationLog.create({
    data: {
      connectionId,
      method: e.method,
      status: e.status,
      ok: e.ok,
      error: e.error?.slice(0, 500) ?? null,
      durationMs: e.durationMs,
    },
  });
  if (e.ok) {
    await db().integrationConnection.update({
      where: { id: connectionId },
      data: { failingSince: null, lastError: null, lastOkAt: new Date() },
    });
  } else {
    await db().integrationConnection.updateMany({
      where: { id: connectionId, failingSince: null },
      data: { failingSince: new Date() },
    });
    await db().integrationConnection.update({ where: { id: connectionId }, data: { lastError: e.error } });
  }
}

export async function pruneLog(connectionId: string): Promise<void> {
  const keep = await db().integrationLog.findMany({
    where: { connectionId },
    orderBy: { createdAt: 'desc' },
    skip: LOG_KEEP,
    take: 1,
    select: { createdAt: true },
  });
  if (keep[0])
    await db().integrationLog.deleteMany({ where: { connectionId, createdAt: { lte: keep[0].createdAt } } });
}

export const oauthSecret = z.object({
  /** The portal's origin as the admin gave it (connections made before the screen flow lack it). */
  portalUrl: z.string().url().optional(),
  endpoint: z.string().url(),
  oauthUrl: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
});
type OAuthSecret = z.infer<typeof oauthSecret>;

/** One token source per connection in this process: concurrent refreshes of a connection are one. */
const tokenSources = new Map<string, Bitrix24TokenSource>();

/**
 * One refresh of a connection's tokens across processes: the web app and the workers may both find the
 * access token expired. A Postgres advisory lock (held by a transaction of `client`) lets one of them
 * exchange; the other waits, then reads the tokens the first stored and does not exchange again (a second
 * exchange would spend the rotated refresh token, and Bitrix24 may block an app that refreshes too often).
 */
export async function refreshUnderLock(
  client: Db,
  args: {
    projectId: string;
    row: Pick<IntegrationConnection, 'id' | 'credentialId'>;
    /** The access token the caller found expired. */
    stale: string;
    allowHosts: readonly string[];
    read: () => Promise<OAuthSecret>;
  },
): Promise<OAuthSecret> {
  const { projectId, row, stale, allowHosts, read } = args;
  return withTokenLock(client, `integration-token:${row.id}`, async () => {
    const current = await read();
    if (current.accessToken !== stale) return current;
    const next = await exchangeBitrix24Token({
      oauthUrl: current.oauthUrl,
      clientId: current.clientId,
      clientSecret: current.clientSecret,
      grant: { refreshToken: current.refreshToken },
      allowHosts,
    });
    const stored: OAuthSecret = {
      ...current,
      endpoint: next.client_endpoint,
      accessToken: next.access_token,
      refreshToken: next.refresh_token,
    };
    // Committed (on its own connection) before the lock is let go: the next holder reads these.
    await toolCredentials().replaceSecret(projectId, row.credentialId, JSON.stringify(stored), {
      actorUserId: null,
      actorType: 'system',
    });
    return stored;
  });
}

/**
 * The OAuth tokens of a connection, sealed in its credential. A refresh rotates the refresh token: the new
 * pair is stored (sealed) before the new access token is handed to anyone, so a crash after the exchange
 * loses at most the exchange, never the only valid refresh token we were given.
 */
function tokensOf(projectId: string, row: IntegrationConnection, allowHosts: readonly string[]) {
  let source = tokenSources.get(row.id);
  if (source) return source;
  const read = async (): Promise<OAuthSecret> => {
    const raw = await toolCredentials().reveal(projectId, row.credentialId);
    if (!raw) throw new Error('the connection lost its credential');
    return oauthSecret.parse(JSON.parse(raw));
  };
  source = singleFlightTokens({
    read,
    exchange: (stale) => refreshUnderLock(db(), { projectId, row, stale, allowHosts, read }),
  });
  tokenSources.set(row.id, source);
  return source;
}

/**
 * Connects an installed Bitrix24 application by its tokens (the code exchange's answer), for tests and
 * scripts; the screen connects through the browser flow (bitrix24-oauth-flow.server.ts).
 */
export async function createOAuthIntegration(
  projectId: string,
  input: { name: string; userId: number; logCalls: boolean } & OAuthSecret,
): Promise<IntegrationView> {
  const { name, userId, logCalls, ...secret } = input;
  const id = crypto.randomUUID();
  const credential = await toolCredentials().create(
    projectId,
    { name: credentialName(id), kind: 'oauth_token', secret: JSON.stringify(oauthSecret.parse(secret)) },
    { actorUserId: null, actorType: 'system' },
  );
  const row = await db().integrationConnection.create({
    data: {
      id,
      projectId,
      provider: 'bitrix24',
      name,
      authMode: 'oauth',
      portal: new URL(secret.endpoint).host,
      credentialId: credential.id,
      userId,
      logCalls,
    },
  });
  return integrationViewOf(row);
}

/** A client for one connection: the sealed secret opened here, the project's allowed hosts, the log written. */
export async function integrationClient(
  projectId: string,
  row: IntegrationConnection,
  tuning: { maxRetries?: number } = {},
) {
  const { allowHosts } = await getToolSettings(projectId);
  let auth: Bitrix24Auth;
  if (row.authMode === OAUTH_PENDING) {
    throw new Error('the application is not authorized in Bitrix24 yet');
  } else if (row.authMode === 'oauth') {
    const raw = await toolCredentials().reveal(projectId, row.credentialId);
    if (!raw) throw new Error('the connection lost its credential');
    auth = {
      kind: 'oauth',
      endpoint: oauthSecret.parse(JSON.parse(raw)).endpoint,
      tokens: tokensOf(projectId, row, allowHosts),
    };
  } else {
    const url = await toolCredentials().reveal(projectId, row.credentialId);
    if (!url) throw new Error('the connection lost its credential');
    auth = { kind: 'webhook', url };
  }
  const pending: Promise<void>[] = [];
  const client = createBitrix24Client({
    auth,
    allowHosts,
    ...tuning,
    onLog: (e) => void pending.push(record(row.id, e).catch(() => {})),
  });
  return {
    client,
    /** Waits for the log lines of the requests so far. */
    flushLog: async () => {
      await Promise.all(pending.splice(0));
      await pruneLog(row.id);
    },
  };
}

/** An amoCRM connection's client, with the wait for its log lines (the post-call step logs calls with it). */
export async function amoCrmConnectionClient(projectId: string, row: IntegrationConnection) {
  const { client, flushLog } = await amoCrmPortOf(projectId, row);
  return { client, flushLog };
}

/** An amoCRM connection's CRM port, its client, and the wait for its log lines. */
async function amoCrmPortOf(projectId: string, row: IntegrationConnection) {
  if (row.authMode === OAUTH_PENDING) throw new Error('the integration is not authorized in amoCRM yet');
  const { allowHosts } = await getToolSettings(projectId);
  const pending: Promise<void>[] = [];
  const client = await amoCrmClientFor(projectId, row, allowHosts, (e) =>
    pending.push(record(row.id, e).catch(() => {})),
  );
  return {
    client,
    crm: amoCrmPort(client),
    flushLog: async () => {
      await Promise.all(pending.splice(0));
      await pruneLog(row.id);
    },
  };
}

/** Test a connection: one harmless read (`profile`); its line is in the log either way. */
export function testIntegration(
  ctx: ServiceContext,
  id: string,
): Promise<{ ok: boolean; error: string | null; integration: IntegrationView }> {
  return testConnection(ctx.access.projectId, id);
}

export async function testConnection(
  projectId: string,
  id: string,
): Promise<{ ok: boolean; error: string | null; integration: IntegrationView }> {
  const row = await rowOf(projectId, id);
  let error: string | null = null;
  try {
    if (row.provider === 'amocrm') {
      const { client, flushLog } = await amoCrmPortOf(projectId, row);
      try {
        await client.request('GET', '/api/v4/account');
      } finally {
        await flushLog();
      }
    } else if (row.provider === GOOGLE_CALENDAR) {
      const pending: Promise<void>[] = [];
      try {
        const client = googleCalendarClientFor(projectId, row, (e) =>
          pending.push(record(row.id, e).catch(() => {})),
        );
        await client.request('GET', 'users/me/calendarList');
      } finally {
        await Promise.all(pending);
        await pruneLog(row.id);
      }
    } else {
      // A person waits for the answer: one retry on a rate limit, not the flow's patient back-off.
      const { client, flushLog } = await integrationClient(projectId, row, { maxRetries: 1 });
      try {
        await client.call('profile', {});
      } finally {
        await flushLog();
      }
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  return { ok: !error, error, integration: integrationViewOf(await rowOf(projectId, id)) };
}

export async function integrationLog(projectId: string, id: string): Promise<IntegrationLogView[]> {
  await rowOf(projectId, id);
  const rows = await db().integrationLog.findMany({
    where: { connectionId: id },
    orderBy: { createdAt: 'desc' },
    take: 100,
  });
  return rows.map((r) => ({
    id: r.id,
    method: r.method,
    status: r.status,
    ok: r.ok,
    error: r.error,
    durationMs: r.durationMs,
    at: r.createdAt.toISOString(),
  }));
}

/**
 * The CRM port of one connection, for the flow's CRM nodes. The credential is opened at each call, so a
 * disconnected or replaced connection takes effect on the next node, even in a call's cached ports; every
 * request is logged. A connection of another project is not found.
 */
export function integrationCrmPort(projectId: string, connectionId: string): CrmPort {
  const open = async () => {
    const row = await db().integrationConnection.findFirst({ where: { id: connectionId, projectId } });
    if (!row || row.provider === GOOGLE_CALENDAR) throw new Error(`no CRM connection "${connectionId}"`);
    if (row.provider === 'amocrm') {
      const { crm, flushLog } = await amoCrmPortOf(projectId, row);
      return { crm, flushLog };
    }
    const { client, flushLog } = await integrationClient(projectId, row);
    return { crm: bitrix24CrmPort(client), flushLog };
  };
  const run = async <T>(f: (crm: CrmPort) => Promise<T>): Promise<T> => {
    const { crm, flushLog } = await open();
    try {
      return await f(crm);
    } finally {
      await flushLog();
    }
  };
  return {
    findContact: (q) => run((crm) => crm.findContact(q)),
    upsertContact: (c) => run((crm) => crm.upsertContact(c)),
    createDeal: (d) => run((crm) => crm.createDeal(d)),
    moveDeal: (m) => run((crm) => crm.moveDeal(m)),
    addNote: (n) => run((crm) => crm.addNote(n)),
    createTask: (t) => run((crm) => crm.createTask(t)),
  };
}

/** The Book appointment block's calendar: a Google Calendar connection of the project, its requests logged. */
export const integrationCalendarPort = (projectId: string, connectionId: string) =>
  googleCalendarPort(projectId, connectionId, { record, prune: pruneLog });

const calendarListAnswer = z.object({
  items: z
    .array(z.object({ id: z.string(), summary: z.string().nullish(), primary: z.boolean().nullish() }))
    .default([]),
});

/**
 * The calendars of a Google Calendar connection, for the Book appointment block's form: the account's
 * main one first, as `primary`. Empty when the connection cannot be read (the form still offers `primary`).
 */
export async function connectionCalendars(
  projectId: string,
  id: string,
  timeoutMs = 3_000,
): Promise<{ id: string; name: string }[]> {
  const row = await rowOf(projectId, id);
  if (row.provider !== GOOGLE_CALENDAR || row.authMode !== 'oauth') return [];
  const pending: Promise<void>[] = [];
  try {
    const client = googleCalendarClientFor(projectId, row, (e) =>
      pending.push(record(row.id, e).catch(() => {})),
    );
    const answer = calendarListAnswer.parse(
      await client.request('GET', 'users/me/calendarList', undefined, AbortSignal.timeout(timeoutMs)),
    );
    return answer.items
      .map((c) => ({ id: c.primary ? 'primary' : c.id, name: c.summary ?? c.id }))
      .sort((a, b) => Number(b.id === 'primary') - Number(a.id === 'primary'));
  } catch {
    return [];
  } finally {
    await Promise.all(pending);
  }
}

/** The provider of a connection of the project (`bitrix24`, `amocrm`), or not found. */
export async function integrationProvider(projectId: string, id: string): Promise<string> {
  return (await rowOf(projectId, id)).provider;
}

export async function getIntegration(projectId: string, id: string) {
  const row = await rowOf(projectId, id);
  return { integration: integrationViewOf(row), log: await integrationLog(projectId, id) };
}
