// REGISTER as a client against a small digest-checking registrar built on the stack's own transport.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '#server/logger.ts';
import { buildResponse } from '../sip/build-response.ts';
import { digestResponse, parseDigestChallenge } from '../sip/digest-auth.ts';
import { splitOutsideQuotes, unquote } from '../sip/header-values.ts';
import { createSipTransport, responseTarget, type SipTransport } from '../sip/sip-transport.ts';
import { type SipGateway } from './sip-gateway.ts';
import { refreshDelayMs } from './registration.ts';
import { startTestGateway, until } from './test-support/test-gateway.ts';

const CHALLENGE = 'Digest realm="carrier", nonce="n0nce", qop="auth", algorithm=MD5, opaque="op"';

async function startRegistrar(password: string) {
  const seen = { registers: 0, authorized: 0, unregistered: 0 };
  const transport: SipTransport = await createSipTransport({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('registrar', 'silent'),
    onMessage: (message, peer) => {
      if (message.kind !== 'request' || message.method !== 'REGISTER') return;
      seen.registers += 1;
      const target = responseTarget(message.headers, peer);
      const auth = message.headers.get('authorization');
      const fields = new Map(
        splitOutsideQuotes((auth ?? '').replace(/^Digest\s+/i, ''), ',').map((part) => {
          const eq = part.indexOf('=');
          return [part.slice(0, eq).trim(), unquote(part.slice(eq + 1).trim())] as const;
        }),
      );
      const expected = auth
        ? digestResponse({
            challenge: parseDigestChallenge(CHALLENGE)!,
            method: 'REGISTER',
            uri: fields.get('uri') ?? '',
            username: fields.get('username') ?? '',
            password,
            nc: parseInt(fields.get('nc') ?? '0', 16),
            cnonce: fields.get('cnonce') ?? '',
          }).response
        : undefined;
      if (!auth || fields.get('response') !== expected) {
        transport.send(
          buildResponse(message, 401, { toTag: 'r', headers: [['www-authenticate', CHALLENGE]] }),
          target,
        );
        return;
      }
      seen.authorized += 1;
      const expires = Number(message.headers.get('expires'));
      if (expires === 0) seen.unregistered += 1;
      const contact = `${message.headers.get('contact') ?? ''};expires=${Math.min(expires, 1)}`;
      transport.send(buildResponse(message, 200, { toTag: 'r', headers: [['contact', contact]] }), target);
    },
  });
  return { transport, seen };
}

describe('registration', () => {
  let gateway: SipGateway | undefined;
  let registrar: SipTransport | undefined;
  afterEach(async () => {
    await gateway?.close();
    await registrar?.close();
    gateway = undefined;
    registrar = undefined;
  });

  it('answers the digest challenge, refreshes before expiry, and unregisters on stop', async () => {
    const { transport, seen } = await startRegistrar('secret');
    registrar = transport;
    gateway = await startTestGateway(() => ({ accept: false, status: 404 }));
    const registration = gateway.register({
      registrar: `sip:127.0.0.1:${transport.port}`,
      username: 'alice',
      password: 'secret',
      expires: 60,
    });
    await registration.ready;
    expect(registration.state).toBe('registered');
    expect(registration.grantedExpires).toBe(1);
    await until(() => registration.successes >= 2, 3000, 'a refresh');
    await registration.stop();
    expect(seen.unregistered).toBe(1);
    expect(seen.authorized).toBeGreaterThanOrEqual(3);
  });

  it('fails (and says so) when the password is wrong', async () => {
    const { transport } = await startRegistrar('secret');
    registrar = transport;
    gateway = await startTestGateway(() => ({ accept: false, status: 404 }));
    const registration = gateway.register({
      registrar: `sip:127.0.0.1:${transport.port}`,
      username: 'alice',
      password: 'wrong',
      retryMs: 60_000,
    });
    await expect(registration.ready).rejects.toThrow(/401/);
    expect(registration.state).toBe('failed');
  });

  it('refreshes at 85% of long lifetimes and never later than 5 s before expiry', () => {
    expect(refreshDelayMs(3600)).toBe(3_060_000);
    expect(refreshDelayMs(20)).toBe(15_000);
    expect(refreshDelayMs(1)).toBe(500);
  });
});
