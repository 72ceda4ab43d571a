import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHttpServer, type LocalHttpServer } from '../providers/test-support/local-http-server.ts';
import { crawlSite, CrawlStartError } from './crawl-site.server.ts';

// A small site on loopback: the crawler may reach it only because the test allow-lists 127.0.0.1, as a
// project would allow its intranet host. "localhost" is the same server under another host name: off-site.
let site: LocalHttpServer;
let robots =
  'User-agent: *\nDisallow: /private\n\nUser-agent: VoicePlatformBot\nDisallow: /private\nDisallow: /bots-only-no\n';
let robotsStatus = 200;

const page = (title: string, body: string, links: string[] = []) =>
  `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p>${links
    .map((l) => `<a href="${l}">${l}</a>`)
    .join(' ')}</body></html>`;

beforeAll(async () => {
  site = await startLocalHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const other = `http://localhost:${site.port}`;
    const html = (body: string) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    switch (path) {
      case '/robots.txt':
        return res.writeHead(robotsStatus, { 'content-type': 'text/plain' }).end(robots);
      case '/':
        return html(
          page('Главная', 'Стоматология на Ленина, 5.', [
            '/prices',
            '/delivery#top',
            '/private/secret',
            '/bots-only-no',
            `${other}/elsewhere`,
            '/logo.png',
            '/api/data',
            '/go-away',
            'mailto:info@example.com',
          ]),
        );
      case '/prices':
        return html(page('Цены', 'Лечение кариеса от 3500 рублей.', ['/prices/details', '/', '/moved']));
      case '/prices/details':
        return html(page('Подробно', 'Пломба светового отверждения 4500 рублей.', ['/prices/details/more']));
      case '/prices/details/more':
        return html(page('Ещё глубже', 'Эту страницу на глубине 3 не читаем.'));
      case '/delivery':
        return html(page('Доставка', 'Курьер привозит заказ за 2–4 дня.'));
      case '/private/secret':
        return html(page('Секрет', 'Закрыто robots.txt.'));
      case '/api/data':
        return res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":1}');
      case '/elsewhere':
        return html(page('Другой сайт', 'Чужая страница.'));
      case '/moved':
        return res.writeHead(301, { location: '/private/secret' }).end();
      case '/go-away':
        return res.writeHead(302, { location: `${other}/elsewhere` }).end();
      default:
        return res.writeHead(404, { 'content-type': 'text/plain' }).end('no');
    }
  });
});
afterAll(() => site.close());

const crawl = (maxDepth: number, maxPages: number, startPath = '/') =>
  crawlSite({
    startUrl: `${site.url}${startPath}`,
    maxDepth,
    maxPages,
    allowHosts: ['127.0.0.1', 'localhost'],
  });

describe('crawling a site', () => {
  it('stays on its host, honours robots.txt and the depth limit, reads only text content types', async () => {
    site.requests.length = 0;
    const result = await crawl(1, 50);
    const paths = result.pages.map((p) => new URL(p.url).pathname);
    expect(paths).toEqual(['/', '/prices', '/delivery']);
    const asked = site.requests.map((r) => `${r.headers.host?.split(':')[0]}${r.url}`);
    // Never fetched: what robots.txt disallows (for * and for our token), another host, an image.
    expect(asked).not.toContain('127.0.0.1/private/secret');
    expect(asked).not.toContain('127.0.0.1/bots-only-no');
    // The other host is never crawled; a redirect there is read (the guard vets each hop) but not indexed.
    expect(asked.filter((a) => a.startsWith('localhost'))).toEqual(['localhost/elsewhere']);
    expect(asked).not.toContain('127.0.0.1/logo.png');
    expect(asked).not.toContain('127.0.0.1/prices/details'); // depth 2
    expect(result.skipped).toEqual(
      expect.arrayContaining([
        { url: `${site.url}/private/secret`, reason: 'robots.txt' },
        { url: `${site.url}/api/data`, reason: 'content type application/json' },
        {
          url: `${site.url}/go-away`,
          reason: `redirected off the site to http://localhost:${site.port}/elsewhere`,
        },
      ]),
    );
    expect(site.requests[0]?.headers['user-agent']).toContain('VoicePlatformBot');
  });

  it('goes one level deeper with depth 2, never past it', async () => {
    const paths = (await crawl(2, 50)).pages.map((p) => new URL(p.url).pathname);
    expect(paths).toContain('/prices/details');
    expect(paths).not.toContain('/prices/details/more');
  });

  it('does not index a page robots.txt disallows even when a redirect leads there', async () => {
    const result = await crawl(2, 50);
    expect(result.pages.map((p) => new URL(p.url).pathname)).not.toContain('/private/secret');
    expect(result.skipped).toContainEqual({ url: `${site.url}/moved`, reason: 'robots.txt' });
  });

  it('stops at the page limit', async () => {
    site.requests.length = 0;
    const result = await crawl(3, 2);
    expect(result.pages).toHaveLength(2);
    expect(site.requests.filter((r) => r.url !== '/robots.txt')).toHaveLength(2);
  });

  it('depth 0 reads the start page only', async () => {
    const result = await crawl(0, 1, '/prices');
    expect(result.pages.map((p) => p.title)).toEqual(['Цены']);
    expect(result.pages[0]?.blocks.some((b) => b.kind === 'paragraph' && b.text.includes('3500'))).toBe(true);
  });

  it('refuses a start page robots.txt disallows, and keeps out when robots.txt fails with 5xx', async () => {
    await expect(crawl(1, 10, '/private/secret')).rejects.toMatchObject({ code: 'robots_disallowed' });
    robotsStatus = 503;
    try {
      await expect(crawl(1, 10)).rejects.toMatchObject({ code: 'robots_disallowed', permanent: true });
    } finally {
      robotsStatus = 200;
    }
    // A missing robots.txt (404) allows everything.
    robotsStatus = 404;
    try {
      expect((await crawl(1, 50)).pages.map((p) => new URL(p.url).pathname)).toContain('/prices');
    } finally {
      robotsStatus = 200;
      robots = robots.trim() + '\n';
    }
  });

  it('is refused by the SSRF guard when the host is not allowed', async () => {
    const error = await crawlSite({ startUrl: `${site.url}/`, maxDepth: 1, maxPages: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(CrawlStartError);
    expect(error).toMatchObject({ code: 'url_blocked', permanent: true });
    await expect(
      crawlSite({ startUrl: 'http://169.254.169.254/latest/meta-data', maxDepth: 0, maxPages: 1 }),
    ).rejects.toMatchObject({ code: 'url_blocked' });
  });
});
