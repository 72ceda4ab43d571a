import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Whether `Authorization: Bearer <token>` (or `Basic` with the token as password) carries `token`. */
export function presentsToken(req: IncomingMessage, token: string, basic = false): boolean {
  const header = req.headers.authorization ?? '';
  let presented = '';
  if (header.toLowerCase().startsWith('bearer ')) presented = header.slice(7).trim();
  else if (basic && header.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    presented = decoded.slice(decoded.indexOf(':') + 1);
  }
  // Compare digests so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return presented.length > 0 && timingSafeEqual(a, b);
}

const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Whether the request's TCP peer is this machine. */
export const fromLoopback = (req: IncomingMessage): boolean =>
  LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '');

/** Whether a listen address reaches this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}
