import { describe, expect, it } from 'vitest';
import { originAllowed, type OriginFacts } from './origin-check.ts';

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
