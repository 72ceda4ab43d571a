import { describe, expect, it } from 'vitest';
import { originAllowed, originMatchesHost, type OriginFacts } from './origin-check.ts';

const self = 'http://app.example:3000';
const facts = (f: Partial<OriginFacts>): OriginFacts => ({ method: 'POST', selfOrigin: self, ...f });
const session = 'vp_at=abc; other=1';

describe('originAllowed', () => {
  it('lets safe methods through whatever their origin', () => {
    expect(originAllowed(facts({ method: 'GET', origin: 'https://evil.example', cookie: session }), [])).toBe(
      true,
    );
  });

  it('accepts our own origin and the configured public one', () => {
    expect(originAllowed(facts({ origin: self, cookie: session }), [])).toBe(true);
    expect(
      originAllowed(facts({ origin: 'https://voice.corp', cookie: session }), ['https://voice.corp']),
    ).toBe(true);
  });

  it('refuses another site, with or without cookies', () => {
    expect(originAllowed(facts({ origin: 'https://evil.example', cookie: session }), [])).toBe(false);
    expect(originAllowed(facts({ origin: 'https://evil.example' }), [])).toBe(false);
    expect(originAllowed(facts({ origin: 'null', cookie: session }), [])).toBe(false);
  });

  it('falls back to the Referer when there is no Origin', () => {
    expect(originAllowed(facts({ referer: `${self}/p/1/members`, cookie: session }), [])).toBe(true);
    expect(originAllowed(facts({ referer: 'https://evil.example/x', cookie: session }), [])).toBe(false);
  });

  it('lets API clients without Origin through, but not a cookie session without one', () => {
    expect(originAllowed(facts({ authorization: 'Bearer x' }), [])).toBe(true);
    expect(originAllowed(facts({}), [])).toBe(true);
    expect(originAllowed(facts({ cookie: session }), [])).toBe(false);
    expect(originAllowed(facts({ cookie: 'unrelated=1' }), [])).toBe(true);
  });
});

describe('originMatchesHost (what Remix would otherwise answer 500 to)', () => {
  it('lets safe methods and requests without Origin through', () => {
    expect(originMatchesHost({ method: 'GET', origin: 'https://evil.example', host: 'app:3000' })).toBe(true);
    expect(originMatchesHost({ method: 'POST', host: 'app:3000' })).toBe(true);
  });

  it('wants the Origin host to be the request host', () => {
    expect(originMatchesHost({ method: 'POST', origin: 'http://app:3000', host: 'app:3000' })).toBe(true);
    expect(originMatchesHost({ method: 'POST', origin: 'https://voice.corp', host: '127.0.0.1:3000' })).toBe(
      false,
    );
    expect(originMatchesHost({ method: 'POST', origin: 'null', host: 'app:3000' })).toBe(false);
    expect(originMatchesHost({ method: 'POST', origin: 'http://[', host: 'app:3000' })).toBe(false);
    expect(originMatchesHost({ method: 'POST', origin: 'http://app:3000' })).toBe(false);
  });
});
