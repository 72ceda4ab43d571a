import { isUuid } from '../access/project-access.server.ts';
import type { Db } from '../db.ts';
import { normalizePhone } from '../../lib/crm/phone.ts';
import { searchTextOf } from './contact-values.ts';
import { findContactByPhone } from './contacts.server.ts';

/**
 * Every phone call writes itself to the CRM once it is analysed: the other party's number finds (or
 * creates) the contact, and the call lands on its timeline with summary, outcomes and a link to the
 * recording. A contact the flow already found or created (the `contact` variable) wins over the number,
 * and so does the CRM contact a campaign's contact was linked to on upload. Idempotent: the activity is keyed by the call, so a re-run updates it.
 */
export async function recordCallInCrm(client: Db, callId: string): Promise<{ contactId: string } | null> {
  const call = await client.call.findUnique({
    where: { id: callId },
    include: { recording: { select: { id: true } } },
  });
  if (!call || (call.direction !== 'inbound' && call.direction !== 'outbound')) return null;
  const number = call.direction === 'inbound' ? call.fromNumber : call.toNumber;
  const e164 = normalizePhone(number);
  const variables = (call.variables ?? {}) as Record<string, unknown>;
  const fromFlow =
    typeof variables.contact === 'object' && variables.contact !== null
      ? (variables.contact as Record<string, unknown>).id
      : undefined;
  const inProject = (id: unknown) =>
    typeof id === 'string' && isUuid(id)
      ? client.crmContact.findFirst({ where: { id, projectId: call.projectId } })
      : null;
  // Then a campaign call's contact, linked when the list was uploaded (its variable, else its attempt).
  let contact =
    (await inProject(fromFlow)) ??
    (await inProject(variables.crm_contact_id)) ??
    (call.direction === 'outbound' ? await campaignContactOf(client, call.projectId, call.id) : null);
  if (!contact && e164) contact = await findContactByPhone(call.projectId, e164, client);
  if (!contact && !e164) return null;
  if (!contact) {
    const phones = [e164!];
    contact = await client.crmContact.create({
      data: {
        projectId: call.projectId,
        phones,
        source: 'call',
        searchText: searchTextOf({ name: '', company: '', emails: [], phones, tags: [] }),
      },
    });
  }
  const data = {
    direction: call.direction,
    number: e164 ?? number,
    durationMs: call.durationMs,
    disposition: call.disposition,
    endReason: call.endReason,
    summary: call.summary,
    outcomes: call.outcomes,
    agentId: call.agentId,
    hasRecording: Boolean(call.recording),
  };
  const occurredAt = call.startedAt;
  await client.crmActivity.upsert({
    where: { projectId_dedupeKey: { projectId: call.projectId, dedupeKey: `call:${call.id}` } },
    create: {
      projectId: call.projectId,
      contactId: contact.id,
      type: 'call',
      callId: call.id,
      body: call.summary ?? '',
      data: data as object,
      dedupeKey: `call:${call.id}`,
      occurredAt,
    },
    update: { contactId: contact.id, body: call.summary ?? '', data: data as object },
  });
  if (!contact.lastActivityAt || contact.lastActivityAt < occurredAt)
    await client.crmContact.update({ where: { id: contact.id }, data: { lastActivityAt: occurredAt } });
  return { contactId: contact.id };
}

async function campaignContactOf(client: Db, projectId: string, callId: string) {
  const attempt = await client.campaignAttempt.findFirst({
    where: { projectId, callId },
    select: { contact: { select: { crmContact: true } } },
  });
  return attempt?.contact.crmContact ?? null;
}

/** The contact a call is filed under (the Inbox's call card links to it). */
export async function contactOfCall(client: Db, projectId: string, callId: string) {
  const activity = await client.crmActivity.findFirst({
    where: { projectId, callId, type: 'call', contactId: { not: null } },
    select: { contact: { select: { id: true, name: true, phones: true } } },
  });
  return activity?.contact ?? null;
}
