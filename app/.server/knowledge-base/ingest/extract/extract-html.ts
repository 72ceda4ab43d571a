import { isTag, isText, type ChildNode as DomNode, type Element as DomElement } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { DocumentBlock } from '../blocks';
import { cleanInline } from './decode-text';

export interface HtmlPage {
  blocks: DocumentBlock[];
  title?: string;
  /** Absolute http(s) links in document order, fragments removed; only when a base URL was given. */
  links: string[];
  canonical?: string;
  /** From <meta name="robots">: a crawler must not index or follow as told. */
  noindex: boolean;
  nofollow: boolean;
}

// Chrome, not content: dropping it keeps menus and cookie banners out of every chunk of a crawled site.
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
  'textarea',
  'head',
]);
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'details',
  'table',
  'ul',
]);

export function extractHtml(html: string, baseUrl?: string): HtmlPage {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const all = DomUtils.findAll(() => true, doc.children);
  const byTag = (name: string) => all.filter((el) => el.name === name);

  const base = resolveBase(byTag('base')[0]?.attribs.href, baseUrl);
  const robots = byTag('meta')
    .filter((m) => /^(robots|googlebot|yandex)$/i.test(m.attribs.name ?? ''))
    .map((m) => (m.attribs.content ?? '').toLowerCase())
    .join(',');
  const titleEl = byTag('title')[0];
  const canonicalHref = byTag('link').find((l) => /(^|\s)canonical(\s|$)/i.test(l.attribs.rel ?? ''))?.attribs
    .href;

  // Prefer the page's main content when it marks it; fall back to the whole body.
  const main = byTag('main')[0] ?? (byTag('article').length === 1 ? byTag('article')[0] : undefined);
  const root: DomNode[] = main ? [main] : (byTag('body')[0]?.children ?? doc.children);
  const blocks = new BlockCollector().run(root);

  const title =
    (titleEl ? cleanInline(DomUtils.textContent(titleEl)) : '') ||
    blocks.find((b): b is Extract<DocumentBlock, { kind: 'heading' }> => b.kind === 'heading')?.text;

  const links: string[] = [];
  if (base) {
    for (const a of byTag('a')) {
      if (/(^|\s)nofollow(\s|$)/i.test(a.attribs.rel ?? '')) continue;
      const abs = absolute(a.attribs.href, base);
      if (abs) links.push(abs);
    }
  }
  const canonical = base ? absolute(canonicalHref, base) : undefined;
  return {
    blocks,
    ...(title ? { title } : {}),
    links,
    ...(canonical ? { canonical } : {}),
    noindex: /\b(noindex|none)\b/.test(robots),
    nofollow: /\b(nofollow|none)\b/.test(robots),
  };
}

function resolveBase(href: string | undefined, baseUrl: string | undefined): URL | undefined {
  if (!baseUrl) return undefined;
  try {
    return new URL(href ?? baseUrl, baseUrl);
  } catch {
    return undefined;
  }
}

