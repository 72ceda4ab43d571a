import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

export interface SecurityHeaderOptions {
  publicUrl: string;
  /** The media server's voice WebSocket (the studio's voice test connects to it). */
  voicePublicUrl?: string;
  /** Vite's dev server: hot reload talks over its own WebSocket. */
  dev?: boolean;
}

/** The origin a ws(s):// or http(s):// URL names, for connect-src; undefined when it is not a URL. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/**
 * The policy the app runs under (tests/e2e/csp.spec.ts visits every screen under it):
 * - scripts: our own files, and inline scripts only with this response's nonce (Remix's hydration data and
 *   module loader are inline; root.tsx and entry.server.tsx hand them the nonce). No 'unsafe-inline'.
 * - styles: 'unsafe-inline' is accepted on purpose: React Flow (the studio canvas) and Radix position
 *   elements with inline style attributes; styles cannot run code.
 * - connect: this origin and the voice WebSocket; media: recordings (same origin) and blob: audio.
 */
export function contentSecurityPolicy(nonce: string, options: SecurityHeaderOptions): string {
  const connect = ["'self'", originOf(options.voicePublicUrl), ...(options.dev ? ['ws:', 'wss:'] : [])];
  const directives: Record<string, (string | undefined)[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': connect,
    'media-src': ["'self'", 'blob:'],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => [name, ...new Set(values.filter(Boolean))].join(' '))
    .join('; ');
}

/** HSTS for a year once the deployment is HTTPS; browsers ignore it over plain HTTP anyway. */
const HSTS = 'max-age=31536000';

/**
 * Security headers on every answer (pages, API, static files, errors), and the per-request CSP nonce in
 * `res.locals.cspNonce` for the Remix handler. HSTS when PUBLIC_URL is https or the request arrived over
 * HTTPS (directly, or per X-Forwarded-Proto from a proxy TRUST_PROXY names: `req.secure` decides).
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const httpsDeployment = options.publicUrl.startsWith('https://');
  return (req, res, next) => {
    const nonce = randomBytes(18).toString('base64');
    res.locals.cspNonce = nonce;
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce, options));
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Invite links carry their token in the path: other sites never see our URLs.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), geolocation=(), payment=(), usb=(), microphone=(self)');
    if (httpsDeployment || req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}
