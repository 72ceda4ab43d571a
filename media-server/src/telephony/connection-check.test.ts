// The connection check against a digest registrar on loopback: success, wrong password, unknown user,
// an overloaded server, a dead host, and a host that does not resolve; each step says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection } from './connection-check.ts';
import { freePort } from '../sip-gateway/test-support/free-port.ts';
import { startFakeCarrier, type FakeCarrier } from './test-support/fake-carrier.ts';

let carrier: FakeCarrier;
const allowHosts = ['127.0.0.1'];
const target = (over: Partial<Parameters<typeof checkConnection>[0]> = {}) => ({
  host: '127.0.0.1',
  port: carrier.port,
  transport: 'udp' as const,
  outboundProxy: '',
  authMode: 'registration' as const,
  username: 'alice',
  authUsername: '',
  password: 'right',
  ...over,
});

beforeAll(async () => {
  carrier = await startFakeCarrier({ users: { alice: 'right' } });
});
afterAll(async () => {
  await carrier.close();
});

describe('connection check', () => {
  it('passes every step against a reachable registrar with the right credentials', async () => {
    const result = await checkConnection(target(), { allowHosts });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.step, s.ok, s.sipCode])).toEqual([
      ['dns', true, null],
      ['options', true, 200],
      ['register', true, 200],
    ]);
    expect(result.steps[2]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.steps[2]!.explanation.ru).toContain('приняты');
    // A binding query: no Contact, so the gateway's own registration is left as it is.
    expect(carrier.registers.every((r) => !r.hasContact)).toBe(true);
    // Over TCP too.
    const tcp = await checkConnection(target({ transport: 'tcp' }), { allowHosts });
    expect(tcp.ok).toBe(true);
  });

  it('a wrong password is 401 and an unknown user 403, both explained as wrong credentials', async () => {
    const wrong = await checkConnection(target({ password: 'nope' }), { allowHosts });
    expect(wrong.ok).toBe(false);
    expect(wrong.steps[2]).toMatchObject({ step: 'register', ok: false, sipCode: 401 });
    expect(wrong.steps[2]!.explanation.en).toMatch(/Wrong username or password/);
    const unknown = await checkConnection(target({ username: 'mallory' }), { allowHosts });
    expect(unknown.steps[2]).toMatchObject({ ok: false, sipCode: 403 });
    expect(unknown.steps[2]!.explanation.ru).toMatch(/Неверный логин или пароль/);
  });

  it('an overloaded server is 503 and a silent one 408, with registration skipped', async () => {
    carrier.mode = 'overloaded';
    try {
      const busy = await checkConnection(target(), { allowHosts });
      expect(busy.steps[1]).toMatchObject({ step: 'options', ok: false, sipCode: 503 });
      expect(busy.steps[1]!.explanation.en).toMatch(/overloaded/);
      expect(busy.steps[2]!.skipped).toBe(true);
    } finally {
      carrier.mode = 'normal';
    }
    const dead = await checkConnection(target({ port: await freePort() }), { allowHosts, timeoutMs: 800 });
    expect(dead.steps[1]).toMatchObject({ ok: false, sipCode: 408 });
    expect(dead.steps[1]!.explanation.ru).toMatch(/не отвечает/);
  });

  it('IP authentication skips registration; unresolvable and private hosts stop at DNS', async () => {
    const ip = await checkConnection(target({ authMode: 'ip' }), { allowHosts });
    expect(ip.ok).toBe(true);
    expect(ip.steps[2]).toMatchObject({ skipped: true, ok: true });
    const nowhere = await checkConnection(target({ host: 'no-such-host.invalid' }), { allowHosts });
    expect(nowhere.steps[0]).toMatchObject({ step: 'dns', ok: false });
    expect(nowhere.steps[1]!.skipped).toBe(true);
    const privateHost = await checkConnection(target(), { allowHosts: [] });
    expect(privateHost.steps[0]!.ok).toBe(false);
    expect(privateHost.steps[0]!.explanation.en).toMatch(/TELEPHONY_ALLOW_HOSTS/);
  });
});
