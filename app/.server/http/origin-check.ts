import type { RequestHandler, Response } from 'express';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../auth/cookies.server.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginFacts {
  method: string;
  origin?: string;
  referer?: string;
  cookie?: string;
  authorization?: string;
  /** The origin this request was addressed to, as the server sees it (scheme://host[:port]). */
  selfOrigin: string;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * CSRF defence for cookie sessions (SameSite=Lax is the first layer): a state-changing request must come
 * from one of our own origins. A browser always sends Origin on such requests; with no Origin nor Referer
 * the request is only let through when it carries no session cookie (API clients with Bearer tokens).
 */
export function originAllowed(facts: OriginFacts, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return true;
  const allowed = new Set([...allowedOrigins, facts.selfOrigin]);
  const claimed = facts.origin && facts.origin !== 'null' ? originOf(facts.origin) : originOf(facts.referer);
  if (claimed) return allowed.has(claimed);
  if (facts.origin === 'null') return false;
  const bearer = facts.authorization?.toLowerCase().startsWith('bearer ') ?? false;
  const hasSession =
    facts.cookie !== undefined &&
    facts.cookie.split(';').some((c) => {
      const name = c.split('=')[0]?.trim();
      return name === ACCESS_COOKIE || name === REFRESH_COOKIE;
    });
  return bearer || !hasSession;
}

/** The host a request was addressed to as Remix sees it: X-Forwarded-Host (kept only from trusted proxies), else Host. */
export function requestHost(forwardedHost: string | undefined, host: string | undefined): string | undefined {
  return forwardedHost?.split(',')[0]?.trim() || host || undefined;
}

/**
 * Remix's own CSRF check (server-runtime's throwIfPotentialCSRFAttack) throws, and the app answers 500,
 * when a state-changing request's Origin names another host than the request's. We refuse those first, with
 * a 403: the same rule, plus an Origin of "null" or one that is not a URL.
 */
export function originMatchesHost(facts: { method: string; origin?: string; host?: string }): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase()) || facts.origin === undefined) return true;
  const claimed = originOf(facts.origin);
  if (!claimed || claimed === 'invalid' || claimed === 'null') return false;
  return facts.host !== undefined && new URL(claimed).host === facts.host;
}

function refuse(res: Response, path: string, message: string) {
  if (path.startsWith('/api/')) {
    res.status(403).json({ error: { code: 'origin_mismatch', message } });
  } else {
    res.status(403).type('text/plain').send(message);
  }
}

export function originCheck(publicUrl: string): RequestHandler {
  const allowed = [new URL(publicUrl).origin];
  return (req, res, next) => {
    // Forwarding headers from untrusted peers are already gone (web-app.ts), so this is the real host.
    const host = requestHost(req.get('x-forwarded-host'), req.get('host'));
    const ok = originAllowed(
      {
        method: req.method,
        origin: req.get('origin'),
        referer: req.get('referer'),
        cookie: req.get('cookie'),
        authorization: req.get('authorization'),
        selfOrigin: `${req.protocol}://${host ?? ''}`,
      },
      allowed,
    );
    if (!ok) {
      return refuse(
        res,
        req.path,
        'This request came from another site (its Origin is not this app), so it was refused.',
      );
    }
    if (!originMatchesHost({ method: req.method, origin: req.get('origin'), host })) {
      return refuse(
        res,
        req.path,
        `This request's Origin does not match the Host it was sent to (${host ?? 'none'}), so it was refused. ` +
          'Behind a reverse proxy, forward the Host header, or name the proxy in TRUST_PROXY.',
      );
    }
    next();
  };
}
