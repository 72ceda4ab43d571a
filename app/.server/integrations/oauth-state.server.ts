/**
 * The signed `state` of an OAuth redirect flow started on the Integrations screen (Bitrix24, amoCRM,
 * Google): bound to the project, the person and the connection, valid ten minutes, usable once. The
 * audience names the provider, so a state made for one provider's callback does not pass at another's.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { authContext } from '../auth/auth-context.server.ts';

const ISSUER = 'voice-platform';
export const OAUTH_STATE_TTL_SECONDS = 600;

/** Why a callback did not connect; each has words on the screen in both languages. */
export type OAuthFailure = 'denied' | 'bad_state' | 'wrong_portal' | 'exchange_failed';
export class OAuthFlowError extends Error {
  constructor(
    readonly reason: OAuthFailure,
    detail: string,
  ) {
    super(detail);
  }
}

export async function signOAuthState(
  audience: string,
  claims: { projectId: string; userId: string; connectionId: string },
): Promise<string> {
  const key = authContext().keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ pid: claims.projectId, iid: claims.connectionId })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + OAUTH_STATE_TTL_SECONDS)
    .sign(createSecretKey(key.secret));
}

/** The connection id of a state that is ours, unexpired, for this project and person, and not used before. */
export async function openOAuthState(
  audience: string,
  state: string,
  projectId: string,
  userId: string,
): Promise<string> {
  const { keys, redis } = authContext();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(
      state,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      // The audience keeps a session token, another ticket or another provider's state from passing.
      { issuer: ISSUER, audience, algorithms: ['HS256'] },
    ));
  } catch {
    throw new OAuthFlowError('bad_state', 'the state is not ours or has expired');
  }
  const { pid, iid, sub, jti } = payload;
  if (pid !== projectId || sub !== userId || typeof iid !== 'string' || typeof jti !== 'string') {
    throw new OAuthFlowError('bad_state', 'the state was made for another project or person');
  }
  // Used once: a replayed callback (the browser's back button, a leaked link) connects nothing.
  const first = await redis.set(`${audience}:used:${jti}`, '1', 'EX', OAUTH_STATE_TTL_SECONDS + 60, 'NX');
  if (first !== 'OK') throw new OAuthFlowError('bad_state', 'the state was used before');
  return iid;
}
