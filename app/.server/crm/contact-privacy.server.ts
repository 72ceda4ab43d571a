import { refreshSearchText } from '../calls/call-writer.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { contactRow } from './contacts.server.ts';
import { toActivityView, toContactView, toDealView } from './crm-views.ts';

/*
 * Personal data under 152-FZ: a person may ask what is stored about them (export) and for it to be erased.
 * Erasure deletes the contact with its timeline, unlinks its deals, and strips it from call records: the
 * caller's number on those calls and the `contact` variables the Find contact node wrote into them.
 */

/** Calls that belong to this person: linked from the timeline, or made from or to one of their numbers. */
async function callsOf(projectId: string, contactId: string, phones: string[]) {
  const linked = await db().crmActivity.findMany({
    where: { projectId, contactId, callId: { not: null } },
    select: { callId: true },
  });
  return db().call.findMany({
    where: {
      projectId,
      OR: [
        { id: { in: linked.map((a) => a.callId!) } },
        ...(phones.length ? [{ fromNumber: { in: phones } }, { toNumber: { in: phones } }] : []),
      ],
    },
    select: { id: true, startedAt: true, direction: true, fromNumber: true, toNumber: true },
    orderBy: { startedAt: 'desc' },
  });
}

export async function exportContact(ctx: ServiceContext, contactId: string) {
  const { projectId } = ctx.access;
  const contact = await contactRow(projectId, contactId);
  const [deals, activities, calls] = await Promise.all([
    db().crmDeal.findMany({
      where: { projectId, contactId: contact.id },
      include: { contact: { select: { name: true } } },
    }),
    db().crmActivity.findMany({
      where: { projectId, contactId: contact.id },
      orderBy: { occurredAt: 'desc' },
    }),
    callsOf(projectId, contact.id, contact.phones),
  ]);
  await auditAs(ctx, {
    action: 'crm.contact.export',
    targetType: 'crm_contact',
    targetId: contact.id,
    diff: {},
  });
  return {
    contact: toContactView(contact),
    deals: deals.map(toDealView),
    activities: activities.map(toActivityView),
    calls: calls.map((c) => ({ ...c, startedAt: c.startedAt.toISOString() })),
  };
}

export async function eraseContact(ctx: ServiceContext, contactId: string): Promise<{ calls: number }> {
  const { projectId } = ctx.access;
  const contact = await contactRow(projectId, contactId);
  const calls = await callsOf(projectId, contact.id, contact.phones);
  const callIds = calls.map((c) => c.id);
  const phones = contact.phones;
  await db().$transaction(async (tx) => {
    if (callIds.length) {
      // The number on the call record, and what the flow learnt about the person in its variables.
      await tx.$executeRaw`
        UPDATE calls SET
          "fromNumber" = CASE WHEN "fromNumber" = ANY(${phones}::text[]) THEN '' ELSE "fromNumber" END,
          "toNumber" = CASE WHEN "toNumber" = ANY(${phones}::text[]) THEN '' ELSE "toNumber" END,
          variables = variables - 'contact' - 'contact_id' - 'contact_name',
          "updatedAt" = now()
        WHERE "projectId" = ${projectId}::uuid AND id = ANY(${callIds}::uuid[])`;
      // Trace events of CRM nodes carry the contact they found.
      await tx.$executeRaw`
        DELETE FROM call_events WHERE "projectId" = ${projectId}::uuid AND "callId" = ANY(${callIds}::uuid[])
          AND type = 'crm'`;
      for (const id of callIds) await refreshSearchText(tx, id);
    }
    await tx.crmActivity.deleteMany({ where: { projectId, contactId: contact.id } });
    await tx.crmActivity.deleteMany({ where: { projectId, callId: { in: callIds } } });
    await tx.crmDeal.updateMany({ where: { projectId, contactId: contact.id }, data: { contactId: null } });
    // Campaign lists hold the person too: their rows keep their place in the campaign's counts but no longer
    // say who it was, and a row still waiting is never dialled.
    await tx.$executeRaw`
      UPDATE campaign_contacts SET
        phone = 'erased:' || id::text, name = '', timezone = NULL, variables = '{}'::jsonb,
        outcomes = '{}'::jsonb, "crmContactId" = NULL, "updatedAt" = now(),
        status = CASE WHEN status = 'pending' THEN 'cancelled' ELSE status END
      WHERE "projectId" = ${projectId}::uuid
        AND ("crmContactId" = ${contact.id}::uuid OR phone = ANY(${phones}::text[]))`;
    await tx.$executeRaw`
      UPDATE campaign_attempts SET phone = ''
      WHERE "projectId" = ${projectId}::uuid AND phone = ANY(${phones}::text[])`;
    await tx.crmContact.delete({ where: { id: contact.id } });
  });
  // The audit entry names the id and the counts only: the point is that the data is gone.
  await auditAs(ctx, {
    action: 'crm.contact.erase',
    targetType: 'crm_contact',
    targetId: contact.id,
    diff: { before: { calls: callIds.length } },
  });
  return { calls: callIds.length };
}
