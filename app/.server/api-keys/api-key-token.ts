import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `vpk_<prefix>_<secret>`: the prefix (public, unique, shown in lists) finds the row,
 * the secret (32 random bytes) is checked against its SHA-256. The `vpk_` mark lets secret scanners and
 * our own Bearer parser recognise a key at a glance.
 */
export const API_KEY_MARK = 'vpk_';
const FORMAT = /^vpk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  prefix: string;
  secretHash: string;
  /** The whole key, shown to its creator once and never stored. */
  token: string;
}

export function issueApiKeyToken(): IssuedApiKey {
  const prefix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secretHash: hashSecret(secret), token: `${API_KEY_MARK}${prefix}_${secret}` };
}

export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const m = FORMAT.exec(token);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
