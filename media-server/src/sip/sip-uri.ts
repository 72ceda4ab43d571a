/** SIP/SIPS/TEL URIs, parsed just enough to route by user part and to reach host:port. */
export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  user?: string;
  host: string;
  port?: number;
  params: Map<string, string>;
}

export function parseSipUri(text: string): SipUri | undefined {
  const raw = text.trim();
  const colon = raw.indexOf(':');
  if (colon < 0) return undefined;
  const scheme = raw.slice(0, colon).toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips' && scheme !== 'tel') return undefined;
  let rest = raw.slice(colon + 1);
  const headersAt = rest.indexOf('?');
  if (headersAt >= 0) rest = rest.slice(0, headersAt);
  if (scheme === 'tel') {
    const [number = '', ...params] = rest.split(';');
    if (!number) return undefined;
    return { scheme, user: number, host: '', params: parseUriParams(params) };
  }
  const at = rest.lastIndexOf('@');
  let user: string | undefined;
  if (at >= 0) {
    user = safeDecode(rest.slice(0, at).split(':')[0] ?? '');
    rest = rest.slice(at + 1);
  }
  const [hostPort = '', ...params] = rest.split(';');
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { scheme, user: user || undefined, host: match[1], port, params: parseUriParams(params) };
}

function parseUriParams(parts: string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of parts) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) params.set(part.toLowerCase(), '');
    else params.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Host without IPv6 brackets, as net/dgram want it. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** host:port for an address, bracketing IPv6. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}
