import type { TFunction, TranslationKey } from '~/i18n';

type FieldCode = 'required' | 'tooShort' | 'tooLong' | 'invalidEmail' | 'invalid';
export interface FormFailureData {
  ok: false;
  code: string;
  fields: Record<string, FieldCode>;
}

export function isFailure(data: unknown): data is FormFailureData {
  return typeof data === 'object' && data !== null && (data as { ok?: unknown }).ok === false;
}

/** The message for a failed form as a whole (a service refusal or "check the fields"). */
export function failureMessage(t: TFunction, failure: FormFailureData): string {
  const key = `forms.codes.${failure.code}` as TranslationKey;
  // An unknown key comes back as itself: fall back to the generic message.
  const message = (t as (k: string) => string)(key);
  return message === key ? t('forms.codes.unknown') : message;
}

export function fieldMessage(
  t: TFunction,
  failure: FormFailureData | undefined,
  field: string,
): string | undefined {
  const code = failure?.fields[field];
  return code ? t(`forms.fields.${code}`) : undefined;
}
