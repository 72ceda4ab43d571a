import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.ts';

describe('redactUrl', () => {
  it('hides invite tokens and credential parameters, keeps the rest', () => {
    expect(redactUrl('/invite/abcDEF_123-x')).toBe('/invite/[redacted]');
    expect(redactUrl('/invite/abcDEF_123-x.data?_routes=x')).toBe('/invite/[redacted].data?_routes=x');
    expect(redactUrl('/p/1/calls?page=2&token=abc&Ticket=t')).toBe(
      '/p/1/calls?page=2&token=[redacted]&Ticket=[redacted]',
    );
    expect(redactUrl('/login?redirectTo=%2Finvite%2Fsecret')).toBe(
      '/login?redirectTo=%2Finvite%2F[redacted]',
    );
    expect(redactUrl('/login?redirectTo=%2Fapp')).toBe('/login?redirectTo=%2Fapp');
    expect(redactUrl('/healthz')).toBe('/healthz');
  });
});
