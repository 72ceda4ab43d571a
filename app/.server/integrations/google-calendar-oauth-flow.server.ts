/**
 * Connecting a Google Calendar by OAuth 2.0 from the Integrations screen (issue 24), like the CRMs' flows:
 * the admin gives the OAuth client (id and secret, the screen's redirect address registered with it); the
 * connection waits for authorization with the secret sealed; the browser goes to Google's consent screen
 * with a signed state and offline access; the callback exchanges the code at Google's token endpoint, seals
 * the tokens (a refresh token is required: without it the calendar would stop working within the hour) and
 * tests the connection by listing the account's calendars.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { publicUrl } from '../http/public-url.ts';
import { credentialActor } from '../telephony/sip-credentials.server.ts';
import { toolCredentials } from '../tools/project-tools.server.ts';
import {
  forgetGoogleTokens,
  GOOGLE_CALENDAR,
  googlePendingSecret,
  googleSecret,
} from './google-calendar-connection.server.ts';
import { exchangeGoogleToken, googleAuthorizeUrl } from './google-calendar/google-oauth.ts';
import {
  credentialNameOf,
  integrationNotFound,
  integrationViewOf,
  OAUTH_PENDING,
  testConnection,
} from './integrations.server.ts';
import { OAuthFlowError, openOAuthState, signOAuthState } from './oauth-state.server.ts';
import type { GoogleCalendarOAuthInput, IntegrationView } from '../../lib/integrations/integration-input.ts';

const AUDIENCE = 'google-calendar-oauth';

/** The address to enter as an authorized redirect URI of the OAuth client in Google Cloud. */
export const googleRedirectUri = (projectId: string) =>
  publicUrl(`/p/${projectId}/integrations/google/callback`);

function mustBePerson(ctx: ServiceContext) {
  if (ctx.access.actor.type !== 'user') {
    throw new ServiceError(403, 'forbidden', 'Only a person can authorize access to a Google Calendar.');
  }
}

const authorizeUrlFor = async (ctx: ServiceContext, connectionId: string, clientId: string) =>
  googleAuthorizeUrl({
    clientId,
    redirectUri: googleRedirectUri(ctx.access.projectId),
    state: await signOAuthState(AUDIENCE, {
      projectId: ctx.access.projectId,
      userId: ctx.access.actor.id,
      connectionId,
    }),
  });

export async function startGoogleCalendarOAuth(
  ctx: ServiceContext,
  input: GoogleCalendarOAuthInput,
): Promise<{ integration: IntegrationView; authorizeUrl: string }> {
  mustBePerson(ctx);
  const projectId = ctx.access.projectId;
  const id = randomUUID();
  const secret = googlePendingSecret.parse({
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    redirectUri: googleRedirectUri(projectId),
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
      provider: GOOGLE_CALENDAR,
      name: input.name,
      authMode: OAUTH_PENDING,
      portal: 'calendar.google.com',
      credentialId: credential.id,
      logCalls: false,
    },
  });
  const integration = integrationViewOf(row);
  await auditAs(ctx, {
    action: 'integration.create',
    targetType: 'integration',
    targetId: id,
    diff: { after: integration },
  });
  return { integration, authorizeUrl: await authorizeUrlFor(ctx, id, input.clientId) };
}

async function appOf(projectId: string, credentialId: string) {
  const raw = await toolCredentials().reveal(projectId, credentialId);
  if (!raw) throw new Error('the connection lost its credential');
  return googlePendingSecret.parse(JSON.parse(raw));
}

export async function reauthorizeGoogleCalendar(ctx: ServiceContext, id: string) {
  const row = await db().integrationConnection.findFirst({ where: { id, projectId: ctx.access.projectId } });
  if (!row || row.provider !== GOOGLE_CALENDAR) throw integrationNotFound();
  mustBePerson(ctx);
  const app = await appOf(ctx.access.projectId, row.credentialId);
  return { authorizeUrl: await authorizeUrlFor(ctx, id, app.clientId) };
}

export const googleCallbackQuery = z.object({
  state: z.string().max(4_000).optional(),
  code: z.string().max(2_000).optional(),
  error: z.string().max(200).optional(),
  scope: z.string().max(2_000).optional(),
});

export async function finishGoogleCalendarOAuth(
  ctx: ServiceContext,
  query: z.infer<typeof googleCallbackQuery>,
): Promise<IntegrationView> {
  const projectId = ctx.access.projectId;
  const connectionId = await openOAuthState(AUDIENCE, query.state ?? '', projectId, ctx.access.actor.id);
  const row = await db().integrationConnection.findFirst({ where: { id: connectionId, projectId } });
  if (!row || row.provider !== GOOGLE_CALENDAR)
    throw new OAuthFlowError('bad_state', 'the connection is gone');
  if (query.error || !query.code) throw new OAuthFlowError('denied', query.error ?? 'no code');
  const app = await appOf(projectId, row.credentialId);
  let tokens;
  try {
    tokens = await exchangeGoogleToken({ ...app, grant: { code: query.code } });
  } catch (e) {
    throw new OAuthFlowError('exchange_failed', e instanceof Error ? e.message : String(e));
  }
  if (!tokens.refresh_token) throw new OAuthFlowError('exchange_failed', 'Google gave no refresh token');
  const sealed = googleSecret.parse({
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
  forgetGoogleTokens(row.id);
  await db().integrationConnection.update({
    where: { id: row.id },
    data: { authMode: 'oauth', failingSince: null, lastError: null },
  });
  await auditAs(ctx, {
    action: 'integration.authorize',
    targetType: 'integration',
    targetId: row.id,
    diff: { after: { portal: row.portal } },
  });
  return (await testConnection(projectId, row.id)).integration;
}
