/**
 * A campaign's contacts: upload (CSV or JSON; a dry run answers the preview the wizard shows), the list by
 * status with each contact's attempts, and the CSV export of results.
 */
import { z } from 'zod';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { db } from '../db.ts';
import { ServiceError } from '../errors/service-error.ts';
import { CONTACT_STATUSES, type ContactStatus } from './campaign-input.ts';
import { findCampaign } from './campaigns.server.ts';
import { apiError } from '../api/api-error.ts';
import {
  columnMapping,
  readContactList,
  tableFromObjects,
  type ColumnMapping,
  type ContactList,
} from './contact-list.ts';
import { csvCell, parseCsv, type Table } from './csv-table.ts';
import { crmContactsFor } from './campaign-crm-link.server.ts';

export const MAX_CONTACTS_PER_UPLOAD = 200_000;

/** A list of up to 200,000 lines fits (about 100 bytes a line). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const jsonContactsInput = z
  .object({
    contacts: z.array(z.record(z.string(), z.unknown())).max(MAX_CONTACTS_PER_UPLOAD).optional(),
    /** The text of a CSV file, for clients that send JSON only. */
    csv: z.string().max(MAX_UPLOAD_BYTES).optional(),
    mapping: columnMapping.optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((v) => v.contacts !== undefined || v.csv !== undefined, {
    message: 'Send `contacts` or `csv`',
    path: ['contacts'],
  });

/** The multipart form's fields besides the file (documented in the OpenAPI file). */
export const contactsUploadForm = z.object({
  file: z.string().describe('The CSV file'),
  mapping: z.string().optional().describe('JSON: {"phone": column, "name"?: column, "timezone"?: column}'),
  dryRun: z.enum(['true', 'false']).optional(),
});

/** The `mapping` form field (JSON text), or the 400 that refuses it. */
export function uploadMapping(value: FormDataEntryValue | null): ColumnMapping | undefined | Response {
  if (value === null || value === '') return undefined;
  try {
    const parsed = columnMapping.safeParse(JSON.parse(String(value)));
    if (parsed.success) return parsed.data;
  } catch {
    // answered below
  }
  return apiError(400, 'validation_failed', 'The mapping is not valid.', {
    fields: { mapping: ['{"phone": "<column>", "name"?: "<column>", "timezone"?: "<column>"}'] },
  });
}

export interface ImportOutcome {
  columns: string[];
  mapping: ColumnMapping | null;
  variableNames: string[];
  preview: ContactList['contacts'];
  valid: number;
  added: number;
  merged: number;
  duplicates: number;
  errors: ContactList['errors'];
  dryRun: boolean;
}

export function tableFromUpload(kind: 'csv' | 'json', payload: string | Record<string, unknown>[]): Table {
  return kind === 'csv'
    ? parseCsv(payload as string)
    : tableFromObjects(payload as Record<string, unknown>[]);
}

const CHUNK = 5_000;

/**
 * Adds the list's contacts to the campaign. A number already in the campaign is merged (its variables filled
 * in, its row numbers kept), never added twice. Contacts can be added while the campaign runs.
 */
