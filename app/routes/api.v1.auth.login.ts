import type { ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { ACCESS_TOKEN_TTL_SECONDS } from '~/.server/auth/jwt.server';
import { signIn } from '~/.server/auth/sign-in.server';
import { publicRoute } from '~/.server/http/route-guard';

const body = z.object({
  email: z.email('Enter a valid email').max(320),
  password: z.string().min(1, 'Password is required').max(1024),
});

export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST.');
  const parsed = await parseJsonBody(request, body);
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
