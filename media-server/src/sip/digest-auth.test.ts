import { describe, expect, it } from 'vitest';
import { digestAuthorization, digestResponse, parseDigestChallenge } from './digest-auth.ts';

describe('digest authentication', () => {
  it('matches the RFC 2617 section 3.5 example (MD5, qop=auth)', () => {
    const challenge = parseDigestChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(challenge).toMatchObject({
      realm: 'testrealm@host.com',
      qop: ['auth', 'auth-int'],
      algorithm: 'MD5',
    });
    const answer = {
      challenge: challenge!,
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      nc: 1,
      cnonce: '0a4f113b',
    };
    expect(digestResponse(answer)).toEqual({ response: '6629fae49393a05397450978507c4ef1', qop: 'auth' });
    expect(digestAuthorization(answer)).toContain('nc=00000001');
    expect(digestAuthorization(answer)).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('refuses unknown schemes and algorithms', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="y", algorithm=SHA-999')).toBeUndefined();
  });
});
