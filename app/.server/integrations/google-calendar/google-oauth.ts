import { z } from 'zod';
import { parseEnv } from '../../env/load-env.ts';
import { googleEnv } from '../../env/env-schema.ts';
import { guardedFetch } from '../../net/ssrf-guard.ts';

/** Reading free/busy and inserting events (developers.google.com …/freebusy/query and events/insert). */
export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/**
 * Where Google is: its public endpoints unless the operator (or a test) points them elsewhere. Deployment
 * configuration, never a project's: a project cannot aim our requests at our own network.
 */
export function googleEndpoints(env?: Record<string, string | undefined>) {
  const e = parseEnv(googleEnv, 'google', env);
  const hosts = [e.GOOGLE_OAUTH_URL, e.GOOGLE_TOKEN_URL, e.GOOGLE_API_URL].map((u) => new URL(u).hostname);
  return {
    authorize: new URL('/o/oauth2/v2/auth', e.GOOGLE_OAUTH_URL).toString(),
    token: e.GOOGLE_TOKEN_URL,
    api: new URL('/calendar/v3/', e.GOOGLE_API_URL).toString(),
    /** The configured hosts pass the SSRF guard even when local (a proxy, a test's server). */
    allowHosts: [...new Set(hosts)],
  };
}

/** The consent screen, asking for offline access so a refresh token comes with the first code. */
export function googleAuthorizeUrl(input: { clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(googleEndpoints().authorize);
  url.searchParams.set('client_id', input.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', GOOGLE_CALENDAR_SCOPE);
  url.searchParams.set('access_type', 'offline');
  // Without it, a second authorization of the same client gives no refresh token.
  url.searchParams.set('prompt', 'consent');
  url.searchParams.set('include_granted_scopes', 'true');
  url.searchParams.set('state', input.state);
  return url.toString();
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  /** Given with the first code; a refresh answer usually has none (the old one stays valid). */
  refresh_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});
export type GoogleTokens = z.infer<typeof tokenAnswer>;

/** One exchange at Google's token endpoint (form-encoded): an authorization code or the refresh token. */
export async function exchangeGoogleToken(input: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  grant: { code: string } | { refreshToken: string };
}): Promise<GoogleTokens> {
  const { token, allowHosts } = googleEndpoints();
  const form = new URLSearchParams({ client_id: input.clientId, client_secret: input.clientSecret });
  if ('code' in input.grant) {
    form.set('grant_type', 'authorization_code');
    form.set('code', input.grant.code);
    form.set('redirect_uri', input.redirectUri);
  } else {
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', input.grant.refreshToken);
  }
  const res = await guardedFetch(
    token,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    },
    { allowHosts, maxRedirects: 0, timeoutMs: 20_000 },
  );
  const json: unknown = await res.json().catch(() => null);
  const parsed = tokenAnswer.safeParse(json);
  if (!res.ok || !parsed.success) {
    const why = z.object({ error: z.string() }).safeParse(json);
    throw new Error(
      `Google token exchange failed: HTTP ${res.status}${why.success ? `, ${why.data.error}` : ''}`,
    );
  }
  return parsed.data;
}
