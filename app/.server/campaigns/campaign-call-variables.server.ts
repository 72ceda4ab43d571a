/**
 * What a campaign's call starts with: the contact's extra columns, its name and number, and the campaign and
 * attempt ids (so the flow's Set outcome and Schedule callback nodes can name them), and its CRM contact's id.
 * Null for a plain test call.
 */
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
      contact: { select: { name: true, phone: true, variables: true, crmContactId: true } },
    },
  });
  if (!attempt) return null;
  const columns = (attempt.contact.variables ?? {}) as Record<string, string>;
  return {
    ...columns,
    contact_name: attempt.contact.name,
    contact_phone: attempt.contact.phone,
    campaign_id: attempt.campaignId,
    campaign_attempt_id: attempt.id,
    campaign_attempt: String(attempt.number),
    // The CRM contact linked on upload: Find contact and the post-call CRM entry use it (issue 23).
    ...(attempt.contact.crmContactId ? { crm_contact_id: attempt.contact.crmContactId } : {}),
  };
}
