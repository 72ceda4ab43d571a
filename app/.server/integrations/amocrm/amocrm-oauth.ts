import { z } from 'zod';
import { guardedFetch } from '../../net/ssrf-guard.ts';

/** The token answer (developers.kommo.com/reference/get-token): a new pair every time. */
export const amoCrmTokenAnswer = z.object({
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
});
export type AmoCrmTokens = z.infer<typeof amoCrmTokenAnswer>;

/**
 * One exchange at the account's `POST /oauth2/access_token` (JSON): an authorization code, or the refresh
 * token, which is single-use — the answer's refresh token replaces it and a second use of the old one is
 * refused ("Token has been revoked"). So the caller stores the new pair before using the access token.
 */
export async function exchangeAmoCrmToken(input: {
  /** `https://<subdomain>.amocrm.ru` (the redirect's `referer`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  grant: { refreshToken: string } | { code: string };
  allowHosts?: readonly string[];
  signal?: AbortSignal;
}): Promise<AmoCrmTokens> {
  const body =
    'code' in input.grant
      ? { grant_type: 'authorization_code', code: input.grant.code }
      : { grant_type: 'refresh_token', refresh_token: input.grant.refreshToken };
  const res = await guardedFetch(
    new URL('/oauth2/access_token', input.baseUrl),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        client_id: input.clientId,
        client_secret: input.clientSecret,
        redirect_uri: input.redirectUri,
        ...body,
      }),
      ...(input.signal ? { signal: input.signal } : {}),
    },
    { allowHosts: input.allowHosts ?? [], maxRedirects: 0, timeoutMs: 20_000 },
  );
  const json: unknown = await res.json().catch(() => null);
  const parsed = amoCrmTokenAnswer.safeParse(json);
  if (!res.ok || !parsed.success) {
    const problem = z.object({ hint: z.string().optional(), title: z.string().optional() }).safeParse(json);
    const why = problem.success ? (problem.data.hint ?? problem.data.title) : undefined;
    throw new Error(`amoCRM token exchange failed: HTTP ${res.status}${why ? `, ${why}` : ''}`);
  }
  return parsed.data;
}

/** The origin of an amoCRM account address (`https://<subdomain>.amocrm.ru`), or null if it is not one. */
export function amoCrmAccountOrigin(raw: string): string | null {
  try {
    const url = new URL(/^https?:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * The consent screen the admin's browser goes to. amoCRM's own accounts grant at their product's `www` host
 * (`https://www.amocrm.ru/oauth`, `www.kommo.com`, `www.amocrm.com`), where the person picks the account;
 * any other address (an allowed local one) serves its own `/oauth`. The answer comes back to the redirect
 * URI with `code`, `state` and `referer` (the account's host).
 */
export function amoCrmAuthorizeUrl(accountOrigin: string, clientId: string, state: string): string {
  const host = new URL(accountOrigin).host;
  const product = /\.(amocrm\.ru|amocrm\.com|kommo\.com)$/.exec(host)?.[1];
  const url = new URL('/oauth', product ? `https://www.${product}` : accountOrigin);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('state', state);
  return url.toString();
}
