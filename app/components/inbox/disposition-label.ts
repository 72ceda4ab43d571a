import type { useT } from '~/i18n';

type T = ReturnType<typeof useT>;

const known = [
  'completed',
  'transferred',
  'dnc',
  'abandoned',
  'error',
  'booked',
  'not_interested',
  'voicemail',
  'no_answer',
  'busy',
  'failed',
  'remote_hangup',
  'local_hangup',
  'flow_hangup',
  'max_duration',
  'media_timeout',
  'drain',
] as const;
type Known = (typeof known)[number];
const isKnown = (value: string): value is Known => (known as readonly string[]).includes(value);

/** A call's outcome in the reader's language; one an author made up is shown as they wrote it. */
export function dispositionLabel(t: T, value: string | null | undefined): string {
  if (!value) return '—';
  return isKnown(value) ? t(`newUser.disposition.${value}`) : value;
}
