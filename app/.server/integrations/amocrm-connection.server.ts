/**
 * amoCRM connections (issue 24, begun): the account's OAuth tokens sealed by the credentials service as
 * `integration:<id>`, refreshed one at a time in a process and across processes (advisory lock), the rotated
 * pair stored before the new access token is used — amoCRM refresh tokens are single use, so losing the new
 * one would disconnect the account. Connected server-side for now (no screen flow yet).
 */
import { z } from 'zod';
import type { IntegrationConnection } from '../../../prisma/generated/prisma/client.ts';
import { db } from '../db.ts';
import { toolCredentials } from '../tools/project-tools.server.ts';
import { singleFlightTokens, type Bitrix24TokenSource } from './bitrix24/bitrix24-client.ts';
import { createAmoCrmClient, type AmoCrmLogEntry } from './amocrm/amocrm-client.ts';
import { exchangeAmoCrmToken } from './amocrm/amocrm-oauth.ts';
import { withTokenLock } from './token-lock.server.ts';

export const amoCrmSecret = z.object({
  /** `https://<subdomain>.amocrm.ru`. */
  baseUrl: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUri: z.string().url(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
});
export type AmoCrmSecret = z.infer<typeof amoCrmSecret>;

/** One token source per connection in this process. */
const sources = new Map<string, Bitrix24TokenSource>();
export const forgetAmoCrmTokens = (id: string) => sources.delete(id);

function tokensOf(projectId: string, row: IntegrationConnection, allowHosts: readonly string[]) {
  const known = sources.get(row.id);
  if (known) return known;
  const read = async (): Promise<AmoCrmSecret> => {
    const raw = await toolCredentials().reveal(projectId, row.credentialId);
    if (!raw) throw new Error('the connection lost its credential');
    return amoCrmSecret.parse(JSON.parse(raw));
  };
  const source = singleFlightTokens({
    read,
    exchange: (stale) =>
      withTokenLock(db(), `integration-token:${row.id}`, async () => {
        const current = await read();
        if (current.accessToken !== stale) return current;
        const next = await exchangeAmoCrmToken({
          baseUrl: current.baseUrl,
          clientId: current.clientId,
          clientSecret: current.clientSecret,
          redirectUri: current.redirectUri,
          grant: { refreshToken: current.refreshToken },
          allowHosts,
        });
        const stored = { ...current, accessToken: next.access_token, refreshToken: next.refresh_token };
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

/** A client of one amoCRM connection: its sealed tokens, the project's allowed hosts, its log. */
export async function amoCrmClientFor(
  projectId: string,
  row: IntegrationConnection,
  allowHosts: readonly string[],
  onLog: (e: AmoCrmLogEntry) => void,
) {
  const raw = await toolCredentials().reveal(projectId, row.credentialId);
  if (!raw) throw new Error('the connection lost its credential');
  const { baseUrl } = amoCrmSecret.parse(JSON.parse(raw));
  return createAmoCrmClient({ baseUrl, tokens: tokensOf(projectId, row, allowHosts), allowHosts, onLog });
}

/** Connects an amoCRM account by its tokens (the code exchange's answer), for tests and scripts. */
export async function createAmoCrmIntegration(
  projectId: string,
  input: { name: string; logCalls?: boolean } & AmoCrmSecret,
) {
  const { name, logCalls, ...secret } = input;
  const id = crypto.randomUUID();
  const credential = await toolCredentials().create(
    projectId,
    { name: `integration:${id}`, kind: 'oauth_token', secret: JSON.stringify(amoCrmSecret.parse(secret)) },
    { actorUserId: null, actorType: 'system' },
  );
  return db().integrationConnection.create({
    data: {
      id,
      projectId,
      provider: 'amocrm',
      name,
      authMode: 'oauth',
      portal: new URL(secret.baseUrl).host,
      credentialId: credential.id,
      logCalls: logCalls ?? false,
    },
  });
}
