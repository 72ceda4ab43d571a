import type { ActionFunctionArgs } from '@remix-run/node';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { ACCESS_TOKEN_TTL_SECONDS } from '~/.server/auth/jwt.server';
import { signInInput } from '~/.server/auth/auth-schemas';
import { signIn } from '~/.server/auth/sign-in.server';
import { publicRoute } from '~/.server/http/route-guard';

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST.');
  const parsed = await parseJsonBody(request, signInInput);
  if (!parsed.ok) return parsed.response;
  const result = await signIn(request, parsed.data);
  if (!result.ok) {
    return result.code === 'throttled'
      ? apiError(429, 'throttled', 'Too many failed sign-in attempts. Try again later.', {
          headers: { 'Retry-After': String(result.retryAfterSeconds ?? 60) },
        })
      : apiError(401, 'invalid_credentials', 'Wrong email or password.');
  }
  return Response.json(
    {
      accessToken: result.accessToken,
      refreshToken: result.refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
