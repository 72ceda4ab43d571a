const REDACTED = '[redacted]';

/** Paths whose segment after the prefix is a bearer secret (the invite link's token). */
const SECRET_PATH = /^(\/invite\/)[^/?#.]+/;

/** Query parameters that carry credentials, whatever their case or prefix (token, refreshToken, ticket…). */
const SECRET_PARAM = /token|ticket|secret|password|signature|api[-_]?key|^key$|^code$/i;

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * A URL (path and query) fit for logs: invite tokens in paths and credential-like query parameters become
 * `[redacted]`, also inside a parameter that holds a path (`/login?redirectTo=/invite/<token>`).
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(SECRET_PATH, `$1${REDACTED}`);
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const value = decode(pair.slice(eq + 1));
      if (SECRET_PARAM.test(decode(name))) return `${name}=${REDACTED}`;
      if (value.startsWith('/')) {
        const cleaned = redactUrl(value);
        if (cleaned !== value) return `${name}=${encodeURIComponent(cleaned).replace(/%5B|%5D/g, decode)}`;
      }
      return pair;
    })
    .join('&');
  return `${path}?${query}`;
}
