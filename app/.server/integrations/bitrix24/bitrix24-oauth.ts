import { z } from 'zod';
import { guardedFetch } from '../../net/ssrf-guard.ts';

/** The token server's answer (b24restdocs settings/oauth): both tokens, and where the portal's REST lives. */
export const bitrix24TokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().optional(),
  client_endpoint: z.string().url(),
  member_id: z.string().optional(),
});
export type Bitrix24Tokens = z.infer<typeof bitrix24TokenAnswer>;

/**
 * One exchange at the token server (`https://oauth.bitrix.info/oauth/token/`): an authorization code, or the
 * refresh token (which rotates: the answer's refresh token replaces the old one, which stops working). The
 * client secret goes only here, never to the portal.
 */
export async function exchangeBitrix24Token(input: {
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  grant: { refreshToken: string } | { code: string };
  allowHosts?: readonly string[];
  signal?: AbortSignal;
}): Promise<Bitrix24Tokens> {
  const url = new URL('/oauth/token/', input.oauthUrl);
  const q = url.searchParams;
  q.set('client_id', input.clientId);
  q.set('client_secret', input.clientSecret);
  if ('code' in input.grant) {
    q.set('grant_type', 'authorization_code');
    q.set('code', input.grant.code);
  } else {
    q.set('grant_type', 'refresh_token');
    q.set('refresh_token', input.grant.refreshToken);
  }
  const res = await guardedFetch(
    url,
    { method: 'GET', ...(input.signal ? { signal: input.signal } : {}) },
    { allowHosts: input.allowHosts ?? [], maxRedirects: 0, timeoutMs: 30_000 },
  );
  const body: unknown = await res.json().catch(() => null);
  const parsed = bitrix24TokenAnswer.safeParse(body);
  if (!res.ok || !parsed.success) {
    const err = z.object({ error: z.string() }).safeParse(body);
    throw new Error(`Bitrix24 token exchange failed: ${err.success ? err.data.error : `HTTP ${res.status}`}`);
  }
  return parsed.data;
}
