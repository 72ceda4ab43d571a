/** Parsers for the structured header values the stack relies on: Via, From/To/Contact, CSeq, params. */

export interface Via {
  transport: string; // UDP, TCP, TLS, WS ...
  host: string;
  port?: number;
  params: Map<string, string>;
}

export interface NameAddr {
  displayName?: string;
  uri: string;
  params: Map<string, string>;
}

export interface CSeq {
  seq: number;
  method: string;
}

/** `;a=1;b;c="x"` into a map with lower-case names (quotes kept off values). */
export function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const raw of splitOutsideQuotes(text, ';')) {
    const part = raw.trim();
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) params.set(part.toLowerCase(), '');
    else params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
  }
  return params;
}

export function formatParams(params: ReadonlyMap<string, string>): string {
  let out = '';
  for (const [k, v] of params) out += v === '' ? `;${k}` : `;${k}=${v}`;
  return out;
}

export function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1).replace(/\\(.)/g, '$1')
    : value;
}

export function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inQuote && ch === '\\') i += 1;
    else if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseVia(value: string): Via | undefined {
  const match = /^SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z]+)\s+([^;\s]+)\s*(;.*)?$/i.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const sentBy = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(match[2]);
  if (!sentBy?.[1]) return undefined;
  const port = sentBy[2] === undefined ? undefined : Number(sentBy[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return {
    transport: match[1].toUpperCase(),
    host: sentBy[1],
    port,
    params: parseParams(match[3] ?? ''),
  };
}

export function formatVia(via: Via): string {
  const sentBy = via.port === undefined ? via.host : `${via.host}:${via.port}`;
  return `SIP/2.0/${via.transport} ${sentBy}${formatParams(via.params)}`;
}

/**
 * `"Name" <sip:u@h;uriparam>;tag=x` or the bare `sip:u@h;tag=x` form, where everything after the first
 * `;` belongs to the header, not the URI (RFC 3261 20.10).
 */
export function parseNameAddr(value: string): NameAddr | undefined {
  const text = value.trim();
  const open = indexOutsideQuotes(text, '<');
  if (open >= 0) {
    const close = text.indexOf('>', open);
    if (close < 0) return undefined;
    const display = text.slice(0, open).trim();
    const uri = text.slice(open + 1, close).trim();
    if (!uri) return undefined;
    return {
      displayName: display ? unquote(display) : undefined,
      uri,
      params: parseParams(text.slice(close + 1).replace(/^\s*;/, '')),
    };
  }
  if (text.startsWith('"')) return undefined;
  const semi = text.indexOf(';');
  const uri = (semi < 0 ? text : text.slice(0, semi)).trim();
  if (!uri || /\s/.test(uri) || !uri.includes(':')) return undefined;
  return { uri, params: parseParams(semi < 0 ? '' : text.slice(semi + 1)) };
}

export function formatNameAddr(addr: NameAddr): string {
  const display = addr.displayName ? `"${addr.displayName.replace(/(["\\])/g, '\\$1')}" ` : '';
  return `${display}<${addr.uri}>${formatParams(addr.params)}`;
}

function indexOutsideQuotes(text: string, ch: string): number {
  let inQuote = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inQuote && c === '\\') i += 1;
    else if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === ch) return i;
  }
  return -1;
}

export function parseCSeq(value: string): CSeq | undefined {
  const match = /^(\d{1,10})\s+([A-Za-z!%*_+`'~.-]+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const seq = Number(match[1]);
  // RFC 3261 8.1.1.5: the sequence number must fit in 32 bits.
  if (seq > 0xffffffff) return undefined;
  return { seq, method: match[2].toUpperCase() };
}

export function tagOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return parseNameAddr(value)?.params.get('tag') || undefined;
}
