import type { DocumentBlock } from './ingest/blocks.ts';
import { ACCEPT_ENCODING, decodeContentEncoding } from './ingest/crawl-policy/content-encoding.ts';
import { inScope, normaliseUrl } from './ingest/crawl-policy/crawl-scope.ts';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type RobotsRules } from './ingest/crawl-policy/robots.ts';
import { ExtractionError } from './ingest/extract/extraction-errors.ts';
import { decodeText } from './ingest/extract/decode-text.ts';
import { inProcessReader, type DocumentReader } from './ingest/isolated-reader.ts';
import { IsolateLimitError } from '../sandbox/isolate.ts';
import { guardedFetch, ResponseTooLargeError, SsrfBlockedError } from '../net/ssrf-guard.ts';

/** Our robots.txt product token and User-Agent. */
export const CRAWLER_TOKEN = 'VoicePlatformBot';
const USER_AGENT = `Mozilla/5.0 (compatible; ${CRAWLER_TOKEN}/1.0)`;

const DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024;
const ROBOTS_MAX_BYTES = 500 * 1024;

/** What a crawl reads; anything else (images, archives, JSON APIs) is skipped by its Content-Type. */
const READABLE =
  /^(text\/html|application\/xhtml\+xml|text\/plain|text\/markdown|text\/csv|application\/pdf)$/;

export interface CrawledPage {
  url: string;
  title?: string;
  blocks: DocumentBlock[];
}

export interface CrawlResult {
  pages: CrawledPage[];
  /** Pages not indexed and why (robots.txt, content type, HTTP status, too large, blocked address). */
  skipped: { url: string; reason: string }[];
}

/** A failure of the start page: the whole source fails with it (permanent ones are not retried). */
export class CrawlStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'CrawlStartError';
  }
}

export interface CrawlOptions {
  startUrl: string;
  /** 0 = the start page only; n = links up to n clicks away. */
  maxDepth: number;
  maxPages: number;
  allowHosts?: readonly string[];
  signal?: AbortSignal;
  /** Per request, body included. */
  timeoutMs?: number;
  maxBytesPerPage?: number;
  onProgress?: (p: { done: number; total: number }) => void | Promise<void>;
  /** Reads each fetched page; indexing passes the isolated one (memory and time limits per page). */
  reader?: Pick<DocumentReader, 'readPage'>;
}

type Fetched =
  | { ok: true; url: URL; bytes: Uint8Array; contentType: string }
  | { ok: false; reason: string; permanent: boolean; code?: string };

async function fetchOne(url: URL, opts: CrawlOptions): Promise<Fetched> {
  let res: Response;
  try {
    res = await guardedFetch(
      url,
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        headers: {
          'user-agent': USER_AGENT,
          accept: 'text/html,application/pdf,text/plain;q=0.9',
          'accept-encoding': ACCEPT_ENCODING,
        },
      },
      {
        timeoutMs: opts.timeoutMs ?? 15_000,
        maxBytes: opts.maxBytesPerPage ?? DEFAULT_MAX_PAGE_BYTES,
        ...(opts.allowHosts ? { allowHosts: opts.allowHosts } : {}),
      },
    );
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (e instanceof SsrfBlockedError) return { ok: false, reason: `blocked: ${e.message}`, permanent: true };
    if (e instanceof ResponseTooLargeError) return { ok: false, reason: e.message, permanent: true };
    return { ok: false, reason: e instanceof Error ? e.message : String(e), permanent: false };
  }
  const finalUrl = new URL(res.url || url.href);
  if (!res.ok) {
    await res.body?.cancel();
    return { ok: false, reason: `HTTP ${res.status}`, permanent: res.status < 500 };
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!READABLE.test(contentType)) {
    await res.body?.cancel();
    return { ok: false, reason: `content type ${contentType || 'missing'}`, permanent: true };
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof ResponseTooLargeError) return { ok: false, reason: e.message, permanent: true };
    return { ok: false, reason: e instanceof Error ? e.message : String(e), permanent: false };
  }
  try {
    // The cap applies to the page as expanded, and stops the expansion itself.
    const maxBytes = opts.maxBytesPerPage ?? DEFAULT_MAX_PAGE_BYTES;
    const bytes = decodeContentEncoding(raw, res.headers.get('content-encoding'), maxBytes);
    return { ok: true, url: finalUrl, bytes, contentType };
  } catch (e) {
    if (!(e instanceof ExtractionError)) throw e;
    return { ok: false, reason: e.message, permanent: true, code: e.code };
  }
}

