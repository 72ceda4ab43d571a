import type { Localized } from '../i18n';
import type { FieldLayout } from '../nodes/node-definition';

/**
 * The words the inspector shows for a data path (`prompt` → "Question"; `assignments.0.variable` →
 * "Assignments › 1 › Variable"), so a validation message names what the user sees, not the JSON key.
 * A path the layout does not describe keeps its key.
 */
export function fieldLabel(fields: readonly FieldLayout[], path: readonly PropertyKey[]): Localized {
  const en: string[] = [];
  const ru: string[] = [];
  let layout: readonly FieldLayout[] | undefined = fields;
  let rest = path.map(String);
  while (rest.length > 0) {
    // Layout names may be dotted themselves (`retry.prompt`): the longest one that matches wins.
    const match: { field: FieldLayout; length: number } | undefined = (layout ?? [])
      .map((field) => ({ field, length: field.name.split('.').length }))
      .filter(({ field, length }) => field.name === rest.slice(0, length).join('.'))
      .sort((a, b) => b.length - a.length)[0];
    // An object the inspector shows as its parts (`target` as `target.kind` and `target.value`): missing as a
    // whole, it is named by its first part ("Transfer to").
    const part = match ? undefined : (layout ?? []).find((f) => f.name.startsWith(`${rest.join('.')}.`));
    if (part) {
      en.push(part.label.en);
      ru.push(part.label.ru);
      break;
    }
    if (!match) {
      en.push(rest.join('.'));
      ru.push(rest.join('.'));
      break;
    }
    en.push(match.field.label.en);
    ru.push(match.field.label.ru);
    rest = rest.slice(match.length);
    layout = match.field.itemFields;
    if (match.field.kind === 'list' && rest[0] !== undefined && /^\d+$/.test(rest[0])) {
      const number = String(Number(rest[0]) + 1);
      en.push(number);
      ru.push(number);
      rest = rest.slice(1);
    }
  }
  return { en: en.join(' › '), ru: ru.join(' › ') };
}
