/**
 * A public, signed and expiring link to a call's recording (issue 24), for a CRM that fetches it itself:
 * Bitrix24 downloads the file when `telephony.externalcall.attachRecord` names it, amoCRM plays a call's
 * `link`. The token names the project and the call and is signed with the deployment's auth key under its own
 * audience, so it opens this recording and nothing else, and only until it expires. Every fetch is audited.
 */
import { createSecretKey } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { authContext } from '../auth/auth-context.server.ts';
import { publicUrl } from '../http/public-url.ts';

const AUDIENCE = 'recording-link';
const ISSUER = 'voice-platform';
/** Bitrix24 downloads at once; amoCRM plays the link later, from the call's card. */
export const RECORDING_LINK_TTL_SECONDS = 30 * 24 * 3600;

export async function recordingLink(projectId: string, callId: string, now = Date.now()): Promise<string> {
  const key = authContext().keys[0];
  if (!key) throw new Error('AUTH_JWT_KEYS holds no key');
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ pid: projectId })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(callId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RECORDING_LINK_TTL_SECONDS)
    .sign(createSecretKey(key.secret));
  // The name ends in .wav: Bitrix24 takes the file's type from it (only wav and mp3).
  return publicUrl(`/recordings/${token}/call.wav`);
}

/** The project and call a link's token opens, or null (forged, expired, or another kind of token). */
export async function openRecordingLink(
  token: string,
): Promise<{ projectId: string; callId: string } | null> {
  const { keys } = authContext();
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWSSignatureVerificationFailed('unknown key id');
        return createSecretKey(key.secret);
      },
      { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
    );
    if (typeof payload.pid !== 'string' || typeof payload.sub !== 'string') return null;
    return { projectId: payload.pid, callId: payload.sub };
  } catch {
    return null;
  }
}
