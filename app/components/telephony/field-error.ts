import { useT } from '~/i18n';
import type { ApiFailure } from './telephony-api';
import { failedFields } from './telephony-api';

const KNOWN = new Set([
  'name',
  'host',
  'port',
  'username',
  'authUsername',
  'password',
  'outboundProxy',
  'codecs',
  'address',
  'outboundCallerId',
  'to',
  'connectionId',
  'callerId',
  'workingHours',
  'pinnedVersionId',
]);

/** A translated message for a field the API refused (the API's own messages are English). */
export function useFieldError(failure: ApiFailure | undefined) {
  const t = useT();
  const fields = failedFields(failure);
  return (field: string): string | undefined => {
    if (!fields.has(field)) return undefined;
    return KNOWN.has(field)
      ? t(`telephony.fieldErrors.${field}` as 'telephony.fieldErrors.generic')
      : t('telephony.fieldErrors.generic');
  };
}
