import { describe, expect, it } from 'vitest';
import { parseRobots } from './robots';

const u = (path: string) => new URL(path, 'https://clinic.example');

describe('robots.txt rules', () => {
  it('picks our group over *, longest match wins, Allow wins a tie', () => {
    const rules = parseRobots(
      [
        'User-agent: *',
        'Disallow: /',
        '',
        'User-agent: Googlebot',
        'User-agent: VoicePlatformBot',
        'Disallow: /admin',
        'Allow: /admin/public',
        'Disallow: /tmp',
        'Allow: /tmp',
      ].join('\n'),
      'VoicePlatformBot',
    );
    expect(rules.isAllowed(u('/prices'))).toBe(true);
    expect(rules.isAllowed(u('/admin/users'))).toBe(false);
    expect(rules.isAllowed(u('/admin/public/faq'))).toBe(true);
    expect(rules.isAllowed(u('/tmp/x'))).toBe(true);
  });

  it('understands * and $ and an empty Disallow', () => {
    const rules = parseRobots(
      'User-agent: *\nDisallow: /*.pdf$\nDisallow: /search?*q=\n',
      'VoicePlatformBot',
    );
    expect(rules.isAllowed(u('/price.pdf'))).toBe(false);
    expect(rules.isAllowed(u('/price.pdf?v=2'))).toBe(true);
    expect(rules.isAllowed(u('/search?page=1&q=x'))).toBe(false);
    expect(parseRobots('User-agent: *\nDisallow:\n', 'VoicePlatformBot').isAllowed(u('/any'))).toBe(true);
  });

  it('matches Cyrillic paths written literally or percent-encoded', () => {
    const rules = parseRobots('User-agent: *\nDisallow: /цены/архив\n', 'VoicePlatformBot');
    expect(rules.isAllowed(u('/цены/архив/2020'))).toBe(false);
    expect(rules.isAllowed(u('/цены/сейчас'))).toBe(true);
  });
});
