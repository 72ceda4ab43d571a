import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHttpServer, type LocalHttpServer } from '../providers/test-support/local-http-server';
import { isForbiddenAddress } from './address-policy';
import { guardedFetch, ResponseTooLargeError, SsrfBlockedError, vetUrl, type Resolver } from './ssrf-guard';

let server: LocalHttpServer;
beforeAll(async () => {
  server = await startLocalHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/json') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ok: true, host: req.headers.host }));
    } else if (path === '/to-private') {
      res.writeHead(302, { location: 'http://10.1.2.3/admin' }).end();
    } else if (path === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${server.port}/json` }).end();
    } else if (path === '/see-other') {
      res.writeHead(303, { location: '/echo' }).end();
    } else if (path === '/echo') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          method: req.method,
          auth: req.headers.authorization ?? null,
          body: req.body.toString(),
        }),
      );
    } else if (path === '/loop') {
      res.writeHead(307, { location: '/loop' }).end();
    } else if (path === '/big') {
      res.writeHead(200, { 'content-length': String(2_000) }).end('x'.repeat(2_000));
    } else if (path === '/big-chunked') {
      res.writeHead(200);
      for (let i = 0; i < 20; i += 1) res.write('y'.repeat(100));
      res.end();
    } else if (path === '/slow') {
      setTimeout(() => res.writeHead(200).end('late'), 1_000);
    } else {
      res.writeHead(404).end();
    }
  });
});
afterAll(() => server.close());

async function blockedReason(url: string, options: Parameters<typeof guardedFetch>[2] = {}): Promise<string> {
  const error: unknown = await guardedFetch(url, {}, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SsrfBlockedError);
  return (error as SsrfBlockedError).reason;
}

const fakeDns =
  (table: Record<string, string[]>, calls: string[] = []): Resolver =>
  async (hostname) => {
    calls.push(hostname);
    const answers = table[hostname];
    if (!answers) throw new Error('ENOTFOUND');
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('address policy', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });
  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2a00:1450:4010:c05::8a'])(
    'allows public %s',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('guardedFetch refuses what it must', () => {
  it.each([
    ['loopback IPv4', () => `http://127.0.0.1:${server.port}/json`],
    ['loopback IPv6', () => `http://[::1]:${server.port}/json`],
    ['private 10/8', () => 'http://10.0.0.1/'],
    ['metadata IP', () => 'http://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped IPv6 loopback', () => 'http://[::ffff:127.0.0.1]/'],
    ['decimal IP for 127.0.0.1', () => 'http://2130706433/'],
    ['hex/short IP for 127.0.0.1', () => 'http://0x7f.1/'],
    ['unspecified', () => 'http://0.0.0.0/'],
    ['CGNAT', () => 'http://100.100.100.200/'],
  ])('%s', async (_label, url) => {
    expect(await blockedReason(url())).toBe('private_address');
  });

  it('refuses non-http protocols', async () => {
    expect(await blockedReason('file:///etc/passwd')).toBe('protocol');
    expect(await blockedReason('ftp://example.com/')).toBe('protocol');
    expect(await blockedReason('gopher://127.0.0.1:6379/')).toBe('protocol');
  });

  it('refuses metadata hostnames without asking DNS', async () => {
    const calls: string[] = [];
    expect(
      await blockedReason('http://metadata.google.internal/computeMetadata/v1/', {
        resolve: fakeDns({}, calls),
      }),
    ).toBe('metadata_host');
    expect(calls).toEqual([]);
  });

  it('refuses a hostname whose DNS answer is private, even if another answer is public', async () => {
    const resolve = fakeDns({
      'evil.example': ['93.184.216.34', '127.0.0.1'],
      'internal.example': ['10.0.0.5'],
    });
    expect(await blockedReason('http://evil.example/', { resolve })).toBe('private_address');
    expect(await blockedReason('http://internal.example/', { resolve })).toBe('private_address');
    expect(await blockedReason('http://nowhere.example/', { resolve })).toBe('dns_failure');
  });

  it('vets public addresses without connecting', async () => {
    await expect(vetUrl(new URL('http://93.184.216.34/'))).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(vetUrl(new URL('https://[2a00:1450:4010:c05::8a]/'))).resolves.toMatchObject({ family: 6 });
    const resolve = fakeDns({ 'api.example': ['93.184.216.34'] });
    await expect(vetUrl(new URL('https://api.example/x'), { resolve })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('vets each redirect hop: an allow-listed host redirecting to a private address is refused', async () => {
    expect(
      await blockedReason(`http://127.0.0.1:${server.port}/to-private`, { allowHosts: ['127.0.0.1'] }),
    ).toBe('private_address');
    // An allow-listed address allows that address only: a name answering another private one is refused.
    const resolve = fakeDns({ localhost: ['127.0.0.2'] });
    expect(
      await blockedReason(`http://127.0.0.1:${server.port}/to-localhost`, {
        allowHosts: ['127.0.0.1'],
        resolve,
      }),
    ).toBe('private_address');
  });

  it('stops after five redirects', async () => {
    expect(await blockedReason(`http://127.0.0.1:${server.port}/loop`, { allowHosts: ['127.0.0.1'] })).toBe(
      'too_many_redirects',
    );
  });
});

describe('guardedFetch with an allow-listed host', () => {
  const allow = { allowHosts: ['127.0.0.1'] };

  it('fetches from an allow-listed loopback host', async () => {
    const res = await guardedFetch(`http://127.0.0.1:${server.port}/json`, {}, allow);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('connects to the vetted address only: DNS is asked once and the Host header keeps the name', async () => {
    const calls: string[] = [];
    const resolve = fakeDns({ 'rebind.example': ['127.0.0.1'] }, calls);
    const res = await guardedFetch(
      `http://rebind.example:${server.port}/json`,
      {},
      { allowHosts: ['rebind.example'], resolve },
    );
    expect(await res.json()).toEqual({ ok: true, host: `rebind.example:${server.port}` });
    expect(calls).toEqual(['rebind.example']);
  });

  it('follows a 303 after POST as GET without the body, and drops Authorization across origins', async () => {
    const res = await guardedFetch(
      `http://127.0.0.1:${server.port}/see-other`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: '{"a":1}',
      },
      allow,
    );
    expect(await res.json()).toEqual({ method: 'GET', auth: 'Bearer t', body: '' });
    const resolve = fakeDns({ localhost: ['127.0.0.1'] });
    const cross = await guardedFetch(
      `http://127.0.0.1:${server.port}/to-localhost`,
      { headers: { authorization: 'Bearer t' } },
      { allowHosts: ['127.0.0.1', 'localhost'], resolve },
    );
    expect(await cross.json()).toEqual({ ok: true, host: `localhost:${server.port}` });
  });

  it('limits the response size, declared or streamed', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${server.port}/big`, {}, { ...allow, maxBytes: 1_000 }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    const res = await guardedFetch(
      `http://127.0.0.1:${server.port}/big-chunked`,
      {},
      { ...allow, maxBytes: 1_000 },
    );
    await expect(res.text()).rejects.toThrow(/exceeds 1000 bytes/);
  });

  it('times out', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${server.port}/slow`, {}, { ...allow, timeoutMs: 200 }),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});
