import { z } from 'zod';
import type { CrmContactRecord, CrmPort } from '#flow-runtime/ports';
import { normalizePhone } from '../../../lib/crm/phone.ts';
import type { Bitrix24Client } from './bitrix24-client.ts';

/** A multi-field (PHONE, EMAIL) as crm.contact.get answers it. */
const multi = z.array(z.object({ VALUE: z.string() })).optional();
const contactAnswer = z.object({
  ID: z.union([z.string(), z.number()]),
  NAME: z.string().nullish(),
  LAST_NAME: z.string().nullish(),
  COMPANY_TITLE: z.string().nullish(),
  PHONE: multi,
  EMAIL: multi,
});
const duplicates = z.union([z.array(z.unknown()), z.object({ CONTACT: z.array(z.number()).optional() })]);
const id = z.union([z.number(), z.string()]).transform(String);

function record(c: z.infer<typeof contactAnswer>): CrmContactRecord {
  return {
    id: String(c.ID),
    name: [c.NAME, c.LAST_NAME].filter(Boolean).join(' '),
    company: c.COMPANY_TITLE ?? '',
    phones: (c.PHONE ?? []).map((p) => p.VALUE),
    emails: (c.EMAIL ?? []).map((e) => e.VALUE),
    tags: [],
    fields: {},
  };
}

/** Bitrix24 ids are numbers; anything else (a built-in CRM uuid left in a variable) is not found. */
const isB24Id = (v: string | undefined): v is string => !!v && /^\d{1,18}$/.test(v);

/**
 * The flow's CRM nodes against a Bitrix24 portal: contacts by number through `crm.duplicate.findbycomm`,
 * `crm.contact.add/update`, `crm.deal.add/update` (stages by their STAGE_ID, e.g. `NEW`, `C1:WON`), notes as
 * timeline comments, tasks as to-dos on the contact. Plus `createLead` for flows that file leads.
 */
export function bitrix24CrmPort(client: Bitrix24Client): CrmPort & {
  createLead(lead: {
    title: string;
    phone?: string;
    name?: string;
    signal?: AbortSignal;
  }): Promise<{ id: string }>;
} {
  const get = async (contactId: string, signal?: AbortSignal) =>
    record(contactAnswer.parse(await client.call('crm.contact.get', { id: contactId }, signal)));
  const findByPhone = async (phone: string, signal?: AbortSignal): Promise<string | null> => {
    const e164 = normalizePhone(phone) ?? phone;
    const found = duplicates.parse(
      await client.call(
        'crm.duplicate.findbycomm',
        { entity_type: 'CONTACT', type: 'PHONE', values: [e164] },
        signal,
      ),
    );
    const ids = Array.isArray(found) ? [] : (found.CONTACT ?? []);
    return ids.length ? String(Math.min(...ids)) : null;
  };
  const stageId = (stage: string) => stage.trim().toUpperCase().replace(/\s+/g, '_');
  return {
    async findContact({ phone, contactId, signal }) {
      const idOf = isB24Id(contactId) ? contactId : phone ? await findByPhone(phone, signal) : null;
      return idOf ? get(idOf, signal) : null;
    },
    async upsertContact({ contactId, phone, name, email, company, signal }) {
      const e164 = phone ? normalizePhone(phone) : null;
      if (phone && !e164) throw new Error(`"${phone}" is not a phone number`);
      const existing = isB24Id(contactId) ? contactId : e164 ? await findByPhone(e164, signal) : null;
      const fields: Record<string, unknown> = {
        ...(name ? { NAME: name } : {}),
        ...(company ? { COMPANY_TITLE: company } : {}),
      };
      if (!existing) {
        const created = id.parse(
          await client.call(
            'crm.contact.add',
            {
              fields: {
                ...fields,
                ...(e164 ? { PHONE: [{ VALUE: e164, VALUE_TYPE: 'WORK' }] } : {}),
                ...(email ? { EMAIL: [{ VALUE: email, VALUE_TYPE: 'WORK' }] } : {}),
                SOURCE_ID: 'CALL',
              },
            },
            signal,
          ),
        );
        return get(created, signal);
      }
      const before = await get(existing, signal);
      if (e164 && !before.phones.includes(e164)) fields.PHONE = [{ VALUE: e164, VALUE_TYPE: 'WORK' }];
      if (email && !before.emails.includes(email)) fields.EMAIL = [{ VALUE: email, VALUE_TYPE: 'WORK' }];
      if (Object.keys(fields).length === 0) return before;
      await client.call('crm.contact.update', { id: existing, fields }, signal);
      return get(existing, signal);
    },
    async createDeal({ title, contactId, amount, stage, signal }) {
      const dealId = id.parse(
        await client.call(
          'crm.deal.add',
          {
            fields: {
              TITLE: title,
              ...(isB24Id(contactId) ? { CONTACT_ID: contactId } : {}),
              ...(amount !== undefined ? { OPPORTUNITY: amount, CURRENCY_ID: 'RUB' } : {}),
              ...(stage ? { STAGE_ID: stageId(stage) } : {}),
            },
          },
          signal,
        ),
      );
      return { id: dealId, stage: stage ? stageId(stage) : 'NEW' };
    },
    async moveDeal({ dealId, stage, signal }) {
      if (!isB24Id(dealId)) throw new Error(`no deal "${dealId}"`);
      await client.call('crm.deal.update', { id: dealId, fields: { STAGE_ID: stageId(stage) } }, signal);
      return { id: dealId, stage: stageId(stage) };
    },
    async addNote({ contactId, text, signal }) {
      if (!isB24Id(contactId)) throw new Error(`no contact "${contactId}"`);
      const noteId = id.parse(
        await client.call(
          'crm.timeline.comment.add',
          { fields: { ENTITY_ID: Number(contactId), ENTITY_TYPE: 'contact', COMMENT: text } },
          signal,
        ),
      );
      return { id: noteId };
    },
    async createTask({ contactId, title, dueAt, signal }) {
      if (!isB24Id(contactId)) throw new Error(`no contact "${contactId}"`);
      const answer = z
        .object({ id: id })
        .parse(
          await client.call(
            'crm.activity.todo.add',
            { ownerTypeId: 3, ownerId: Number(contactId), deadline: dueAt, title },
            signal,
          ),
        );
      return { id: answer.id };
    },
    async createLead({ title, phone, name, signal }) {
      const e164 = phone ? normalizePhone(phone) : null;
      const leadId = id.parse(
        await client.call(
          'crm.lead.add',
          {
            fields: {
              TITLE: title,
              ...(name ? { NAME: name } : {}),
              ...(e164 ? { PHONE: [{ VALUE: e164, VALUE_TYPE: 'WORK' }] } : {}),
              SOURCE_ID: 'CALL',
            },
          },
          signal,
        ),
      );
      return { id: leadId };
    },
  };
}