function absolute(href: string | undefined, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** Walks the DOM in reading order; inline text accumulates until a block element closes it into a paragraph. */
class BlockCollector {
  private blocks: DocumentBlock[] = [];
  private inline: string[] = [];
  private listStack: boolean[] = [];

  run(nodes: DomNode[]): DocumentBlock[] {
    this.visitAll(nodes);
    this.flush();
    return this.blocks;
  }

  private visitAll(nodes: DomNode[]): void {
    for (const node of nodes) this.visit(node);
  }

  private visit(node: DomNode): void {
    if (isText(node)) {
      this.inline.push(node.data);
      return;
    }
    if (!isTag(node)) return;
    const el = node;
    const name = el.name;
    if (SKIP.has(name) || el.attribs.hidden !== undefined || el.attribs['aria-hidden'] === 'true') return;
    if (/^(navigation|banner|contentinfo)$/.test(el.attribs.role ?? '')) return;
    if (name === 'br') {
      this.inline.push('\n');
      return;
    }
    const heading = /^h([1-6])$/.exec(name);
    if (heading) {
      this.flush();
      const text = cleanInline(DomUtils.textContent(el).replace(/\s+/g, ' '));
      if (text) this.blocks.push({ kind: 'heading', level: Number(heading[1]), text });
      return;
    }
    switch (name) {
      case 'table':
        this.flush();
        this.table(el);
        return;
      case 'ul':
      case 'ol':
        this.flush();
        this.listStack.push(name === 'ol');
        this.visitAll(el.children);
        this.listStack.pop();
        return;
      case 'li':
        this.listItem(el);
        return;
      case 'details':
        if (this.qa(el, 'summary')) return;
        break;
      case 'dl':
        this.flush();
        this.definitionList(el);
        return;
    }
    if (BLOCK.has(name)) this.flush();
    this.visitAll(el.children);
    if (BLOCK.has(name)) this.flush();
  }

  private flush(): void {
    const text = this.inline
      .join('')
      .split('\n')
      .map((line) => cleanInline(line.replace(/\s+/g, ' ')))
      .filter(Boolean)
      .join('\n');
    this.inline = [];
    if (text) this.blocks.push({ kind: 'paragraph', text });
  }

  private listItem(el: DomElement): void {
    this.flush();
    const nested = el.children.filter((c) => isTag(c) && /^(ul|ol)$/.test(c.name));
    const own = el.children.filter((c) => !nested.includes(c));
    const text = cleanInline(
      own
        .map((c) => DomUtils.textContent(c))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
    if (text)
      this.blocks.push({
        kind: 'list_item',
        text,
        depth: Math.max(0, this.listStack.length - 1),
        ordered: this.listStack.at(-1) ?? false,
      });
    this.visitAll(nested);
  }

  private table(el: DomElement): void {
    const rows = DomUtils.getElementsByTagName('tr', [el], true).map((tr) =>
      tr.children
        .filter((c): c is DomElement => isTag(c) && /^(td|th)$/.test(c.name))
        .map((cell) => ({
          header: cell.name === 'th',
          text: cleanInline(DomUtils.textContent(cell).replace(/\s+/g, ' ')),
        })),
    );
    const nonEmpty = rows.filter((r) => r.some((c) => c.text !== ''));
    if (nonEmpty.length === 0) return;
    const first = nonEmpty[0] ?? [];
    const marked = first.every((c) => c.header) || DomUtils.getElementsByTagName('thead', [el]).length > 0;
    // Word and many CMSs do not mark the header row; a first row of short labels with no numbers is one.
    const looksLikeHeader =
      nonEmpty.length >= 2 &&
      first.length >= 2 &&
      first.every((c) => c.text !== '' && c.text.length <= 40 && !/\d/.test(c.text));
    const hasHeader = marked || looksLikeHeader;
    const caption = DomUtils.getElementsByTagName('caption', [el])[0];
    this.blocks.push({
      kind: 'table',
      header: hasHeader ? first.map((c) => c.text) : [],
      rows: (hasHeader ? nonEmpty.slice(1) : nonEmpty).map((r) => r.map((c) => c.text)),
      ...(caption ? { caption: cleanInline(DomUtils.textContent(caption)) } : {}),
    });
  }

  /** <details><summary>Question</summary>Answer</details>: the FAQ accordion most sites use. */
  private qa(el: DomElement, summaryTag: string): boolean {
    const summary = el.children.find((c) => isTag(c) && c.name === summaryTag);
    if (!summary) return false;
    this.flush();
    const question = cleanInline(DomUtils.textContent(summary).replace(/\s+/g, ' '));
    const answer = cleanInline(
      el.children
        .filter((c) => c !== summary)
        .map((c) => DomUtils.textContent(c))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
    if (question && answer) this.blocks.push({ kind: 'qa', question, answer });
    return true;
  }

  private definitionList(el: DomElement): void {
    let term: string | undefined;
    for (const child of el.children) {
      if (!isTag(child)) continue;
      const c = child;
      const text = cleanInline(DomUtils.textContent(c).replace(/\s+/g, ' '));
      if (c.name === 'dt') term = text;
      else if (c.name === 'dd' && term && text) {
        this.blocks.push({ kind: 'qa', question: term, answer: text });
        term = undefined;
      }
    }
  }
}
