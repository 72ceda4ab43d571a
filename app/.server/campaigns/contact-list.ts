/**
 * An uploaded contact list becomes contacts: the mapped phone column normalised to E.164, duplicates merged
 * (their rows and variables kept), bad rows listed with their reason (never dropped silently), every other
 * column a flow variable. Pure, so the preview and the import share it.
 */
import { z } from 'zod';
import { normalisePhone } from '../compliance/phone-number.ts';
import { isKnownZone } from '../compliance/phone-zones.ts';
import type { Table } from './csv-table.ts';

export const columnMapping = z.object({
  phone: z.string().min(1),
  name: z.string().optional(),
  timezone: z.string().optional(),
});
export type ColumnMapping = z.infer<typeof columnMapping>;

export interface ListedContact {
  phone: string;
  name: string;
  timezone: string | null;
  variables: Record<string, string>;
  /** 1-based data rows (the header is row 0). */
  rows: number[];
}
export type RowProblem = 'empty_phone' | 'invalid_phone' | 'unknown_timezone';
export interface RowError {
  row: number;
  value: string;
  reason: RowProblem;
}
export interface ContactList {
  columns: string[];
  mapping: ColumnMapping | null;
  variableNames: string[];
  contacts: ListedContact[];
  errors: RowError[];
  duplicates: number;
}

const GUESS: Record<keyof ColumnMapping, RegExp> = {
  phone: /^(phone|phone[_ ]?number|number|tel|telephone|mobile|msisdn|телефон|номер|номер телефона|тел\.?)$/i,
  name: /^(name|full[_ ]?name|имя|фио|клиент|contact)$/i,
  timezone: /^(timezone|time[_ ]?zone|tz|часовой пояс)$/i,
};

/** The mapping a list's header suggests (the wizard shows it for the user to correct). */
export function guessMapping(columns: string[]): ColumnMapping | null {
  const find = (re: RegExp) => columns.find((c) => re.test(c.trim()));
  const phone = find(GUESS.phone);
  if (!phone) return null;
  const name = find(GUESS.name);
  const timezone = find(GUESS.timezone);
  return { phone, ...(name ? { name } : {}), ...(timezone ? { timezone } : {}) };
}

/** A variable name the flow accepts: letters, digits and _ (Cyrillic kept). */
export const variableName = (column: string): string =>
  column
    .trim()
    .replace(/[^\p{L}\p{N}_]+/gu, '_')
    .replace(/^_+|_+$/g, '') || 'column';

export function readContactList(table: Table, requested?: ColumnMapping): ContactList {
  const mapping = requested ?? guessMapping(table.columns);
  const base = { columns: table.columns, mapping, contacts: [], errors: [], duplicates: 0 };
  if (!mapping || !table.columns.includes(mapping.phone)) return { ...base, variableNames: [] };
  const index = (c?: string) => (c ? table.columns.indexOf(c) : -1);
  const phoneAt = index(mapping.phone);
  const nameAt = index(mapping.name);
  const zoneAt = index(mapping.timezone);
  const extra = table.columns
    .map((c, i) => ({ c, i, name: variableName(c) }))
    .filter(({ i }) => i !== phoneAt && i !== nameAt && i !== zoneAt);
  const byPhone = new Map<string, ListedContact>();
  const errors: RowError[] = [];
  let duplicates = 0;
  table.rows.forEach((cells, i) => {
    const row = i + 1;
    const raw = cells[phoneAt] ?? '';
    const phone = normalisePhone(raw);
    if (!phone.ok) {
      errors.push({ row, value: raw, reason: phone.reason === 'empty' ? 'empty_phone' : 'invalid_phone' });
      return;
    }
    const zoneText = zoneAt >= 0 ? (cells[zoneAt] ?? '').trim() : '';
    if (zoneText && !isKnownZone(zoneText)) {
      errors.push({ row, value: zoneText, reason: 'unknown_timezone' });
      return;
    }
    const variables: Record<string, string> = {};
    for (const { i: at, name } of extra) {
      const v = (cells[at] ?? '').trim();
      if (v !== '') variables[name] = v;
    }
    const existing = byPhone.get(phone.e164);
    if (existing) {
      // The later row fills what the earlier left empty; both rows are remembered.
      duplicates++;
      existing.rows.push(row);
      existing.variables = { ...variables, ...existing.variables };
      existing.name ||= nameAt >= 0 ? (cells[nameAt] ?? '').trim() : '';
      existing.timezone ??= zoneText || null;
      return;
    }
    byPhone.set(phone.e164, {
      phone: phone.e164,
      name: nameAt >= 0 ? (cells[nameAt] ?? '').trim() : '',
      timezone: zoneText || null,
      variables,
      rows: [row],
    });
  });
  return {
    ...base,
    variableNames: extra.map((e) => e.name),
    contacts: [...byPhone.values()],
    errors,
    duplicates,
  };
}

/** JSON contacts ({phone, name?, timezone?, ...variables}) as a table, so both paths share the rules. */
export function tableFromObjects(items: Record<string, unknown>[]): Table {
  const columns: string[] = [];
  for (const item of items)
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  return {
    columns,
    rows: items.map((item) =>
      columns.map((c) => {
        const v = item[c];
        return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      }),
    ),
  };
}
