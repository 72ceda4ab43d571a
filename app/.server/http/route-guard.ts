import type { RouteGuard } from '../access/permissions.ts';
import { answeringOutages } from './outage-answer.ts';

/**
 * A loader or action that carries the guard it enforces. The wrappers that check access set it, so the
 * permission is written once and the guard tests read it from the imported route module. Every route goes
 * through here, so this is also where an unreachable database or Redis becomes a 503 (outage-answer.ts).
 */
export type Guarded<F> = F & { readonly guard: RouteGuard };

export function withGuard<F extends object>(guard: RouteGuard, handler: F): Guarded<F> {
  const answered =
    typeof handler === 'function'
      ? answeringOutages(handler as (args: { request?: Request }) => unknown)
      : handler;
  return Object.assign(answered, { guard }) as Guarded<F>;
}

/** The guard a route module's loader or action declares, if it was made by one of the wrappers. */
export function guardOf(handler: unknown): RouteGuard | undefined {
  if (typeof handler !== 'function') return undefined;
  const guard = (handler as { guard?: unknown }).guard;
  return typeof guard === 'string' ? (guard as RouteGuard) : undefined;
}

/** For routes anyone may call (sign-in, invite links, the API's own 404): a visible decision. */
export function publicRoute<F extends object>(handler: F): Guarded<F> {
  return withGuard('public', handler);
}