export async function importContacts(
  ctx: ServiceContext,
  campaignId: string,
  table: Table,
  opts: { mapping?: ColumnMapping; dryRun?: boolean },
): Promise<ImportOutcome> {
  const campaign = await findCampaign(ctx.access.projectId, campaignId);
  if (opts.mapping && !table.columns.includes(opts.mapping.phone))
    throw new ServiceError(400, 'validation_failed', 'The phone column is not in the list.', {
      'mapping.phone': ['Not a column of the list'],
    });
  const list = readContactList(table, opts.mapping);
  if (!list.mapping)
    throw new ServiceError(400, 'phone_column_missing', 'Say which column holds the phone numbers.', {
      'mapping.phone': ['Choose the phone column'],
    });
  const base = {
    columns: list.columns,
    mapping: list.mapping,
    variableNames: list.variableNames,
    preview: list.contacts.slice(0, 20),
    valid: list.contacts.length,
    duplicates: list.duplicates,
    errors: list.errors,
  };
  if (opts.dryRun) return { ...base, added: 0, merged: 0, dryRun: true };
  if (campaign.status === 'completed' || campaign.status === 'cancelled')
    throw new ServiceError(409, 'campaign_finished', 'A finished campaign takes no more contacts.');
  let added = 0;
  let merged = 0;
  let crmCreated = 0;
  for (let i = 0; i < list.contacts.length; i += CHUNK) {
    const chunk = list.contacts.slice(i, i + CHUNK);
    const existing = await db().campaignContact.findMany({
      where: { campaignId, phone: { in: chunk.map((c) => c.phone) } },
      select: { id: true, phone: true, variables: true, rows: true, crmContactId: true },
    });
    // Every number is a CRM contact too (issue 23): found or created for the whole chunk at once.
    const linked = new Set(existing.filter((e) => e.crmContactId).map((e) => e.phone));
    const crm = await crmContactsFor(
      campaign.projectId,
      chunk.filter((c) => !linked.has(c.phone)),
    );
    crmCreated += crm.created;
    const known = new Map(existing.map((e) => [e.phone, e]));
    const fresh = chunk.filter((c) => !known.has(c.phone));
    if (fresh.length) {
      // One statement with the rows as JSON: Prisma's createMany takes seconds for a few thousand rows.
      const rows = JSON.stringify(
        fresh.map((c) => ({
          phone: c.phone,
          name: c.name,
          timezone: c.timezone,
          variables: c.variables,
          rows: c.rows,
          crm: crm.ids.get(c.phone) ?? null,
        })),
      );
      const count = await db().$executeRaw`
        INSERT INTO campaign_contacts (id, "campaignId", "projectId", phone, name, timezone, variables, rows,
               "crmContactId", "updatedAt")
        SELECT gen_random_uuid(), ${campaignId}::uuid, ${campaign.projectId}::uuid, r.phone, r.name, r.timezone,
               r.variables, ARRAY(SELECT jsonb_array_elements_text(r.rows)::int), r.crm, now()
          FROM jsonb_to_recordset(${rows}::jsonb)
            AS r(phone text, name text, timezone text, variables jsonb, rows jsonb, crm uuid)
        ON CONFLICT ("campaignId", phone) DO NOTHING`;
      added += count;
    }
    for (const c of chunk) {
      const e = known.get(c.phone);
      if (!e) continue;
      merged++;
      await db().campaignContact.update({
        where: { id: e.id },
        data: {
          variables: { ...c.variables, ...(e.variables as Record<string, string>) },
          rows: [...e.rows, ...c.rows],
          // A row from before the CRM link existed gets it now.
          ...(e.crmContactId ? {} : { crmContactId: crm.ids.get(c.phone) ?? null }),
        },
      });
    }
  }
  const names = [...new Set([...campaign.variableNames, ...list.variableNames])];
  await db().campaign.update({ where: { id: campaignId }, data: { variableNames: names } });
  await auditAs(ctx, {
    action: 'campaign.contacts.import',
    targetType: 'campaign',
    targetId: campaignId,
    diff: { after: { added, merged, errors: list.errors.length, crmContactsCreated: crmCreated } },
  });
  return { ...base, added, merged, dryRun: false };
}

export const contactQuery = z.object({
  status: z.enum(CONTACT_STATUSES).optional(),
  q: z.string().max(40).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export async function listContacts(
  projectId: string,
  campaignId: string,
  query: z.infer<typeof contactQuery>,
) {
  await findCampaign(projectId, campaignId);
  const where = {
    campaignId,
    projectId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.q
      ? {
          OR: [
            { phone: { contains: query.q } },
            { name: { contains: query.q, mode: 'insensitive' as const } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db().campaignContact.findMany({
      where,
      orderBy: { id: 'asc' },
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
      include: { attempts: { orderBy: { number: 'asc' } } },
    }),
    db().campaignContact.count({ where }),
  ]);
  const page = rows.slice(0, query.limit);
  return {
    contacts: page.map((r) => ({
      id: r.id,
      phone: r.phone,
      name: r.name,
      timezone: r.timezone,
      variables: r.variables as Record<string, string>,
      status: r.status as ContactStatus,
      attemptCount: r.attemptCount,
      lastOutcome: r.lastOutcome,
      nextAttemptAt: r.nextAttemptAt,
      outcomes: r.outcomes as Record<string, unknown>,
      rows: r.rows,
      crmContactId: r.crmContactId,
      attempts: r.attempts.map((a) => ({
        id: a.id,
        number: a.number,
        status: a.status,
        outcome: a.outcome,
        sipCode: a.sipCode,
        reason: a.reason,
        callId: a.callId,
        dialedAt: a.dialedAt,
        endedAt: a.endedAt,
      })),
    })),
    total,
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Results as CSV: one line per contact, its variables, status, attempts and outcome fields. */
export async function* exportContactsCsv(projectId: string, campaignId: string): AsyncGenerator<string> {
  const campaign = await findCampaign(projectId, campaignId);
  const vars = campaign.variableNames;
  yield `${['phone', 'name', ...vars, 'status', 'attempts', 'last_outcome', 'outcomes'].map(csvCell).join(',')}\n`;
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().campaignContact.findMany({
      where: { campaignId, projectId },
      orderBy: { id: 'asc' },
      take: 1000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const r of rows) {
      const v = r.variables as Record<string, string>;
      yield `${[r.phone, r.name, ...vars.map((n) => v[n] ?? ''), r.status, r.attemptCount, r.lastOutcome ?? '', JSON.stringify(r.outcomes)].map(csvCell).join(',')}\n`;
    }
    if (rows.length < 1000) return;
    cursor = rows.at(-1)?.id;
  }
}
