import type { ApiFailure } from '~/components/api/api-client';
import { FormField } from '~/components/ui/form-field';
import { Input } from '~/components/ui/input';
import { useT } from '~/i18n';
import type { FieldItem } from './crm-types';

type Value = string | number | boolean | null;

/**
 * The custom fields' values of a submitted form, as typed: the server reads numbers, dates, yes/no and
 * choices from text (it accepts "1 500,5" and "да"), so a wrong value comes back as that field's message
 * instead of being lost on the way. An empty input clears the value.
 */
export function customFieldValues(form: FormData, fields: FieldItem[]): Record<string, Value> {
  const values: Record<string, Value> = {};
  for (const f of fields) {
    const v = String(form.get(`field.${f.key}`) ?? '').trim();
    values[f.key] = v === '' ? null : v;
  }
  return values;
}

/** The field's own message when the API refused its value (`fields.<key>`), in the words for its type. */
function fieldError(t: ReturnType<typeof useT>, failure: ApiFailure | undefined, f: FieldItem) {
  if (!failure?.fields?.[`fields.${f.key}`]) return undefined;
  switch (f.type) {
    case 'number':
      return t('crm.fieldErrors.customNumber');
    case 'date':
      return t('crm.fieldErrors.customDate');
    case 'boolean':
      return t('crm.fieldErrors.customBoolean');
    case 'select':
      return t('crm.fieldErrors.customSelect', { options: f.options.join(', ') });
    default:
      return t('crm.fieldErrors.generic');
  }
}

/** One input per custom field of a contact or a deal, with its current value and its message. */
export function CustomFieldInputs({
  fields,
  values = {},
  failure,
  idPrefix,
}: {
  fields: FieldItem[];
  values?: Record<string, Value>;
  failure: ApiFailure | undefined;
  /** Keeps the choice lists of two open forms apart. */
  idPrefix: string;
}) {
  const t = useT();
  return (
    <>
      {fields.map((f) => (
        <FormField key={f.id} label={f.label} error={fieldError(t, failure, f)}>
          <Input
            name={`field.${f.key}`}
            type={f.type === 'date' ? 'date' : 'text'}
            inputMode={f.type === 'number' ? 'decimal' : undefined}
            list={f.type === 'select' || f.type === 'boolean' ? `${idPrefix}-options-${f.key}` : undefined}
            defaultValue={values[f.key] === null || values[f.key] === undefined ? '' : String(values[f.key])}
          />
        </FormField>
      ))}
      {fields
        .filter((f) => f.type === 'select' || f.type === 'boolean')
        .map((f) => (
          <datalist key={f.key} id={`${idPrefix}-options-${f.key}`}>
            {(f.type === 'boolean' ? ['true', 'false'] : f.options).map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ))}
    </>
  );
}
