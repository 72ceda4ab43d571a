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

/** Bitrix24's token server for cloud portals (settings/oauth). */
export const BITRIX24_OAUTH_SERVER = 'oauth.bitrix.info';

/**
 * The portal's origin from what an admin typed: `example.bitrix24.ru`, `https://example.bitrix24.ru/`, or a
 * full URL on it. Null when it is not an http(s) address.
 */
export function portalOrigin(raw: string): string | null {
  const text = raw.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Where the admin is sent to allow the application: `redirect_uri` and scope come from the app's settings. */
export function bitrix24AuthorizeUrl(origin: string, clientId: string, state: string): string {
  const url = new URL('/oauth/authorize/', origin);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('state', state);
  return url.toString();
}

/**
 * The token server named by the callback's `server_domain`, but only one we trust with the client secret:
 * Bitrix24's own (`oauth.bitrix.info`), or the portal itself (a self-hosted portal that serves its own OAuth).
 * Anything else is refused: the callback's query is the browser's to change.
 */
export function bitrix24TokenServer(serverDomain: string | null, origin: string): string | null {
  if (!serverDomain || serverDomain === BITRIX24_OAUTH_SERVER) return `https://${BITRIX24_OAUTH_SERVER}`;
  if (serverDomain === new URL(origin).host) return origin;
  return null;
}
