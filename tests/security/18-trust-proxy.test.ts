// Issue 14, item 18: X-Forwarded-For was trusted from any loopback peer, so anything on the machine (or a
// misconfigured proxy) could pick the client address that throttling, the audit log and the logs record.
// Proxies are now trusted only when TRUST_PROXY names them (addresses/CIDRs, or a hop count); by default the
// forwarding headers are ignored and stripped before the app sees them.
import { afterEach, describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '#server/env/load-env.ts';
import { webEnv } from '#server/env/env-schema.ts';
import { startWebApp, type RunningWebApp } from './05-http-harness.tsx';

const running: RunningWebApp[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

async function whoami(trustProxy: false | number | string[] | undefined, headers: Record<string, string>) {
  const app = await startWebApp({ trustProxy });
  running.push(app);
  const res = await fetch(`${app.url}/whoami`, { headers });
  const body = (await res.json()) as { ip: string; url: string };
  return { ...body, port: app.port };
}

const forwarded = {
  'x-forwarded-for': '198.51.100.1, 203.0.113.7',
  'x-forwarded-host': 'evil.example.test',
  'x-forwarded-proto': 'https',
};
const LOOPBACK = /^(127\.0\.0\.1|::ffff:127\.0\.0\.1|::1)$/;

describe('client address and forwarded headers', () => {
  it('by default, a loopback peer cannot choose its address, host or scheme', async () => {
    const seen = await whoami(undefined, forwarded);
    expect(seen.ip).toMatch(LOOPBACK);
    expect(new URL(seen.url).host).toBe(`127.0.0.1:${seen.port}`);
    expect(new URL(seen.url).protocol).toBe('http:');
  });

  it('nor a client forge the internal client-address header', async () => {
    const seen = await whoami(undefined, { 'x-vp-client-ip': '203.0.113.99' });
    expect(seen.ip).toMatch(LOOPBACK);
  });

  it('a proxy named in TRUST_PROXY is believed', async () => {
    const seen = await whoami(['127.0.0.1'], forwarded);
    expect(seen.ip).toBe('203.0.113.7');
    expect(new URL(seen.url).hostname).toBe('evil.example.test');
    expect(new URL(seen.url).protocol).toBe('https:');
  });

  it('a CIDR that does not cover the peer is not', async () => {
    const seen = await whoami(['10.0.0.0/8'], forwarded);
    expect(seen.ip).toMatch(LOOPBACK);
    expect(new URL(seen.url).hostname).toBe('127.0.0.1');
  });

  it('a hop count trusts that many proxies in front', async () => {
    expect((await whoami(1, forwarded)).ip).toBe('203.0.113.7');
    expect((await whoami(2, forwarded)).ip).toBe('198.51.100.1');
  });
});

describe('TRUST_PROXY', () => {
  const parse = (value: string | undefined) =>
    parseEnv(webEnv, 'web', { ...process.env, TRUST_PROXY: value }).TRUST_PROXY;

  it('defaults to trusting nobody', () => {
    expect(parse(undefined)).toBe(false);
    expect(parse('')).toBe(false);
  });

  it('takes a hop count or a list of addresses and CIDRs', () => {
    expect(parse('2')).toBe(2);
    expect(parse('10.0.0.0/8, 192.168.1.5 ,::1')).toEqual(['10.0.0.0/8', '192.168.1.5', '::1']);
    expect(parse('loopback')).toEqual(['loopback']);
  });

  it('refuses anything else at start', () => {
    expect(() => parse('everyone')).toThrow(EnvError);
    expect(() => parse('10.0.0.0/99')).toThrow(EnvError);
    expect(() => parse('true')).toThrow(EnvError);
  });
});
