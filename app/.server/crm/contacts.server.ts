import type { Prisma } from '../../../prisma/generated/prisma/client.ts';
import { normalizePhone, phoneDigits } from '../../lib/crm/phone.ts';
import { isUuid } from '../access/project-access.server.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db, type Db } from '../db.ts';
import {
  checkFieldValues,
  checkOwner,
  normalizeEmails,
  normalizePhones,
  normalizeTags,
  searchTextOf,
} from './contact-values.ts';
import { contactNotFound } from './crm-errors.ts';
import type { ContactInput, ContactListQuery, ContactPatch } from './crm-inputs.ts';
import { toContactView, type ContactView } from './crm-views.ts';

/**
 * Contacts of the built-in CRM. Phones are stored as E.164, so a lookup in any format is one GIN probe
 * (`phones @> ARRAY[...]`); search is a trigram match over `searchText`. Every query names the project.
 */

const newestFirst: Prisma.CrmContactOrderByWithRelationInput[] = [{ updatedAt: 'desc' }, { id: 'desc' }];

export async function listContacts(
  projectId: string,
  query: ContactListQuery,
): Promise<{ contacts: ContactView[]; nextCursor: string | null }> {
  const where: Prisma.CrmContactWhereInput = { projectId };
  if (query.phone !== undefined) {
    const e164 = normalizePhone(query.phone);
    if (!e164) return { contacts: [], nextCursor: null };
    where.phones = { has: e164 };
  }
  if (query.q) {
    const q = query.q.toLowerCase();
    const digits = phoneDigits(q);
    // A typed number matches the stored digits whatever its spaces or dashes; `8 916…` is the +7 number.
    const needle =
      digits.length >= 5 && digits.length === q.replace(/[\s()+-]/g, '').length ? localDigits(digits) : q;
    where.searchText = { contains: needle };
  }
  if (query.tag) where.tags = { has: query.tag };
  if (query.ownerId) where.ownerId = query.ownerId;
  if (query.cursor) {
    const at = await db().crmContact.findFirst({
      where: { id: query.cursor, projectId },
      select: { updatedAt: true, id: true },
    });
    if (at) where.OR = [{ updatedAt: { lt: at.updatedAt } }, { updatedAt: at.updatedAt, id: { lt: at.id } }];
  }
  const rows = await db().crmContact.findMany({ where, orderBy: newestFirst, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return {
    contacts: page.map(toContactView),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

/** Stored digits carry the country code: a Russian trunk `8` (`8 916…`) is the `7` of `+7 916…`. */
function localDigits(digits: string): string {
  return digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
}

/** The contact with this phone (any format), the most recently active first when there are duplicates. */
export async function findContactByPhone(projectId: string, raw: string, client: Db = db()) {
  const e164 = normalizePhone(raw);
  if (!e164) return null;
  return client.crmContact.findFirst({
    where: { projectId, phones: { has: e164 } },
    orderBy: [{ lastActivityAt: { sort: 'desc', nulls: 'last' } }, { createdAt: 'asc' }],
  });
}

export async function contactRow(projectId: string, contactId: string, client: Db = db()) {
  if (!isUuid(contactId)) throw contactNotFound();
  const row = await client.crmContact.findFirst({ where: { id: contactId, projectId } });
  if (!row) throw contactNotFound();
  return row;
}

export async function getContact(projectId: string, contactId: string): Promise<ContactView> {
  return toContactView(await contactRow(projectId, contactId));
}

/** Creates a contact (API, import, a call or a flow). Audited when a person or key asked for it. */
export async function createContact(
  ctx: ServiceContext | null,
  projectId: string,
  input: ContactInput,
  source: 'manual' | 'call' | 'import' | 'flow' = 'manual',
  client: Db = db(),
): Promise<ContactView> {
  const phones = normalizePhones(input.phones);
  const emails = normalizeEmails(input.emails);
  const tags = normalizeTags(input.tags);
  await checkOwner(projectId, input.ownerId);
  const fields = await checkFieldValues(projectId, 'contact', input.fields);
  const row = await client.crmContact.create({
    data: {
      projectId,
      name: input.name,
      company: input.company,
      phones,
      emails,
      tags,
      fields,
      ownerId: input.ownerId,
      source,
      searchText: searchTextOf({ name: input.name, company: input.company, emails, phones, tags }),
    },
  });
  if (ctx)
    await auditAs(ctx, {
      action: 'crm.contact.create',
      targetType: 'crm_contact',
      targetId: row.id,
      diff: { after: { source } },
    });
  return toContactView(row);
}

export async function updateContact(
  ctx: ServiceContext | null,
  projectId: string,
  contactId: string,
  patch: ContactPatch,
  client: Db = db(),
): Promise<ContactView> {
  const before = await contactRow(projectId, contactId, client);
  const phones = patch.phones ? normalizePhones(patch.phones) : before.phones;
  const emails = patch.emails ? normalizeEmails(patch.emails) : before.emails;
  const tags = patch.tags ? normalizeTags(patch.tags) : before.tags;
  if (patch.ownerId !== undefined) await checkOwner(projectId, patch.ownerId);
  const fields = patch.fields
    ? { ...(before.fields as object), ...(await checkFieldValues(projectId, 'contact', patch.fields)) }
    : (before.fields as object);
  const name = patch.name ?? before.name;
  const company = patch.company ?? before.company;
  const row = await client.crmContact.update({
    where: { id: before.id },
    data: {
      name,
      company,
      phones,
      emails,
      tags,
      fields,
      ...(patch.ownerId !== undefined ? { ownerId: patch.ownerId } : {}),
      searchText: searchTextOf({ name, company, emails, phones, tags }),
    },
  });
  if (ctx)
    await auditAs(ctx, {
      action: 'crm.contact.update',
      targetType: 'crm_contact',
      targetId: row.id,
      // Field names only: values are personal data and the audit log is kept for years.
      diff: { after: { changed: Object.keys(patch) } },
    });
  return toContactView(row);
}

/**
 * Merges duplicates into one contact: phones, emails and tags are united, empty name, company and custom
 * fields are filled from the duplicates, and every activity and deal moves over before they are deleted.
 */
export async function mergeContacts(ctx: ServiceContext, primaryId: string, duplicateIds: string[]) {
  const { projectId } = ctx.access;
  const primary = await contactRow(projectId, primaryId);
  const ids = [...new Set(duplicateIds)].filter((id) => id !== primary.id);
  const dups = await db().crmContact.findMany({
    where: { projectId, id: { in: ids } },
    orderBy: { createdAt: 'asc' },
  });
  if (dups.length !== ids.length) throw contactNotFound();
  const all = [primary, ...dups];
  const phones = [...new Set(all.flatMap((c) => c.phones))];
  const emails = [...new Set(all.flatMap((c) => c.emails))];
  const tags = [...new Set(all.flatMap((c) => c.tags))];
  const name = all.find((c) => c.name)?.name ?? '';
  const company = all.find((c) => c.company)?.company ?? '';
  const fields: Record<string, unknown> = {};
  for (const c of [...all].reverse()) Object.assign(fields, c.fields as object);
  const lastActivityAt = all.map((c) => c.lastActivityAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
  const { contact, moved } = await db().$transaction(async (tx) => {
    const moved = await tx.crmActivity.updateMany({
      where: { projectId, contactId: { in: ids } },
      data: { contactId: primary.id },
    });
    await tx.crmDeal.updateMany({
      where: { projectId, contactId: { in: ids } },
      data: { contactId: primary.id },
    });
    await tx.crmContact.deleteMany({ where: { projectId, id: { in: ids } } });
    const contact = await tx.crmContact.update({
      where: { id: primary.id },
      data: {
        phones,
        emails,
        tags,
        name,
        company,
        fields: fields as Prisma.InputJsonObject,
        lastActivityAt: lastActivityAt ? new Date(lastActivityAt) : null,
        ownerId: primary.ownerId ?? dups.find((d) => d.ownerId)?.ownerId ?? null,
        searchText: searchTextOf({ name, company, emails, phones, tags }),
      },
    });
    return { contact, moved: moved.count };
  });
  await auditAs(ctx, {
    action: 'crm.contact.merge',
    targetType: 'crm_contact',
    targetId: primary.id,
    diff: { after: { merged: ids, activitiesMoved: moved } },
  });
  return { contact: toContactView(contact), merged: ids.length, activitiesMoved: moved };
}

/** The tags in use, for the list's filter (from a bounded sample: a million contacts share a few dozen tags). */
export async function contactTags(projectId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ tag: string }[]>`
    SELECT DISTINCT unnest(tags) AS tag FROM (
      SELECT tags FROM crm_contacts WHERE "projectId" = ${projectId}::uuid AND tags <> '{}' LIMIT 5000
    ) t ORDER BY 1 LIMIT 100`;
  return rows.map((r) => r.tag);
}

/** Likely duplicates of a contact: another contact with one of its phones or emails, or the same name. */
export async function duplicateCandidates(projectId: string, contactId: string): Promise<ContactView[]> {
  const c = await contactRow(projectId, contactId);
  const rows = await db().crmContact.findMany({
    where: {
      projectId,
      id: { not: c.id },
      OR: [
        ...(c.phones.length ? [{ phones: { hasSome: c.phones } }] : []),
        ...(c.emails.length ? [{ emails: { hasSome: c.emails } }] : []),
        ...(c.name ? [{ name: { equals: c.name, mode: 'insensitive' as const } }] : []),
      ],
    },
    take: 20,
  });
  return c.phones.length || c.emails.length || c.name ? rows.map(toContactView) : [];
}
