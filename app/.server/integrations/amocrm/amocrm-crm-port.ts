import { z } from 'zod';
import type { CrmContactRecord, CrmPort } from '#flow-runtime/ports';
import { normalizePhone } from '../../../lib/crm/phone.ts';
import type { AmoCrmClient } from './amocrm-client.ts';

const fieldValues = z
  .array(
    z.object({
      field_code: z.string().nullish(),
      values: z.array(z.object({ value: z.union([z.string(), z.number(), z.boolean()]) })),
    }),
  )
  .nullish();
const contactAnswer = z.object({
  id: z.number(),
  name: z.string().nullish(),
  custom_fields_values: fieldValues,
  _embedded: z.object({ companies: z.array(z.object({ name: z.string().nullish() })).optional() }).optional(),
});
const contactList = z.object({ _embedded: z.object({ contacts: z.array(contactAnswer) }) });
const createdAnswer = z.object({
  _embedded: z.record(z.string(), z.array(z.object({ id: z.number() }))),
});
/** The id of the one entity a create answered (`{_embedded: {<key>: [{id}]}}`). */
function createdId(answer: unknown, key: string): string {
  const id = createdAnswer.parse(answer)._embedded[key]?.[0]?.id;
  if (id === undefined) throw new Error(`amoCRM answered no ${key}`);
  return String(id);
}
const leadAnswer = z.object({ id: z.number(), status_id: z.number().nullish() });

const values = (c: z.infer<typeof contactAnswer>, code: string) =>
  (c.custom_fields_values ?? [])
    .filter((f) => f.field_code === code)
    .flatMap((f) => f.values.map((v) => String(v.value)));

function record(c: z.infer<typeof contactAnswer>): CrmContactRecord {
  return {
    id: String(c.id),
    name: c.name ?? '',
    company: c._embedded?.companies?.[0]?.name ?? '',
    phones: values(c, 'PHONE'),
    emails: values(c, 'EMAIL'),
    tags: [],
    fields: {},
  };
}

/** amoCRM ids are numbers; anything else (a built-in CRM uuid left in a variable) is not found. */
const isAmoId = (v: string | undefined): v is string => !!v && /^\d{1,18}$/.test(v);
const phoneField = (e164: string) => ({ field_code: 'PHONE', values: [{ value: e164, enum_code: 'WORK' }] });
const emailField = (email: string) => ({
  field_code: 'EMAIL',
  values: [{ value: email, enum_code: 'WORK' }],
});

/**
 * The flow's CRM nodes against amoCRM API v4: contacts found by number (`GET /api/v4/contacts?query=`, 204
 * when none), created with their phone as the PHONE field, notes on the contact, deals as leads (stages are
 * the pipeline's numeric status ids), tasks on the contact.
 */
