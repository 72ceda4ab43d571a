/**
 * What a campaign's call starts with: the contact's extra columns, its name, number and time zone, the
 * campaign and attempt ids (so the flow's Set outcome and Schedule callback nodes can name them), and its CRM
 * contact's id. Null for a plain test call.
 */
import { CAMPAIGN_CALL_VARIABLES } from '#flow-runtime/editor';
import { zonesForNumber } from '../compliance/phone-zones.ts';
import { scheduleInput } from './campaign-input.ts';
import type { Db } from '../db.ts';

export async function campaignCallVariables(
  client: Db,
  testCallId: string,
): Promise<Record<string, string> | null> {
  const attempt = await client.campaignAttempt.findFirst({
    where: { testCallId },
    select: {
      id: true,
      number: true,
      campaignId: true,
      campaign: { select: { schedule: true } },
      contact: { select: { name: true, phone: true, timezone: true, variables: true, crmContactId: true } },
    },
  });
  if (!attempt) return null;
  const columns = (attempt.contact.variables ?? {}) as Record<string, string>;
  const fallback = scheduleInput.safeParse(attempt.campaign.schedule ?? {});
  const defaultZone = fallback.success ? fallback.data.defaultTimezone : 'Europe/Moscow';
  // A mobile number has several candidate zones: the campaign's default zone is the best single guess.
  const zones = attempt.contact.timezone
    ? [attempt.contact.timezone]
    : zonesForNumber(attempt.contact.phone, defaultZone);
  return {
    ...columns,
    contact_name: attempt.contact.name,
    contact_phone: attempt.contact.phone,
    contact_timezone: zones.length === 1 ? zones[0]! : defaultZone,
    campaign_id: attempt.campaignId,
    campaign_attempt_id: attempt.id,
    campaign_attempt: String(attempt.number),
    // The CRM contact linked on upload: Find contact and the post-call CRM entry use it (issue 23).
    ...(attempt.contact.crmContactId ? { crm_contact_id: attempt.contact.crmContactId } : {}),
  };
}

/** A campaign call's choice for an answering machine; null (no detection) for a plain test call, or a campaign
 * that chose to have its agent speak at once. */
export async function campaignMachineAction(
  client: Db,
  testCallId: string,
): Promise<'hangup' | 'leave_message' | null> {
  const attempt = await client.campaignAttempt.findFirst({
    where: { testCallId },
    select: { campaign: { select: { machineAction: true } } },
  });
  if (!attempt || attempt.campaign.machineAction === 'none') return null;
  return attempt.campaign.machineAction === 'leave_message' ? 'leave_message' : 'hangup';
}

/** What the studio's variables panel offers for an agent some campaign calls with: columns and fixed names. */
export async function campaignVariableNames(
  client: Db,
  projectId: string,
  agentId: string,
): Promise<string[]> {
  const campaigns = await client.campaign.findMany({
    where: { projectId, agentId },
    select: { variableNames: true },
    take: 50,
    orderBy: { createdAt: 'desc' },
  });
  if (campaigns.length === 0) return [];
  return [...new Set([...campaigns.flatMap((c) => c.variableNames), ...CAMPAIGN_CALL_VARIABLES])];
}
