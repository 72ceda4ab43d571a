import type { ActionFunctionArgs } from '@remix-run/node';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { ACCESS_TOKEN_TTL_SECONDS } from '~/.server/auth/jwt.server';
import { refreshInput } from '~/.server/auth/auth-schemas';
import { refreshSession } from '~/.server/auth/refresh-session.server';
import { publicRoute } from '~/.server/http/route-guard';

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  const parsed = await parseJsonBody(request, refreshInput);
  if (!parsed.ok) return parsed.response;
  const { result, accessToken } = await refreshSession(request, parsed.data.refreshToken);
  if (!result.ok) {
    const message =
      result.reason === 'reused'
        ? 'This refresh token was already used; every token of this sign-in is now revoked. Sign in again.'
        : 'The refresh token is unknown, expired or revoked. Sign in again.';
    return apiError(401, `refresh_${result.reason}`, message);
  }
  return Response.json(
    { accessToken: accessToken!, refreshToken: result.token, expiresIn: ACCESS_TOKEN_TTL_SECONDS },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