export function amoCrmPort(client: AmoCrmClient): CrmPort {
  const get = async (id: string, signal?: AbortSignal) =>
    record(contactAnswer.parse(await client.request('GET', `/api/v4/contacts/${id}`, undefined, signal)));
  const findByPhone = async (phone: string, signal?: AbortSignal): Promise<string | null> => {
    const e164 = normalizePhone(phone) ?? phone;
    // The search matches the digits anywhere in a contact; keep only an exact match of the number.
    const answer = await client.request(
      'GET',
      `/api/v4/contacts?query=${encodeURIComponent(e164.replace(/^\+/, ''))}`,
      undefined,
      signal,
    );
    if (answer === null) return null;
    const digits = e164.replace(/\D/g, '');
    const match = contactList
      .parse(answer)
      ._embedded.contacts.filter((c) =>
        values(c, 'PHONE').some((p) => (normalizePhone(p) ?? p).replace(/\D/g, '') === digits),
      )
      .sort((a, b) => a.id - b.id)[0];
    return match ? String(match.id) : null;
  };
  const stageId = (stage: string) => {
    if (!/^\d+$/.test(stage.trim()))
      throw new Error(`amoCRM stages are status ids (numbers), not "${stage}"`);
    return Number(stage.trim());
  };
  return {
    async findContact({ phone, contactId, signal }) {
      const id = isAmoId(contactId) ? contactId : phone ? await findByPhone(phone, signal) : null;
      return id ? get(id, signal) : null;
    },
    async upsertContact({ contactId, phone, name, email, signal }) {
      const e164 = phone ? normalizePhone(phone) : null;
      if (phone && !e164) throw new Error(`"${phone}" is not a phone number`);
      const existing = isAmoId(contactId) ? contactId : e164 ? await findByPhone(e164, signal) : null;
      if (!existing) {
        const fields = [...(e164 ? [phoneField(e164)] : []), ...(email ? [emailField(email)] : [])];
        const answer = await client.request(
          'POST',
          '/api/v4/contacts',
          [{ name: name || e164 || '', ...(fields.length ? { custom_fields_values: fields } : {}) }],
          signal,
        );
        return get(createdId(answer, 'contacts'), signal);
      }
      const before = await get(existing, signal);
      const phones = e164 && !before.phones.includes(e164) ? [...before.phones, e164] : before.phones;
      const emails = email && !before.emails.includes(email) ? [...before.emails, email] : before.emails;
      const renamed = !!name && name !== before.name;
      if (phones === before.phones && emails === before.emails && !renamed) return before;
      // A PATCH replaces a field's values: the old ones go with the new.
      const fields = [
        ...(phones !== before.phones
          ? [{ field_code: 'PHONE', values: phones.map((value) => ({ value })) }]
          : []),
        ...(emails !== before.emails
          ? [{ field_code: 'EMAIL', values: emails.map((value) => ({ value })) }]
          : []),
      ];
      await client.request(
        'PATCH',
        `/api/v4/contacts/${existing}`,
        { ...(renamed ? { name } : {}), ...(fields.length ? { custom_fields_values: fields } : {}) },
        signal,
      );
      return get(existing, signal);
    },
    async createDeal({ title, contactId, amount, stage, signal }) {
      const answer = await client.request(
        'POST',
        '/api/v4/leads',
        [
          {
            name: title,
            ...(amount !== undefined ? { price: Math.round(amount) } : {}),
            ...(stage ? { status_id: stageId(stage) } : {}),
            ...(isAmoId(contactId) ? { _embedded: { contacts: [{ id: Number(contactId) }] } } : {}),
          },
        ],
        signal,
      );
      const id = createdId(answer, 'leads');
      const lead = leadAnswer.parse(await client.request('GET', `/api/v4/leads/${id}`, undefined, signal));
      return { id, stage: String(lead.status_id ?? '') };
    },
    async moveDeal({ dealId, stage, signal }) {
      if (!isAmoId(dealId)) throw new Error(`no amoCRM lead "${dealId}"`);
      await client.request('PATCH', `/api/v4/leads/${dealId}`, { status_id: stageId(stage) }, signal);
      return { id: dealId, stage: String(stageId(stage)) };
    },
    async addNote({ contactId, text, signal }) {
      if (!isAmoId(contactId)) throw new Error(`no amoCRM contact "${contactId}"`);
      const answer = await client.request(
        'POST',
        `/api/v4/contacts/${contactId}/notes`,
        [{ note_type: 'common', params: { text } }],
        signal,
      );
      return { id: createdId(answer, 'notes') };
    },
    async createTask({ contactId, title, dueAt, signal }) {
      if (!isAmoId(contactId)) throw new Error(`no amoCRM contact "${contactId}"`);
      const answer = await client.request(
        'POST',
        '/api/v4/tasks',
        [
          {
            text: title,
            complete_till: Math.floor(new Date(dueAt).getTime() / 1000),
            entity_id: Number(contactId),
            entity_type: 'contacts',
          },
        ],
        signal,
      );
      return { id: createdId(answer, 'tasks') };
    },
  };
}
