import type { ProjectAccess } from '../access/project-access.server.ts';
import { consumeRates, rateLimitedResponse, type RateRule } from './rate-limit.ts';

const perMinute = (limit: number): RateRule => ({ limit, windowSeconds: 60 });

/**
 * Limits for the expensive endpoints, per caller (a person or an API key) and per project (so many keys or
 * members cannot multiply them). Generous for people at a screen; they stop floods and runaway scripts.
 * The OpenAPI file documents the 429 on each (the `rateLimit` of its row in api/operations/).
 */
export const PROJECT_RATE_LIMITS = {
  'knowledge-search': { perActor: perMinute(60), perProject: perMinute(300) },
  /** Each source is fetched (a crawl: up to hundreds of pages), extracted, chunked and embedded. */
  'knowledge-source': { perActor: perMinute(20), perProject: perMinute(60) },
  'calls-export': { perActor: perMinute(5), perProject: perMinute(20) },
  'audit-export': { perActor: perMinute(5), perProject: perMinute(20) },
  'test-session': { perActor: perMinute(30), perProject: perMinute(120) },
  'test-turn': { perActor: perMinute(120), perProject: perMinute(600) },
  'connection-check': { perActor: perMinute(10), perProject: perMinute(30) },
  'test-call': { perActor: perMinute(10), perProject: perMinute(20) },
  /** A provider test or a voice preview each make a real (billed) request to the provider. */
  'provider-request': { perActor: perMinute(30), perProject: perMinute(120) },
} as const satisfies Record<string, { perActor: RateRule; perProject: RateRule }>;

export type ProjectRateLimit = keyof typeof PROJECT_RATE_LIMITS;

/** Limits for what a person does outside a project, per user or per client address. */
export const ACCOUNT_RATE_LIMITS = {
  /** New projects per user: each one makes its creator an owner, with every right that brings. */
  'project-create': { limit: 20, windowSeconds: 3600 },
  /** Sign-in attempts per address, whatever their outcome (each costs an argon2 verification). */
  'sign-in': perMinute(40),
  /** Invitation accepts per address (a registration costs an argon2 hash). */
  'invitation-accept': { limit: 20, windowSeconds: 600 },
} as const satisfies Record<string, RateRule>;

export type AccountRateLimit = keyof typeof ACCOUNT_RATE_LIMITS;

/** For project API routes: throws the 429 answer when the caller or the project is over the limit. */
export async function enforceProjectRateLimit(access: ProjectAccess, name: ProjectRateLimit): Promise<void> {
  const rules = PROJECT_RATE_LIMITS[name];
  const verdict = await consumeRates([
    { name, subject: `${access.actor.type}:${access.actor.id}`, rule: rules.perActor },
    { name, subject: `project:${access.projectId}`, rule: rules.perProject },
  ]);
  if (!verdict.ok) throw rateLimitedResponse(verdict.retryAfterSeconds);
}

/** Counts one request of a person or an address; the verdict, for routes that answer forms as well as JSON. */
export function consumeAccountRate(name: AccountRateLimit, subject: string) {
  return consumeRates([{ name, subject, rule: ACCOUNT_RATE_LIMITS[name] }]);
}
