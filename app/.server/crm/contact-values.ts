import { normalizePhone, phoneDigits } from '../../lib/crm/phone.ts';
import { db } from '../db.ts';
import { invalidFields } from './crm-errors.ts';

type Values = Record<string, string | number | boolean | null>;

/** What search matches: lowercased name, company, emails, tags and every phone's digits (trigram index). */
export function searchTextOf(c: {
  name: string;
  company: string;
  emails: string[];
  phones: string[];
  tags: string[];
}) {
  return [c.name, c.company, ...c.emails, ...c.tags, ...c.phones.map(phoneDigits)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** Phones to E.164 (duplicates dropped); one that is no phone number is refused at its index. */
export function normalizePhones(raw: string[], field = 'phones'): string[] {
  const out: string[] = [];
  const problems: Record<string, string[]> = {};
  raw.forEach((p, i) => {
    const e164 = normalizePhone(p);
    if (!e164) problems[`${field}.${i}`] = ['must be a phone number'];
    else if (!out.includes(e164)) out.push(e164);
  });
  if (Object.keys(problems).length) throw invalidFields(problems);
  return out;
}

export const normalizeEmails = (raw: string[]) => [...new Set(raw.map((e) => e.trim().toLowerCase()))];
export const normalizeTags = (raw: string[]) => [...new Set(raw.map((t) => t.trim()).filter(Boolean))];

/** The owner must be a member of the project. */
export async function checkOwner(projectId: string, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const member = await db().membership.findUnique({
    where: { userId_projectId: { userId: ownerId, projectId } },
    select: { userId: true },
  });
  if (!member) throw invalidFields({ ownerId: ['must be a member of this project'] });
}

/**
 * Custom field values checked against the project's definitions for that entity: unknown keys and values
 * of the wrong type are refused (null clears a value).
 */
export async function checkFieldValues(
  projectId: string,
  entity: 'contact' | 'deal',
  values: Values,
): Promise<Values> {
  const keys = Object.keys(values);
  if (keys.length === 0) return values;
  const defs = await db().crmField.findMany({ where: { projectId, entity, key: { in: keys } } });
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const problems: Record<string, string[]> = {};
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      problems[`fields.${key}`] = ['is not a custom field of this project'];
      continue;
    }
    if (value === null || value === '') {
      out[key] = null;
      continue;
    }
    const v = coerceFieldValue(def.type, def.options, value);
    if (v === undefined)
      problems[`fields.${key}`] = [
        `must be a ${def.type}${def.type === 'select' ? ` (${def.options.join(', ')})` : ''}`,
      ];
    else out[key] = v;
  }
  if (Object.keys(problems).length) throw invalidFields(problems);
  return out;
}

export function coerceFieldValue(
  type: string,
  options: string[],
  value: string | number | boolean,
): string | number | boolean | undefined {
  const text = String(value).trim();
  switch (type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(text.replace(',', '.').replace(/\s/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (/^(true|yes|да|1)$/i.test(text)) return true;
      if (/^(false|no|нет|0)$/i.test(text)) return false;
      return undefined;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
    case 'select':
      return options.includes(text) ? text : undefined;
    default:
      return text.slice(0, 2000);
  }
}
