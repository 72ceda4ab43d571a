// Issue 14, item 5: the app sent no security headers. Every answer now carries a Content-Security-Policy
// whose scripts need a per-request nonce (no 'unsafe-inline'), framing is refused, MIME sniffing is off, the
// Referer stays on this site, and HTTPS deployments pin HTTPS. The browser side (the app really runs under
// this policy) is tests/e2e/csp.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from './05-http-harness.tsx';

let app: RunningWebApp;

beforeAll(async () => {
  app = await startWebApp({
    publicUrl: 'http://localhost:3000',
    voicePublicUrl: 'ws://voice.example.test:3001/voice/v1/ws',
  });
});
afterAll(() => app.close());

function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('security headers', () => {
  it('a page carries a nonce-based CSP, and every inline script on it carries that nonce', async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    const scriptSrc = csp.get('script-src') ?? [];
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    // The studio's voice test talks to the media server's WebSocket.
    expect(csp.get('connect-src')).toEqual(
      expect.arrayContaining(["'self'", 'ws://voice.example.test:3001']),
    );

    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('a new nonce for every request', async () => {
    const nonces = await Promise.all(
      [1, 2, 3].map(async () => {
        const res = await fetch(`${app.url}/`);
        await res.text();
        return /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
      }),
    );
    expect(new Set(nonces).size).toBe(3);
  });

  it.each(['/', '/api/v1/anything', '/no-such-page', '/healthz'])(
    '%s: no framing, no sniffing, Referer kept on this site',
    async (path) => {
      const res = await fetch(`${app.url}${path}`);
      await res.arrayBuffer();
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      // Served over plain HTTP with an http PUBLIC_URL: no HSTS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    },
  );
});

describe('HSTS', () => {
  it('is sent when PUBLIC_URL is https', async () => {
    const https = await startWebApp({ publicUrl: 'https://voice.example.test' });
    try {
      const res = await fetch(`${https.url}/healthz`);
      expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    } finally {
      await https.close();
    }
  });

  it('follows X-Forwarded-Proto only from a trusted proxy', async () => {
    const trusting = await startWebApp({ trustProxy: ['127.0.0.1'] });
    const untrusting = await startWebApp();
    try {
      const proto = { 'x-forwarded-proto': 'https' };
      const viaProxy = await fetch(`${trusting.url}/healthz`, { headers: proto });
      expect(viaProxy.headers.get('strict-transport-security')).toMatch(/^max-age=/);
      const forged = await fetch(`${untrusting.url}/healthz`, { headers: proto });
      expect(forged.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await trusting.close();
      await untrusting.close();
    }
  });
});
