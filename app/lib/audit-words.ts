import type { TFunction } from '~/i18n';

// The audit log stores codes ("crm.contact.merge", "knowledge_base"); the screen shows them in words. A code the
// dictionaries do not know yet (added on the server first) shows as itself rather than as a dictionary key.
function lookup(t: TFunction, key: string, code: string): string {
  const label = (t as (k: string) => string)(key);
  return label === key ? code : label;
}

export const auditActionLabel = (t: TFunction, action: string) =>
  lookup(t, `auditWords.actions.${action.replace(/\./g, '__')}`, action);

export const auditTargetLabel = (t: TFunction, targetType: string) =>
  lookup(t, `auditWords.targets.${targetType}`, targetType);
