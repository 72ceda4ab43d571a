/**
 * The check every dial passes at the moment of dialling (never only when planned): do-not-call, consent,
 * quiet hours in the callee's zones, and the per-number caps across all of the project's campaigns. Each
 * refusal is recorded with its reason; a refusal that passes with time says when to try again.
 */
import type { Db } from '../db.ts';
import type { ComplianceRules } from './compliance-rules.ts';
import { quietHoursRule } from './compliance-rules.ts';
import { allowedEverywhere, nextAllowed } from './local-time.ts';

export type RefusalReason = 'dnc' | 'no_consent' | 'quiet_hours' | 'cap_day' | 'cap_week' | 'cap_month';

export type DialVerdict =
  | { ok: true }
  | { ok: false; reason: RefusalReason; detail: string; /** null = never (final) */ retryAt: Date | null };

export interface DialCheckInput {
  projectId: string;
  campaignId?: string;
  contactId?: string;
  phone: string;
  zones: readonly string[];
  now: Date;
  rules: ComplianceRules;
  requireConsent?: boolean;
}

const DAY = 86_400_000;
// Rolling windows: stricter than calendar ones, and the same in every zone.
const CAPS = [
  ['capDay', 'cap_day', DAY],
  ['capWeek', 'cap_week', 7 * DAY],
  ['capMonth', 'cap_month', 30 * DAY],
] as const;

export async function checkDial(client: Db, input: DialCheckInput): Promise<DialVerdict> {
  const verdict = await judge(client, input);
  if (!verdict.ok)
    await client.complianceRefusal.create({
      data: {
        projectId: input.projectId,
        campaignId: input.campaignId ?? null,
        contactId: input.contactId ?? null,
        phone: input.phone,
        reason: verdict.reason,
        detail: verdict.detail,
        at: input.now,
      },
    });
  return verdict;
}

async function judge(client: Db, input: DialCheckInput): Promise<DialVerdict> {
  const { projectId, phone, rules, now } = input;
  const dnc = await client.dncEntry.findUnique({ where: { projectId_phone: { projectId, phone } } });
  if (dnc) return { ok: false, reason: 'dnc', detail: dnc.reason || dnc.source, retryAt: null };
  if (rules.requireConsent || input.requireConsent) {
    const consent = await client.consentRecord.findFirst({
      where: { projectId, phone, revokedAt: null },
      select: { id: true },
    });
    if (!consent) return { ok: false, reason: 'no_consent', detail: 'No consent record', retryAt: null };
  }
  const quiet = quietHoursRule(rules.quietHours);
  if (quiet && !allowedEverywhere(now, input.zones, [quiet]))
    return {
      ok: false,
      reason: 'quiet_hours',
      detail: input.zones.join(','),
      retryAt: nextAllowed(now, input.zones, [quiet]),
    };
  const longest = CAPS.filter(([key]) => rules[key] !== null).at(-1);
  if (longest) {
    const since = new Date(now.getTime() - longest[2]);
    const dials = await client.campaignAttempt.findMany({
      where: { projectId, phone, dialedAt: { gte: since } },
      select: { dialedAt: true },
      orderBy: { dialedAt: 'desc' },
    });
    for (const [key, reason, span] of CAPS) {
      const cap = rules[key];
      if (cap === null) continue;
      const inWindow = dials.filter((d) => d.dialedAt && now.getTime() - d.dialedAt.getTime() < span);
      if (inWindow.length >= cap) {
        const oldest = inWindow[cap - 1]?.dialedAt ?? now;
        return {
          ok: false,
          reason,
          detail: `${inWindow.length}/${cap}`,
          retryAt: new Date(oldest.getTime() + span + 60_000),
        };
      }
    }
  }
  return { ok: true };
}
