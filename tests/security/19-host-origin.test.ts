// Issue 14, item 19: when a form post's Origin named another host than the request's Host (or a forged
// X-Forwarded-Host), Remix's own CSRF check threw and the app answered 500. Such requests are refused with
// 403 before Remix runs: the standard error shape on the API, a plain 403 elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from './05-http-harness.tsx';

const PUBLIC_URL = 'http://localhost:3000';
let app: RunningWebApp;
let self: string;

beforeAll(async () => {
  app = await startWebApp({ publicUrl: PUBLIC_URL });
  self = app.url;
});
afterAll(() => app.close());

const post = (path: string, headers: Record<string, string>) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'a=1',
  });

describe('a state-changing request whose Origin disagrees with its Host', () => {
  it.each([
    ['Origin is PUBLIC_URL, Host is another name', { origin: PUBLIC_URL }],
    ['Origin "null" with a same-origin Referer', { origin: 'null', referer: 'SELF/form' }],
    ['an Origin that is not a URL', { origin: 'http://[' }],
  ])('%s: 403 on a page (document and single-fetch)', async (_name, raw) => {
    const headers = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, v.replace('SELF', self)]),
    ) as Record<string, string>;
    for (const path of ['/form', '/form.data', '/form?index']) {
      const res = await post(path, headers);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/another site|does not match/i);
    }
  });

  it('a client’s forged X-Forwarded-Host is ignored instead of failing the post', async () => {
    const res = await post('/form', { origin: self, 'x-forwarded-host': 'evil.example.test' });
    expect(res.status).toBe(200);
  });

  it('a trusted proxy forwarding another host than the Origin: 403', async () => {
    const proxied = await startWebApp({ publicUrl: PUBLIC_URL, trustProxy: ['127.0.0.1'] });
    try {
      for (const path of ['/form', '/form.data']) {
        const res = await fetch(`${proxied.url}${path}`, {
          method: 'POST',
          headers: {
            origin: PUBLIC_URL,
            'x-forwarded-host': 'evil.example.test',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'a=1',
        });
        expect(res.status, path).toBe(403);
      }
    } finally {
      await proxied.close();
    }
  });

  it('403 with the standard error shape on the API', async () => {
    const res = await post('/api/v1/anything', { origin: PUBLIC_URL });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('origin_mismatch');
    expect(body.error.message).toMatch(/Host|another site/);
  });

  it('a same-origin post still goes through', async () => {
    const res = await post('/form', { origin: self });
    expect(res.status).toBe(200);
    const data = await post('/form.data', { origin: self });
    expect(data.status).toBe(200);
  });

  it('behind a trusted proxy that forwards the public host, the public origin goes through', async () => {
    const proxied = await startWebApp({ publicUrl: PUBLIC_URL, trustProxy: ['127.0.0.1'] });
    try {
      const res = await fetch(`${proxied.url}/form`, {
        method: 'POST',
        headers: {
          origin: PUBLIC_URL,
          'x-forwarded-host': 'localhost:3000',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'a=1',
      });
      expect(res.status).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});
