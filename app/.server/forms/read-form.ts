import { apiError, bodyTooLarge, DEFAULT_JSON_BODY_BYTES, unstorableInput } from '../api/api-error.ts';
import { BodyTooLargeError, MalformedBodyError, readFormBody } from '../api/request-body.ts';
import { isStorableText, UNSTORABLE_MESSAGE } from '../api/storable-text.ts';

/**
 * A page action's form, read under a hard cap (413 past it, whether or not the client declared a length) and
 * refused with 400 naming the field when a value, a field name or a file's name or type holds text Postgres cannot
 * store (NUL, lone surrogates). Thrown, so each action reads its form in one line (issue 14, items 10 and 14).
 */
export async function readForm(request: Request, maxBytes = DEFAULT_JSON_BODY_BYTES): Promise<FormData> {
  let form: FormData;
  try {
    form = await readFormBody(request, maxBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw bodyTooLarge(maxBytes);
    if (e instanceof MalformedBodyError) throw apiError(400, 'malformed_form', e.message);
    throw e;
  }
  const fields = unstorableFormFields(form);
  if (Object.keys(fields).length > 0) throw unstorableInput(fields);
  return form;
}

export function unstorableFormFields(form: FormData): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [key, value] of form) {
    const texts = typeof value === 'string' ? [key, value] : [key, value.name, value.type];
    if (!texts.every(isStorableText)) fields[key] = [UNSTORABLE_MESSAGE];
  }
  return fields;
}
