import { describe, expect, it } from 'vitest';
import {
  AddressRefusedError,
  isAllowedAddress,
  vetHost,
  type ResolvedAddress,
  type Resolver,
} from './address-policy';

const dns =
  (table: Record<string, string[]>): Resolver =>
  async (host) => {
    const answers = table[host];
    if (!answers) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return answers.map((address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(host: string, options: Parameters<typeof vetHost>[1] = {}) {
  const error: unknown = await vetHost(host, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AddressRefusedError);
  return error as AddressRefusedError;
}

describe('vetHost: the one outbound address policy', () => {
  it('answers a public literal as it is, and the first answer of a public name', async () => {
    expect(await vetHost('8.8.8.8')).toEqual({ address: '8.8.8.8', family: 4 });
    expect(await vetHost('[2a00:1450:4010:c05::8a]')).toEqual({
      address: '2a00:1450:4010:c05::8a',
      family: 6,
    });
    const resolve = dns({ 'sip.carrier.example': ['93.184.216.34', '93.184.216.35'] });
    expect((await vetHost('SIP.Carrier.Example.', { resolve })).address).toBe('93.184.216.34');
  });

  it('refuses private, loopback and metadata addresses, and a name with any such answer', async () => {
    expect((await refusal('127.0.0.1')).reason).toBe('private_address');
    expect((await refusal('10.1.2.3')).reason).toBe('private_address');
    expect((await refusal('metadata.google.internal')).reason).toBe('metadata_host');
    const resolve = dns({ 'mixed.example': ['93.184.216.34', '192.168.1.5'] });
    const mixed = await refusal('mixed.example', { resolve });
    expect(mixed.reason).toBe('private_address');
    expect(mixed.addresses).toEqual(['93.184.216.34', '192.168.1.5']);
  });

  it('tells a name that does not resolve apart from a refusal, and refuses what is no host at all', async () => {
    const missing = await refusal('nowhere.example', { resolve: dns({}) });
    expect(missing).toMatchObject({ reason: 'dns_failure', code: 'ENOTFOUND' });
    expect((await refusal('a\r\nb.example')).reason).toBe('bad_host');
    expect((await refusal('user@host.example')).reason).toBe('bad_host');
  });

  it('lets through what the install allows: a listed name whatever it answers, a listed address however reached', async () => {
    const resolve = dns({ 'pbx.office': ['10.0.0.5'], 'other.office': ['10.0.0.6'] });
    expect((await vetHost('pbx.office', { resolve, allowHosts: ['PBX.office'] })).address).toBe('10.0.0.5');
    expect((await vetHost('pbx.office', { resolve, allowHosts: ['10.0.0.5'] })).address).toBe('10.0.0.5');
    expect((await refusal('other.office', { resolve, allowHosts: ['10.0.0.5'] })).reason).toBe(
      'private_address',
    );
    expect(isAllowedAddress('10.0.0.5', { allowHosts: ['10.0.0.5'] })).toBe(true);
    expect(isAllowedAddress('10.0.0.6', { allowHosts: ['10.0.0.5'] })).toBe(false);
    expect(isAllowedAddress('93.184.216.34')).toBe(true);
  });

  it('asks DNS again at every call: what it says now is what is vetted (rebinding is refused then)', async () => {
    let answer = '93.184.216.34';
    const resolve: Resolver = async () => [{ address: answer, family: 4 }];
    expect((await vetHost('rebind.example', { resolve })).address).toBe('93.184.216.34');
    answer = '127.0.0.1';
    expect((await refusal('rebind.example', { resolve })).reason).toBe('private_address');
  });
});