/** robots.txt of the site: 4xx means no rules; unreachable or 5xx means keep out (RFC 9309). */
async function loadRobots(start: URL, opts: CrawlOptions): Promise<RobotsRules> {
  let res: Response;
  try {
    res = await guardedFetch(
      new URL('/robots.txt', start),
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        headers: { 'user-agent': USER_AGENT, 'accept-encoding': ACCEPT_ENCODING },
      },
      {
        timeoutMs: opts.timeoutMs ?? 15_000,
        maxBytes: ROBOTS_MAX_BYTES,
        ...(opts.allowHosts ? { allowHosts: opts.allowHosts } : {}),
      },
    );
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (e instanceof SsrfBlockedError) throw new CrawlStartError('url_blocked', e.message, true);
    if (e instanceof ResponseTooLargeError) return ALLOW_ALL; // the RFC's 500 KiB cap: treat as unparsable
    throw new CrawlStartError('robots_unreachable', `robots.txt: ${(e as Error).message}`, false);
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    return DISALLOW_ALL;
  }
  if (!res.ok) {
    await res.body?.cancel();
    return ALLOW_ALL;
  }
  let text: string;
  try {
    const raw = new Uint8Array(await res.arrayBuffer());
    text = decodeText(decodeContentEncoding(raw, res.headers.get('content-encoding'), ROBOTS_MAX_BYTES));
  } catch (e) {
    // Past the RFC's 500 KiB cap, or undecodable: treated as unparsable, like an oversized file.
    if (e instanceof ResponseTooLargeError || e instanceof ExtractionError) return ALLOW_ALL;
    throw e;
  }
  return parseRobots(text, CRAWLER_TOKEN);
}

/**
 * Breadth-first crawl of one site: only pages on the start URL's host (a redirect elsewhere is skipped), no
 * deeper than maxDepth links, at most maxPages pages, none that robots.txt disallows or <meta name=robots>
 * marks noindex (nofollow stops link-following there). Every request goes through the SSRF guard.
 */
export async function crawlSite(opts: CrawlOptions): Promise<CrawlResult> {
  const start = normaliseUrl(opts.startUrl);
  if (!start) throw new CrawlStartError('bad_url', `${opts.startUrl} is not an http(s) address`, true);
  const robots = await loadRobots(start, opts);
  if (!robots.isAllowed(start)) {
    throw new CrawlStartError('robots_disallowed', `robots.txt disallows ${start.href}`, true);
  }
  const pages: CrawledPage[] = [];
  const skipped: CrawlResult['skipped'] = [];
  const seen = new Set<string>([start.href]);
  let frontier: URL[] = [start];
  for (let depth = 0; frontier.length && pages.length < opts.maxPages; depth += 1) {
    const next: URL[] = [];
    for (const url of frontier) {
      if (pages.length >= opts.maxPages) break;
      opts.signal?.throwIfAborted();
      const isStart = depth === 0;
      const got = await fetchOne(url, opts);
      if (!got.ok) {
        if (isStart)
          throw new CrawlStartError(got.code ?? 'fetch_failed', `${url.href}: ${got.reason}`, got.permanent);
        skipped.push({ url: url.href, reason: got.reason });
        continue;
      }
      if (!inScope(got.url, start) && !isStart) {
        skipped.push({ url: url.href, reason: `redirected off the site to ${got.url.href}` });
        continue;
      }
      if (got.url.href !== url.href) {
        // A redirect inside the site can land where robots.txt keeps us out: read, but not indexed.
        if (!robots.isAllowed(got.url)) {
          if (isStart) {
            throw new CrawlStartError('robots_disallowed', `robots.txt disallows ${got.url.href}`, true);
          }
          skipped.push({ url: url.href, reason: 'robots.txt' });
          continue;
        }
        if (seen.has(got.url.href) && !isStart) continue; // a redirect to a page already read
        seen.add(got.url.href);
      }
      let page: CrawledPage;
      let links: string[] = [];
      try {
        const read = await (opts.reader ?? inProcessReader).readPage({
          bytes: got.bytes,
          contentType: got.contentType,
          url: got.url.href,
        });
        links = read.links;
        if (read.noindex) skipped.push({ url: got.url.href, reason: 'noindex' });
        page = { url: got.url.href, ...(read.title ? { title: read.title } : {}), blocks: read.blocks };
      } catch (e) {
        if (!(e instanceof ExtractionError) && !(e instanceof IsolateLimitError)) throw e;
        if (isStart) throw new CrawlStartError(e.code, `${url.href}: ${e.message}`, true);
        skipped.push({ url: got.url.href, reason: e.message });
        continue;
      }
      if (page.blocks.length) pages.push(page);
      if (depth < opts.maxDepth) {
        for (const href of links) {
          const link = normaliseUrl(href);
          if (!link || seen.has(link.href) || !inScope(link, start)) continue;
          seen.add(link.href);
          if (!robots.isAllowed(link)) {
            skipped.push({ url: link.href, reason: 'robots.txt' });
            continue;
          }
          next.push(link);
        }
      }
      await opts.onProgress?.({
        done: pages.length,
        total: Math.min(
          opts.maxPages,
          pages.length + next.length + frontier.length - frontier.indexOf(url) - 1,
        ),
      });
    }
    frontier = next;
  }
  return { pages, skipped };
}
