/**
 * Connecting amoCRM by OAuth from the Integrations screen (issue 24), like Bitrix24's flow:
 * 1. the admin gives the account address and the integration's id and secret key (amoCRM → amoMarket →
 *    Create integration, with the redirect address the screen shows): a connection waiting for authorization,
 *    the secret sealed by the credentials service;
 * 2. the browser goes to amoCRM's consent screen with a signed `state` (project, person, connection; ten
 *    minutes; used once);
 * 3. the callback checks the state and that the account answering (`referer`) is the one given, exchanges
 *    the code at that account only (never at an address the redirect names), seals the tokens and tests.
 * amoCRM's refresh tokens are single use; from here on they rotate under amocrm-connection.server.ts.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { publicUrl } from '../http/public-url.ts';
import { SsrfBlockedError, vetUrl } from '../net/ssrf-guard.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { getToolSettings, toolCredentials } from '../tools/project-tools.server.ts';
import { amoCrmSecret, forgetAmoCrmTokens } from './amocrm-connection.server.ts';
import { amoCrmAccountOrigin, amoCrmAuthorizeUrl, exchangeAmoCrmToken } from './amocrm/amocrm-oauth.ts';
import {
  credentialNameOf,
  integrationNotFound,
  integrationViewOf,
  OAUTH_PENDING,
  testConnection,
} from './integrations.server.ts';
import { OAuthFlowError, openOAuthState, signOAuthState } from './oauth-state.server.ts';
import type { AmoCrmOAuthInput, IntegrationView } from '../../lib/integrations/integration-input.ts';

const AUDIENCE = 'amocrm-oauth';

/** The address to enter as the integration's Redirect URI in amoCRM. */
export const amoCrmRedirectUri = (projectId: string) =>
  publicUrl(`/p/${projectId}/integrations/amocrm/callback`);

/** What the pending connection keeps sealed until the tokens come. */
const pendingSecret = z.object({
  baseUrl: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.string().url(),
});

async function vetAccount(projectId: string, origin: string) {
  const { allowHosts } = await getToolSettings(projectId);
  try {
    await vetUrl(new URL('/api/v4/account', origin), { allowHosts });
  } catch (e) {
    if (!(e instanceof SsrfBlockedError)) throw e;
    throw new ServiceError(422, 'invalid_input', 'This account address is not allowed.', {
      accountUrl: [e.message],
    });
  }
  return allowHosts;
}

function mustBePerson(ctx: ServiceContext) {
  if (ctx.access.actor.type !== 'user') {
    throw new ServiceError(403, 'forbidden', 'Only a person can authorize an integration in amoCRM.');
  }
}

const authorizeUrlFor = async (ctx: ServiceContext, connectionId: string, origin: string, clientId: string) =>
  amoCrmAuthorizeUrl(
    origin,
    clientId,
    await signOAuthState(AUDIENCE, {
      projectId: ctx.access.projectId,
      userId: ctx.access.actor.id,
      connectionId,
    }),
  );

