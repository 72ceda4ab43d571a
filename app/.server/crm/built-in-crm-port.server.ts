import type { CrmContactRecord, CrmPort } from '#flow-runtime/ports';
import type { CrmContact } from '../../../prisma/generated/prisma/client.ts';
import { normalizePhone } from '../../lib/crm/phone.ts';
import { isUuid } from '../access/project-access.server.ts';
import { db } from '../db.ts';
import { addActivity } from './activities.server.ts';
import { createContact, findContactByPhone, updateContact } from './contacts.server.ts';
import { createDeal, updateDeal } from './deals.server.ts';

const record = (
  c: Pick<CrmContact, 'id' | 'name' | 'company' | 'phones' | 'emails' | 'tags' | 'fields'>,
): CrmContactRecord => ({
  id: c.id,
  name: c.name,
  company: c.company,
  phones: c.phones,
  emails: c.emails,
  tags: c.tags,
  fields: (c.fields ?? {}) as CrmContactRecord['fields'],
});

/** A stage of the project by id, or by name (case-insensitive) within the deal's or the first pipeline. */
async function stageOf(projectId: string, stage: string, pipelineId?: string) {
  const byId = isUuid(stage) ? await db().crmStage.findFirst({ where: { id: stage, projectId } }) : null;
  if (byId) return byId;
  const byName = await db().crmStage.findFirst({
    where: { projectId, name: { equals: stage, mode: 'insensitive' }, ...(pipelineId ? { pipelineId } : {}) },
    orderBy: [{ pipeline: { position: 'asc' } }, { position: 'asc' }],
  });
  if (!byName) throw new Error(`no stage "${stage}"`);
  return byName;
}

/**
 * The built-in CRM behind the flow's CRM port, bound to one project: ids from another project are not
 * found. Writes are attributed to no person (the audit log records people and keys; these are the flow's).
 */
export function builtInCrmPort(projectId: string): CrmPort {
  const contactOf = async (id: string) => {
    if (!isUuid(id)) throw new Error(`no contact "${id}"`);
    const c = await db().crmContact.findFirst({ where: { id, projectId } });
    if (!c) throw new Error(`no contact "${id}"`);
    return c;
  };
  return {
    async findContact({ phone, contactId }) {
      const linked =
        contactId && isUuid(contactId)
          ? await db().crmContact.findFirst({ where: { id: contactId, projectId } })
          : null;
      const c = linked ?? (phone ? await findContactByPhone(projectId, phone) : null);
      return c ? record(c) : null;
    },
    async upsertContact({ contactId, phone, name, email, company, tags }) {
      const e164 = phone ? normalizePhone(phone) : null;
      if (phone && !e164) throw new Error(`"${phone}" is not a phone number`);
      const existing = contactId
        ? await contactOf(contactId)
        : e164
          ? await findContactByPhone(projectId, e164)
          : email
            ? await db().crmContact.findFirst({ where: { projectId, emails: { has: email.toLowerCase() } } })
            : null;
      if (!existing) {
        const created = await createContact(
          null,
          projectId,
          {
            name: name ?? '',
            company: company ?? '',
            phones: e164 ? [e164] : [],
            emails: email ? [email] : [],
            tags: tags ?? [],
            fields: {},
            ownerId: null,
          },
          'flow',
        );
        return record({ ...created, fields: created.fields });
      }
      const updated = await updateContact(null, projectId, existing.id, {
        ...(name ? { name } : {}),
        ...(company ? { company } : {}),
        ...(e164 && !existing.phones.includes(e164) ? { phones: [...existing.phones, e164] } : {}),
        ...(email && !existing.emails.includes(email.toLowerCase())
          ? { emails: [...existing.emails, email] }
          : {}),
        ...(tags?.length ? { tags: [...existing.tags, ...tags] } : {}),
        // Nothing to change still answers with the contact.
        ...(!name && !company && !e164 && !email && !tags?.length ? { name: existing.name } : {}),
      });
      return record(updated);
    },
    async createDeal({ title, contactId, amount, stage }) {
      if (contactId) await contactOf(contactId);
      const s = stage ? await stageOf(projectId, stage) : undefined;
      const deal = await createDeal(null, projectId, {
        title,
        contactId: contactId ?? null,
        ...(s ? { stageId: s.id, pipelineId: s.pipelineId } : {}),
        amount: amount ?? null,
        currency: 'RUB',
        ownerId: null,
        closeDate: null,
        fields: {},
      });
      const stageName =
        s?.name ?? (await db().crmStage.findUnique({ where: { id: deal.stageId } }))?.name ?? '';
      return { id: deal.id, stage: stageName };
    },
    async moveDeal({ dealId, stage }) {
      const deal = isUuid(dealId) ? await db().crmDeal.findFirst({ where: { id: dealId, projectId } }) : null;
      if (!deal) throw new Error(`no deal "${dealId}"`);
      const s = await stageOf(projectId, stage, deal.pipelineId);
      await updateDeal(null, projectId, deal.id, { stageId: s.id });
      return { id: deal.id, stage: s.name };
    },
    async addNote({ contactId, text }) {
      await contactOf(contactId);
      const a = await addActivity(
        null,
        projectId,
        { type: 'note', contactId, dealId: null, title: '', body: text, dueAt: null },
        null,
      );
      return { id: a.id };
    },
    async createTask({ contactId, title, dueAt }) {
      await contactOf(contactId);
      const a = await addActivity(
        null,
        projectId,
        { type: 'task', contactId, dealId: null, title, body: '', dueAt },
        null,
      );
      return { id: a.id };
    },
  };
}
