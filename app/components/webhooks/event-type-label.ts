import type { TFunction, TranslationKey } from '~/i18n';

/**
 * An event type in words ("call.ended" → "Call ended", «Звонок завершён»). A type the dictionaries do not know
 * yet (one added on the server first) shows as its technical name rather than as a dictionary key.
 */
export function eventTypeLabel(t: TFunction, type: string): string {
  const key = `webhooks.events.${type.replace(/\./g, '_')}`;
  const label = (t as (k: string) => string)(key);
  return label === key ? type : label;
}

export type EventTypeKey = Extract<TranslationKey, `webhooks.events.${string}`>;

/** "Failing since 2026-12-07T10:00:00.000Z: HTTP 500", as the delivery worker writes it, in its parts. */
export function failingReason(reason: string): { since: string; error: string } | null {
  const m = /^Failing since (\S+): (.*)$/s.exec(reason);
  return m && !Number.isNaN(Date.parse(m[1] ?? '')) ? { since: m[1] ?? '', error: m[2] ?? '' } : null;
}