/** Step 1: a connection waiting for authorization, and where to send the admin's browser. */
export async function startAmoCrmOAuth(
  ctx: ServiceContext,
  input: AmoCrmOAuthInput,
): Promise<{ integration: IntegrationView; authorizeUrl: string }> {
  mustBePerson(ctx);
  const projectId = ctx.access.projectId;
  const origin = amoCrmAccountOrigin(input.accountUrl);
  if (!origin) {
    throw new ServiceError(422, 'invalid_input', 'This is not an amoCRM account address.', {
      accountUrl: ['Expected https://<subdomain>.amocrm.ru'],
    });
  }
  await vetAccount(projectId, origin);
  const id = randomUUID();
  const secret = pendingSecret.parse({
    baseUrl: origin,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    redirectUri: amoCrmRedirectUri(projectId),
  });
  const credential = await toolCredentials().create(
    projectId,
    { name: credentialNameOf(id), kind: 'oauth_token', secret: JSON.stringify(secret) },
    credentialActor(ctx),
  );
  const row = await db().integrationConnection.create({
    data: {
      id,
      projectId,
      provider: 'amocrm',
      name: input.name,
      authMode: OAUTH_PENDING,
      portal: new URL(origin).host,
      credentialId: credential.id,
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

/** The integration (account, id, secret, redirect) of a pending or connected amoCRM connection. */
async function appOf(projectId: string, credentialId: string) {
  const raw = await toolCredentials().reveal(projectId, credentialId);
  if (!raw) throw new Error('the connection lost its credential');
  return pendingSecret.parse(JSON.parse(raw));
}

/** Step 1 again for a connection (not yet authorized, or to renew its tokens): a fresh state. */
export async function reauthorizeAmoCrm(ctx: ServiceContext, id: string): Promise<{ authorizeUrl: string }> {
  const row = await db().integrationConnection.findFirst({ where: { id, projectId: ctx.access.projectId } });
  if (!row || row.provider !== 'amocrm') throw integrationNotFound();
  mustBePerson(ctx);
  const app = await appOf(ctx.access.projectId, row.credentialId);
  return { authorizeUrl: await authorizeUrlFor(ctx, id, app.baseUrl, app.clientId) };
}

export const amoCrmCallbackQuery = z.object({
  state: z.string().max(4_000).optional(),
  code: z.string().max(2_000).optional(),
  error: z.string().max(200).optional(),
  /** The account's host (`<subdomain>.amocrm.ru`). */
  referer: z.string().max(300).optional(),
  client_id: z.string().max(200).optional(),
});

/** Steps 2–3: amoCRM's redirect back. Answers the connection, connected and tested. */
export async function finishAmoCrmOAuth(
  ctx: ServiceContext,
  query: z.infer<typeof amoCrmCallbackQuery>,
): Promise<IntegrationView> {
  const projectId = ctx.access.projectId;
  const connectionId = await openOAuthState(AUDIENCE, query.state ?? '', projectId, ctx.access.actor.id);
  const row = await db().integrationConnection.findFirst({ where: { id: connectionId, projectId } });
  if (!row || row.provider !== 'amocrm') throw new OAuthFlowError('bad_state', 'the connection is gone');
  if (query.error || !query.code) throw new OAuthFlowError('denied', query.error ?? 'no code');
  const app = await appOf(projectId, row.credentialId);
  const accountHost = new URL(app.baseUrl).host;
  // The person may pick another account on amoCRM's screen: its tokens would not be for the one named here.
  if (query.referer !== accountHost) {
    throw new OAuthFlowError('wrong_portal', `the answer came from ${query.referer ?? 'nowhere'}`);
  }
  const allowHosts = await vetAccount(projectId, app.baseUrl).catch(() => {
    throw new OAuthFlowError('wrong_portal', 'the account is no longer allowed');
  });
  let tokens;
  try {
    tokens = await exchangeAmoCrmToken({ ...app, grant: { code: query.code }, allowHosts });
  } catch (e) {
    throw new OAuthFlowError('exchange_failed', e instanceof Error ? e.message : String(e));
  }
  const sealed = amoCrmSecret.parse({
    ...app,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
  });
  await toolCredentials().replaceSecret(
    projectId,
    row.credentialId,
    JSON.stringify(sealed),
    credentialActor(ctx),
  );
  // A token source cached in this process holds the old pair (a re-authorization): read afresh.
  forgetAmoCrmTokens(row.id);
  await db().integrationConnection.update({
    where: { id: row.id },
    data: { authMode: 'oauth', failingSince: null, lastError: null },
  });
  await auditAs(ctx, {
    action: 'integration.authorize',
    targetType: 'integration',
    targetId: row.id,
    diff: { after: { portal: accountHost } },
  });
  return (await testConnection(projectId, row.id)).integration;
}
