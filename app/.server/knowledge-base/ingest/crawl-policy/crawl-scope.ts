/**
 * Which links a crawl follows: http(s) on the start page's host (with or without "www."), fragments dropped,
 * and not files we could never read (images, archives, media), so no fetch is wasted on them.
 */
const UNREADABLE =
  /\.(png|jpe?g|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|wav|ogg|webm|avi|mov|zip|rar|7z|gz|tgz|tar|exe|msi|dmg|iso|apk|css|js|json|xml|woff2?|ttf|eot|xlsx?|pptx?|docm|odt)$/i;

export function siteKey(url: URL): string {
  return url.hostname.toLowerCase().replace(/^www\./, '');
}

/** The form a page is remembered by: no fragment, no default port; the query string stays (it can matter). */
export function normaliseUrl(href: string, base?: string): URL | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  return url;
}

export function inScope(url: URL, start: URL): boolean {
  return siteKey(url) === siteKey(start) && !UNREADABLE.test(url.pathname);
}
