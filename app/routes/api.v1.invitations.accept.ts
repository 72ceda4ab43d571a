import type { ActionFunctionArgs } from '@remix-run/node';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { clientInfo } from '~/.server/auth/client-info.server';
import { getUser } from '~/.server/auth/session.server';
import { PasswordWorkBusyError } from '~/.server/auth/password.server';
import { startSession } from '~/.server/auth/sign-in.server';
import { rateLimitedResponse } from '~/.server/http/rate-limit';
import { consumeAccountRate } from '~/.server/http/rate-limits';
import { acceptInvitation, acceptInvitationInput } from '~/.server/members/invitations.server';
import { publicRoute } from '~/.server/http/route-guard';

// Public on purpose: whoever holds an invite link may create their account with it. Signed-in callers
// accept as themselves; the token itself is the authorisation.

/** Registration hashes a password: when that work is queued up, come back shortly. */
const passwordBusy = () =>
  apiError(503, 'busy', 'Too many accounts are being created right now; try again in a few seconds.', {
    headers: { 'Retry-After': '5' },
  });

/*
 * Public on purpose: whoever holds an invite link may create their account with it. Signed-in callers
 * accept as themselves; the token itself is the authorisation.
 *
 * POST `{token}` (signed in) or `{token, register: {name, email, password}}` (new account). Limited per
 * address (a registration costs an argon2 hash); a dead link is refused before any password work.
 */
export const action = publicRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to accept.');
  const client = clientInfo(request);
  const rate = await consumeAccountRate('invitation-accept', client.ip);
  if (!rate.ok) return rateLimitedResponse(rate.retryAfterSeconds);
  const parsed = await parseJsonBody(request, acceptInvitationInput);
  if (!parsed.ok) return parsed.response;
  const user = await getUser(request);
  const input = parsed.data;
  return answerServiceErrors(async () => {
    if ('register' in input) {
      const joined = await acceptInvitation(input.token, { register: input.register }, client).catch(
        (e: unknown) => {
          if (e instanceof PasswordWorkBusyError) return null;
          throw e;
        },
      );
      if (!joined) return passwordBusy();
      const session = await startSession(joined.userId, client);
      return Response.json(
        { ...joined, accessToken: session.accessToken, refreshToken: session.refreshToken, expiresIn: 900 },
        { status: 201, headers: session.headers },
      );
    }
    if (!user) {
      return apiError(401, 'unauthenticated', 'Sign in to accept, or send `register` to create an account.');
    }
    return Response.json(await acceptInvitation(input.token, { userId: user.id }, client), { status: 201 });
  });
});
