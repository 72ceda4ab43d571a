import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect.ts';

describe('safeRedirectPath', () => {
  it('keeps same-origin paths with query and hash', () => {
    expect(safeRedirectPath('/app/calls?page=2#top')).toBe('/app/calls?page=2#top');
    expect(safeRedirectPath('/invite/abc_DEF-123')).toBe('/invite/abc_DEF-123');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'app/calls',
    '/ok\nSet-Cookie: x=1',
    '',
    '/.//evil.example',
    '/%2e%2e//evil.example',
    '/a%2F..%2F..%2F%2Fevil.example',
    '/%5Cevil.example',
  ])('rejects %j', (value) => {
    expect(safeRedirectPath(value)).toBe('/');
  });

  it('rejects non-strings and uses the given fallback', () => {
    expect(safeRedirectPath(null, '/login')).toBe('/login');
  });
});
