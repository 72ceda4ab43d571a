/**
 * Message templates: `{{name}}` placeholders filled from the call, the contact and the flow's variables
 * (`{{contact.name}}`, `{{call.from}}`, `{{slot}}`). Each declared variable has a type and may have a default;
 * a placeholder with no value and no default is an error before sending, never an empty hole in a customer's
 * SMS. Pure: the editor's preview and the sender use the same code.
 */
import { z } from 'zod';

export const TEMPLATE_VARIABLE_TYPES = ['string', 'number', 'date', 'phone'] as const;

export const templateVariable = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][\w.]*$/, 'Letters, digits, _ and . only')
    .max(64),
  type: z.enum(TEMPLATE_VARIABLE_TYPES).default('string'),
  default: z.string().max(500).optional(),
});
export type TemplateVariable = z.infer<typeof templateVariable>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1] ?? '');
  return [...seen];
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[]; invalid: string[] };

export type TemplateValues = Record<string, string | number | boolean | null | undefined>;

function lookup(values: TemplateValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined || v === null || v === '') return undefined;
  return String(v);
}

const checks: Record<TemplateVariable['type'], (v: string) => boolean> = {
  string: () => true,
  number: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
  date: (v) => !Number.isNaN(Date.parse(v)),
  phone: (v) => /^\+?[\d\s()-]{5,20}$/.test(v),
};

/** Fills the placeholders; refuses (listing them) when a value is missing or of the wrong type. */
export function renderTemplate(
  text: string,
  values: TemplateValues,
  variables: readonly TemplateVariable[] = [],
): RenderResult {
  const declared = new Map(variables.map((v) => [v.name, v]));
  const missing: string[] = [];
  const invalid: string[] = [];
  const filled = new Map<string, string>();
  for (const name of placeholdersOf(text)) {
    const spec = declared.get(name);
    const value = lookup(values, name) ?? spec?.default;
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    if (spec && !checks[spec.type](value)) invalid.push(name);
    filled.set(name, value);
  }
  if (missing.length || invalid.length) return { ok: false, missing, invalid };
  return { ok: true, text: text.replace(PLACEHOLDER, (_, name: string) => filled.get(name) ?? '') };
}

/** Sample values for the preview: each declared default, else the placeholder's name in brackets. */
export function sampleValues(text: string, variables: readonly TemplateVariable[]): TemplateValues {
  const declared = new Map(variables.map((v) => [v.name, v]));
  return Object.fromEntries(
    placeholdersOf(text).map((n) => [n, declared.get(n)?.default ?? `[${n}]`] as const),
  );
}
