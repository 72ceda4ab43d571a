import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'voice-platform';
const AUDIENCE = 'voice-platform-api';

export interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

// jose imports a raw secret on every call; a KeyObject made once per key saves most of a verification.
const keyObjects = new WeakMap<SigningKey, KeyObject>();
function keyObject(key: SigningKey): KeyObject {
  let obj = keyObjects.get(key);
  if (!obj) {
    obj = createSecretKey(key.secret);
    keyObjects.set(key, obj);
  }
  return obj;
}

/** Parses AUTH_JWT_KEYS: the first key signs, every key verifies (so keys can rotate without logouts). */
export function parseJwtKeys(spec: string): SigningKey[] {
  return spec
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => {
      const [kid = '', b64 = ''] = k.split(':');
      return { kid, secret: new Uint8Array(Buffer.from(b64, 'base64')) };
    });
}

export interface AccessClaims {
  userId: string;
  /** Refresh-token family: "log out everywhere" and reuse detection revoke by family. */
  sessionId: string;
  /** Milliseconds since the epoch (the `iat` claim has only seconds); "log out everywhere" compares it. */
  issuedAtMs?: number;
}

export async function signAccessToken(keys: SigningKey[], claims: AccessClaims, nowMs = Date.now()) {
  const nowSeconds = Math.floor(nowMs / 1000);
  const key = keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  return new SignJWT({ sid: claims.sessionId, iat_ms: nowMs })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ACCESS_TOKEN_TTL_SECONDS)
    .sign(keyObject(key));
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyAccessToken(keys: SigningKey[], token: string): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return keyObject(key);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
    );
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string')
      return { ok: false, reason: 'invalid' };
    return {
      ok: true,
      claims: {
        userId: payload.sub,
        sessionId: payload.sid,
        issuedAtMs: typeof payload.iat_ms === 'number' ? payload.iat_ms : (payload.iat ?? 0) * 1000,
      },
    };
  } catch (e) {
    return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
