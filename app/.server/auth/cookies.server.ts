import { ACCESS_TOKEN_TTL_SECONDS } from './jwt.server.ts';
import { REFRESH_TOKEN_TTL_DAYS } from './refresh-tokens.server.ts';

export const ACCESS_COOKIE = 'vp_at';
export const REFRESH_COOKIE = 'vp_rt';

function serialize(name: string, value: string, maxAge: number, path: string, secure: boolean): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${path}`,
    `Max-Age=${maxAge}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/** The refresh cookie is only sent to /auth/*, so ordinary requests never carry it. */
export function tokenCookies(access: string, refresh: string, secure: boolean): string[] {
  return [
    serialize(ACCESS_COOKIE, access, ACCESS_TOKEN_TTL_SECONDS, '/', secure),
    serialize(REFRESH_COOKIE, refresh, REFRESH_TOKEN_TTL_DAYS * 86_400, '/auth', secure),
  ];
}

export function clearedCookies(secure: boolean): string[] {
  return [serialize(ACCESS_COOKIE, '', 0, '/', secure), serialize(REFRESH_COOKIE, '', 0, '/auth', secure)];
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
