/**
 * SIP header storage. Names are kept in their long lower-case form (compact forms such as `v` or `i` are
 * expanded on the way in), values one per entry: a comma-separated Via or Contact line is split on parse,
 * so `getAll('via')` sees every hop whether the peer folded them into one line or not.
 */

const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
};

/** Headers whose grammar is a comma-separated list (RFC 3261 7.3.1); others (auth, dates) keep commas. */
const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'allow-events',
  'content-encoding',
]);

const SPECIAL_CASE: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rack: 'RAck',
  rseq: 'RSeq',
};

export function normalizeHeaderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT_FORMS[lower] ?? lower;
}

export function canonicalHeaderName(name: string): string {
  return (
    SPECIAL_CASE[name] ??
    name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  );
}

export function isListHeader(name: string): boolean {
  return LIST_HEADERS.has(name);
}

/** Splits on commas that are outside quotes and angle brackets. */
export function splitHeaderList(value: string): string[] {
  const parts: string[] = [];
  let depthAngle = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (inQuote) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inQuote = false;
    } else if (ch === '"') inQuote = true;
    else if (ch === '<') depthAngle += 1;
    else if (ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (ch === ',' && depthAngle === 0) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts.filter((p) => p.length > 0);
}

interface HeaderEntry {
  name: string;
  value: string;
}

export class SipHeaders {
  private entries: HeaderEntry[] = [];

  static from(pairs: ReadonlyArray<readonly [string, string]>): SipHeaders {
    const headers = new SipHeaders();
    for (const [name, value] of pairs) headers.add(name, value);
    return headers;
  }

  get(name: string): string | undefined {
    const key = normalizeHeaderName(name);
    return this.entries.find((e) => e.name === key)?.value;
  }

  getAll(name: string): string[] {
    const key = normalizeHeaderName(name);
    return this.entries.filter((e) => e.name === key).map((e) => e.value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Appends a value; list headers given as one comma-separated string become separate entries. */
  add(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const values = isListHeader(key) ? splitHeaderList(value) : [value.trim()];
    for (const v of values) this.entries.push({ name: key, value: v });
    return this;
  }

  /** Inserts a value before the first entry of that name (a new top Via). */
  prepend(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const index = this.entries.findIndex((e) => e.name === key);
    const entry = { name: key, value: value.trim() };
    if (index < 0) this.entries.push(entry);
    else this.entries.splice(index, 0, entry);
    return this;
  }

  set(name: string, value: string): this {
    this.delete(name);
    return this.add(name, value);
  }

  /** Replaces the first value of a header in place (keeps its position). */
  replaceFirst(name: string, value: string): this {
    const key = normalizeHeaderName(name);
    const entry = this.entries.find((e) => e.name === key);
    if (entry) entry.value = value;
    else this.entries.push({ name: key, value });
    return this;
  }

  delete(name: string): this {
    const key = normalizeHeaderName(name);
    this.entries = this.entries.filter((e) => e.name !== key);
    return this;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    copy.entries = this.entries.map((e) => ({ ...e }));
    return copy;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const e of this.entries) yield [e.name, e.value];
  }
}
