/**
 * Connecting Bitrix24 by OAuth from the Integrations screen (issue 24). Bitrix24 answers the telephony
 * methods only to an application, so this is how calls reach it:
 * 1. the admin gives the portal and the local application's client id and secret: a connection is made
 *    waiting for authorization (`oauth-pending`), the app's secret sealed by the credentials service;
 * 2. the browser goes to the portal's consent screen with a signed `state` (project, user, connection; ten
 *    minutes; used once);
 * 3. the callback checks the state, that the portal answering is the one given, exchanges the code at a token
 *    server we trust with the secret, seals the tokens, and tests the connection with one harmless read.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { publicUrl } from '../http/public-url.ts';
import { SsrfBlockedError, vetUrl } from '../net/ssrf-guard.ts';
import {
  OAuthFlowError as Bitrix24OAuthError,
  openOAuthState,
  signOAuthState,
} from './oauth-state.server.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { getToolSettings, toolCredentials } from '../tools/project-tools.server.ts';
import {
  bitrix24AuthorizeUrl,
  bitrix24TokenServer,
  exchangeBitrix24Token,
  portalOrigin,
} from './bitrix24/bitrix24-oauth.ts';
import {
  credentialNameOf,
  integrationNotFound,
  integrationViewOf,
  OAUTH_PENDING,
  oauthSecret,
  testConnection,
} from './integrations.server.ts';
import type { Bitrix24OAuthInput, IntegrationView } from '../../lib/integrations/integration-input.ts';

const AUDIENCE = 'bitrix24-oauth';
export { OAUTH_STATE_TTL_SECONDS, OAuthFlowError as Bitrix24OAuthError } from './oauth-state.server.ts';
export type { OAuthFailure } from './oauth-state.server.ts';

/** What the pending connection keeps sealed until the tokens come. */
const pendingSecret = z.object({
  portalUrl: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

/** The address to enter as the local application's redirect URI in Bitrix24. */
export const bitrix24RedirectUri = (projectId: string) =>
  publicUrl(`/p/${projectId}/integrations/bitrix24/callback`);

const signState = (claims: { projectId: string; userId: string; connectionId: string }) =>
  signOAuthState(AUDIENCE, claims);
const openState = (state: string, projectId: string, userId: string) =>
  openOAuthState(AUDIENCE, state, projectId, userId);

async function vetPortal(projectId: string, origin: string, field: string) {
  const { allowHosts } = await getToolSettings(projectId);
  try {
    await vetUrl(new URL('/rest/', origin), { allowHosts });
  } catch (e) {
    if (!(e instanceof SsrfBlockedError)) throw e;
    throw new ServiceError(422, 'invalid_input', 'This portal address is not allowed.', {
      [field]: [e.message],
    });
  }
  return allowHosts;
}

async function authorizeUrlFor(ctx: ServiceContext, connectionId: string, origin: string, clientId: string) {
  const state = await signState({
    projectId: ctx.access.projectId,
    userId: ctx.access.actor.id,
    connectionId,
  });
  return bitrix24AuthorizeUrl(origin, clientId, state);
}

/** Step 1: a connection waiting for authorization, and where to send the admin's browser. */
export async function startBitrix24OAuth(
  ctx: ServiceContext,
  input: Bitrix24OAuthInput,
): Promise<{ integration: IntegrationView; authorizeUrl: string }> {
  const projectId = ctx.access.projectId;
  if (ctx.access.actor.type !== 'user') {
    throw new ServiceError(403, 'forbidden', 'Only a person can authorize an application in Bitrix24.');
  }
  const origin = portalOrigin(input.portalUrl);
  if (!origin) {
    throw new ServiceError(422, 'invalid_input', 'This is not a portal address.', {
      portalUrl: ['Expected https://<portal>'],
    });
  }
  await vetPortal(projectId, origin, 'portalUrl');
  const id = randomUUID();
  const secret = { portalUrl: origin, clientId: input.clientId, clientSecret: input.clientSecret };
  const credential = await toolCredentials().create(
    projectId,
    { name: credentialNameOf(id), kind: 'oauth_token', secret: JSON.stringify(secret) },
    credentialActor(ctx),
  );
  const row = await db().integrationConnection.create({
    data: {
      id,
      projectId,
      provider: 'bitrix24',
      name: input.name,
      authMode: OAUTH_PENDING,
      portal: new URL(origin).host,
      credentialId: credential.id,
      userId: input.userId ?? 1,
      logCalls: input.logCalls,
    },
  });
  const integration = integrationViewOf(row);
  await auditAs(ctx, {
    action: 'integration.create',
    targetType: 'integration',
    targetId: id,
    diff: { after: integration },
  });
  return { integration, authorizeUrl: await authorizeUrlFor(ctx, id, origin, input.clientId) };
}

/** Step 1 again for a connection (not yet authorized, or to renew its tokens): a fresh state. */
export async function reauthorizeBitrix24(
  ctx: ServiceContext,
  id: string,
): Promise<{ authorizeUrl: string }> {
  const row = await db().integrationConnection.findFirst({ where: { id, projectId: ctx.access.projectId } });
  if (!row || row.authMode === 'webhook' || row.provider !== 'bitrix24') throw integrationNotFound();
  if (ctx.access.actor.type !== 'user') {
    throw new ServiceError(403, 'forbidden', 'Only a person can authorize an application in Bitrix24.');
  }
  const app = await appOf(ctx.access.projectId, row.credentialId);
  return { authorizeUrl: await authorizeUrlFor(ctx, id, app.portalUrl, app.clientId) };
}

/** The application (portal, client id and secret) of a pending or connected OAuth connection. */
async function appOf(projectId: string, credentialId: string) {
  const raw = await toolCredentials().reveal(projectId, credentialId);
  if (!raw) throw new Error('the connection lost its credential');
  const json: unknown = JSON.parse(raw);
  const pending = pendingSecret.safeParse(json);
  if (pending.success) return pending.data;
  const connected = oauthSecret.parse(json);
  return {
    portalUrl: connected.portalUrl ?? new URL(connected.endpoint).origin,
    clientId: connected.clientId,
    clientSecret: connected.clientSecret,
  };
}

export const callbackQuery = z.object({
  state: z.string().max(4_000).optional(),
  code: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  domain: z.string().max(300).optional(),
  server_domain: z.string().max(300).optional(),
});

/** Steps 2–3: the portal's redirect back. Answers the connection, connected and tested. */
export async function finishBitrix24OAuth(
  ctx: ServiceContext,
  query: z.infer<typeof callbackQuery>,
): Promise<IntegrationView> {
  const projectId = ctx.access.projectId;
  const connectionId = await openState(query.state ?? '', projectId, ctx.access.actor.id);
  const row = await db().integrationConnection.findFirst({ where: { id: connectionId, projectId } });
  if (!row || row.authMode === 'webhook' || row.provider !== 'bitrix24') {
    throw new Bitrix24OAuthError('bad_state', 'the connection is gone');
  }
  if (query.error || !query.code) throw new Bitrix24OAuthError('denied', query.error ?? 'no code');
  const app = await appOf(projectId, row.credentialId);
  const portalHost = new URL(app.portalUrl).host;
  // The portal that answered must be the one the admin named: else tokens of another portal would be kept.
  if (query.domain !== portalHost) {
    throw new Bitrix24OAuthError('wrong_portal', `the answer came from ${query.domain ?? 'nowhere'}`);
  }
  const tokenServer = bitrix24TokenServer(query.server_domain ?? null, app.portalUrl);
  if (!tokenServer) throw new Bitrix24OAuthError('exchange_failed', 'an unknown token server');
  const allowHosts = await vetPortal(projectId, app.portalUrl, 'portalUrl').catch(() => {
    throw new Bitrix24OAuthError('wrong_portal', 'the portal is no longer allowed');
  });
  let tokens;
  try {
    tokens = await exchangeBitrix24Token({
      oauthUrl: tokenServer,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      grant: { code: query.code },
      allowHosts,
    });
  } catch (e) {
    throw new Bitrix24OAuthError('exchange_failed', e instanceof Error ? e.message : String(e));
  }
  if (new URL(tokens.client_endpoint).host !== portalHost) {
    throw new Bitrix24OAuthError(
      'wrong_portal',
      `the tokens are for ${new URL(tokens.client_endpoint).host}`,
    );
  }
  const sealed = oauthSecret.parse({
    portalUrl: app.portalUrl,
    endpoint: tokens.client_endpoint,
    oauthUrl: tokenServer,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
  });
  await toolCredentials().replaceSecret(
    projectId,
    row.credentialId,
    JSON.stringify(sealed),
    credentialActor(ctx),
  );
  await db().integrationConnection.update({
    where: { id: row.id },
    data: { authMode: 'oauth', failingSince: null, lastError: null },
  });
  await auditAs(ctx, {
    action: 'integration.authorize',
    targetType: 'integration',
    targetId: row.id,
    diff: { after: { portal: portalHost } },
  });
  return (await testConnection(projectId, row.id)).integration;
}
