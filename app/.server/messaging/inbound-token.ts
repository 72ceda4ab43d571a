/**
 * The secret in a channel's inbound callback URL (issue 22): 32 random bytes, base64url (so it is also a valid
 * Telegram `secret_token`). Only its sha256 is stored; the URL is answered once, when it is made, like a
 * webhook's signing secret. The lookup is by hash, so a wrong token finds nothing and learns nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

export const newInboundToken = (): string => randomBytes(32).toString('base64url');

export const inboundTokenHash = (token: string): string =>
  createHash('sha256').update(`messaging-inbound:${token}`).digest('hex');

/** Tokens are exactly what newInboundToken makes: anything else is refused before a database look-up. */
export const looksLikeInboundToken = (token: string | undefined): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

export const inboundPath = (token: string): string => `/api/v1/messaging/inbound/${token}`;
