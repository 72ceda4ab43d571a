/**
 * HTTP digest authentication as SIP uses it (RFC 3261 22.4, RFC 2617, RFC 7616 for SHA-256): parse a
 * WWW-Authenticate/Proxy-Authenticate challenge and answer it.
 */
import { createHash } from 'node:crypto';
import { splitOutsideQuotes, unquote } from './header-values.ts';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  /** MD5, MD5-sess, SHA-256 or SHA-256-sess (upper-cased). */
  algorithm: string;
  qop: string[];
  stale: boolean;
}

export function parseDigestChallenge(header: string): DigestChallenge | undefined {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match?.[1]) return undefined;
  const fields = new Map<string, string>();
  for (const part of splitOutsideQuotes(match[1], ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    fields.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  const realm = fields.get('realm');
  const nonce = fields.get('nonce');
  if (realm === undefined || !nonce) return undefined;
  const algorithm = (fields.get('algorithm') ?? 'MD5').toUpperCase();
  if (!['MD5', 'MD5-SESS', 'SHA-256', 'SHA-256-SESS'].includes(algorithm)) return undefined;
  return {
    realm,
    nonce,
    opaque: fields.get('opaque'),
    algorithm,
    qop: (fields.get('qop') ?? '')
      .split(',')
      .map((q) => q.trim().toLowerCase())
      .filter(Boolean),
    stale: (fields.get('stale') ?? '').toLowerCase() === 'true',
  };
}

export interface DigestAnswer {
  challenge: DigestChallenge;
  method: string;
  uri: string;
  username: string;
  password: string;
  /** Nonce count: how many times this nonce has been used, starting at 1. */
  nc: number;
  cnonce: string;
  body?: Buffer;
}

export function digestResponse(answer: DigestAnswer): { response: string; qop?: string } {
  const { challenge, method, uri, username, password, nc, cnonce } = answer;
  const hash = (text: string) =>
    createHash(challenge.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
      .update(text)
      .digest('hex');
  let ha1 = hash(`${username}:${challenge.realm}:${password}`);
  if (challenge.algorithm.endsWith('-SESS')) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const qop = challenge.qop.includes('auth')
    ? 'auth'
    : challenge.qop.includes('auth-int')
      ? 'auth-int'
      : undefined;
  const ha2 =
    qop === 'auth-int'
      ? hash(`${method}:${uri}:${hash((answer.body ?? Buffer.alloc(0)).toString('latin1'))}`)
      : hash(`${method}:${uri}`);
  const ncText = nc.toString(16).padStart(8, '0');
  const response = qop
    ? hash(`${ha1}:${challenge.nonce}:${ncText}:${cnonce}:${qop}:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${ha2}`); // RFC 2069 compatibility
  return { response, qop };
}

/** A quoted-string (RFC 3261 25.1): quotes and backslashes escaped, so a value cannot end it early. */
const quoted = (value: string) => `"${value.replace(/(["\\])/g, '\\$1')}"`;

/** The Authorization / Proxy-Authorization header value for a challenge. */
export function digestAuthorization(answer: DigestAnswer): string {
  const { challenge } = answer;
  const { response, qop } = digestResponse(answer);
  const parts = [
    `username=${quoted(answer.username)}`,
    `realm=${quoted(challenge.realm)}`,
    `nonce=${quoted(challenge.nonce)}`,
    `uri=${quoted(answer.uri)}`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm === 'MD5-SESS' ? 'MD5-sess' : challenge.algorithm === 'SHA-256-SESS' ? 'SHA-256-sess' : challenge.algorithm}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`);
  if (qop)
    parts.push(`qop=${qop}`, `nc=${answer.nc.toString(16).padStart(8, '0')}`, `cnonce="${answer.cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}
