import { normalizePhone } from '../../lib/crm/phone.ts';
import { parseCsv } from '../../lib/crm/csv-parse.ts';
import { auditAs, type ServiceContext } from '../access/service-context.ts';
import { csvCell } from '../audit/audit-query.server.ts';
import { db } from '../db.ts';
import { coerceFieldValue, searchTextOf } from './contact-values.ts';
import { invalidFields } from './crm-errors.ts';
import type { ImportInput } from './crm-inputs.ts';
import type { ImportResult } from './crm-views.ts';

const BATCH = 500;
const MAX_ROWS = 200_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Parsed {
  row: number;
  name: string;
  company: string;
  phones: string[];
  emails: string[];
  tags: string[];
  fields: Record<string, string | number | boolean>;
}

const split = (cell: string) =>
  cell
    .split(/[,;\n/]/)
    .map((s) => s.trim().replace(/^'/, ''))
    .filter(Boolean);

/**
 * Imports contacts from CSV with a column mapping. A row whose phone or email is already a contact's
 * updates that contact (numbers, emails and tags are added; an empty name is filled); others are created.
 * Rows that cannot be read are reported with their line and reason; the rest go in.
 */
export async function importContacts(ctx: ServiceContext, input: ImportInput): Promise<ImportResult> {
  const { projectId } = ctx.access;
  const table = parseCsv(input.csv);
  const header = table[0] ?? [];
  if (table.length < 2) throw invalidFields({ csv: ['has no rows under the header'] });
  if (table.length - 1 > MAX_ROWS) throw invalidFields({ csv: [`at most ${MAX_ROWS} rows`] });
  const columns = header.map((h) => input.mapping[h.trim()] ?? 'skip');
  if (!columns.some((c) => c === 'phone' || c === 'email' || c === 'name'))
    throw invalidFields({ mapping: ['map a column to name, phone or email'] });
  const defs = await db().crmField.findMany({ where: { projectId, entity: 'contact' } });
  const defByKey = new Map(defs.map((d) => [d.key, d]));
  for (const c of columns)
    if (c.startsWith('field:') && !defByKey.has(c.slice(6)))
      throw invalidFields({ mapping: [`${c.slice(6)} is not a custom contact field`] });

  const errors: ImportResult['errors'] = [];
  const parsed: Parsed[] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const p: Parsed = {
      row,
      name: '',
      company: '',
      phones: [],
      emails: [],
      tags: [...input.tags],
      fields: {},
    };
    const problems: string[] = [];
    columns.forEach((target, col) => {
      const cell = (cells[col] ?? '').trim();
      if (!cell || target === 'skip') return;
      if (target === 'name') p.name = p.name ? `${p.name} ${cell}` : cell.slice(0, 200);
      else if (target === 'company') p.company = cell.slice(0, 200);
      else if (target === 'tags') p.tags.push(...split(cell).map((t) => t.slice(0, 60)));
      else if (target === 'phone')
        for (const raw of split(cell)) {
          const e164 = normalizePhone(raw);
          if (e164) p.phones.push(e164);
          else problems.push(`"${raw.slice(0, 40)}" is not a phone number`);
        }
      else if (target === 'email')
        for (const raw of split(cell)) {
          if (EMAIL.test(raw)) p.emails.push(raw.toLowerCase());
          else problems.push(`"${raw.slice(0, 60)}" is not an email address`);
        }
      else if (target.startsWith('field:')) {
        const def = defByKey.get(target.slice(6))!;
        const v = coerceFieldValue(def.type, def.options, cell);
        if (v === undefined) problems.push(`${def.key}: "${cell.slice(0, 40)}" is not a ${def.type}`);
        else p.fields[def.key] = v;
      }
    });
    if (!problems.length && !p.name && !p.phones.length && !p.emails.length)
      problems.push('no name, phone or email');
    if (problems.length) errors.push({ row, message: problems.join('; ') });
    else {
      p.phones = [...new Set(p.phones)];
      p.emails = [...new Set(p.emails)];
      p.tags = [...new Set(p.tags)];
      parsed.push(p);
    }
  });

  let created = 0;
  let updated = 0;
  for (let i = 0; i < parsed.length; i += BATCH) {
    const batch = parsed.slice(i, i + BATCH);
    const phones = batch.flatMap((p) => p.phones);
    const emails = batch.flatMap((p) => p.emails);
    const existing = await db().crmContact.findMany({
      where: {
        projectId,
        OR: [
          ...(phones.length ? [{ phones: { hasSome: phones } }] : []),
          ...(emails.length ? [{ emails: { hasSome: emails } }] : []),
        ],
      },
    });
    const byKey = new Map<string, (typeof existing)[number]>();
    for (const c of existing) for (const k of [...c.phones, ...c.emails]) byKey.set(k, c);
    const fresh = new Map<string, Parsed>();
    const toCreate: Parsed[] = [];
    for (const p of batch) {
      const keys = [...p.phones, ...p.emails];
      const match = keys.map((k) => byKey.get(k)).find(Boolean);
      if (match) {
        const merged = {
          name: match.name || p.name,
          company: match.company || p.company,
          phones: [...new Set([...match.phones, ...p.phones])],
          emails: [...new Set([...match.emails, ...p.emails])],
          tags: [...new Set([...match.tags, ...p.tags])],
        };
        const row = await db().crmContact.update({
          where: { id: match.id },
          data: {
            ...merged,
            fields: { ...p.fields, ...(match.fields as object) },
            searchText: searchTextOf(merged),
          },
        });
        for (const k of [...row.phones, ...row.emails]) byKey.set(k, row);
        updated++;
        continue;
      }
      // The same person twice in one file: the later row adds to the earlier one.
      const twin = keys.map((k) => fresh.get(k)).find(Boolean);
      if (twin) {
        twin.phones = [...new Set([...twin.phones, ...p.phones])];
        twin.emails = [...new Set([...twin.emails, ...p.emails])];
        twin.tags = [...new Set([...twin.tags, ...p.tags])];
        twin.name ||= p.name;
        twin.company ||= p.company;
        twin.fields = { ...p.fields, ...twin.fields };
        for (const k of keys) fresh.set(k, twin);
        updated++;
        continue;
      }
      for (const k of keys) fresh.set(k, p);
      toCreate.push(p);
    }
    if (toCreate.length) {
      await db().crmContact.createMany({
        data: toCreate.map((p) => ({
          projectId,
          name: p.name,
          company: p.company,
          phones: p.phones,
          emails: p.emails,
          tags: p.tags,
          fields: p.fields,
          source: 'import',
          searchText: searchTextOf(p),
        })),
      });
      created += toCreate.length;
    }
  }
  await auditAs(ctx, {
    action: 'crm.contact.import',
    targetType: 'crm_contact',
    targetId: null,
    diff: { after: { created, updated, failed: errors.length } },
  });
  return { created, updated, errors: errors.slice(0, 1000) };
}

/** Every contact as CSV (with the project's custom fields as columns), page by page. */
export async function* contactsCsv(projectId: string): AsyncGenerator<string> {
  const defs = await db().crmField.findMany({
    where: { projectId, entity: 'contact' },
    orderBy: { position: 'asc' },
  });
  const header = [
    'id',
    'name',
    'company',
    'phones',
    'emails',
    'tags',
    ...defs.map((d) => d.key),
    'createdAt',
  ];
  yield `\uFEFF${header.join(',')}\r\n`;
  let cursor: string | undefined;
  for (;;) {
    const page = await db().crmContact.findMany({
      where: { projectId },
      orderBy: { id: 'asc' },
      take: 1000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!page.length) return;
    yield page
      .map((c) => {
        const values = c.fields as Record<string, unknown>;
        return `${[
          c.id,
          c.name,
          c.company,
          c.phones.join('; '),
          c.emails.join('; '),
          c.tags.join('; '),
          ...defs.map((d) => (values[d.key] ?? '') as string),
          c.createdAt.toISOString(),
        ]
          .map((v) => csvCell(String(v)))
          .join(',')}\r\n`;
      })
      .join('');
    cursor = page[page.length - 1]!.id;
  }
}
