import type { TFunction } from '~/i18n';
import { failedFields, type ApiFailure } from './api-client';

/** An unknown key comes back from `t` as itself; these helpers look keys up by the codes the API sends. */
const lookup = (t: TFunction, key: string): string | undefined => {
  const message = (t as (k: string) => string)(key);
  return message === key ? undefined : message;
};

/**
 * The words for a failure as a whole: the section's own for its code (`<section>.codes.<code>`), else the
 * shared ones (`forms.codes.<code>`), else "something went wrong". The API's own messages are English.
 */
export function apiFailureMessage(t: TFunction, failure: ApiFailure, section?: string): string {
  return (
    (section ? lookup(t, `${section}.codes.${failure.code}`) : undefined) ??
    lookup(t, `forms.codes.${failure.code}`) ??
    t('forms.codes.unknown')
  );
}

/**
 * The words for each field a failure blames, by its top-level name: `<section>.fieldErrors.<field>`, else
 * `<section>.fieldErrors.generic`; undefined for a field the failure does not blame.
 */
export function apiFieldMessages(
  t: TFunction,
  failure: ApiFailure | undefined,
  section: string,
): (field: string) => string | undefined {
  const fields = failedFields(failure);
  return (field) => {
    if (!fields.has(field)) return undefined;
    return (
      lookup(t, `${section}.fieldErrors.${field}`) ??
      lookup(t, `${section}.fieldErrors.generic`) ??
      t('forms.fields.invalid')
    );
  };
}
