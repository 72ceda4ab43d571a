const BASE = 'http://same-origin.invalid';

/** A path on this origin: one leading slash, no `//host` or `/\host`, no control characters or backslashes. */
function isLocalPath(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^\/(?![/\\])/.test(path) && !/[\u0000-\u001f\u007f\\]/.test(path);
}

/**
 * The one check for every caller-chosen place to go back to (sign-in, token refresh, language switch): a
 * same-origin path with its query and hash, or `fallback`. Absolute URLs, scheme tricks, `//host`, `/\host`
 * and control characters are refused as given, again after normalising (dot segments such as `/.//host` or
 * `/%2e%2e//host` collapse into `//host`), and again after one more percent-decoding (what a proxy might do).
 */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  if (!isLocalPath(value)) return fallback;
  let target: URL;
  try {
    target = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (target.origin !== BASE) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  if (!isLocalPath(path)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.pathname);
  } catch {
    return fallback;
  }
  return isLocalPath(decoded) && !decoded.split('/').some((s) => s === '.' || s === '..') ? path : fallback;
}
