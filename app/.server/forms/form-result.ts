import type { z } from 'zod';
import { ServiceError } from '../errors/service-error.ts';

/** What a page's form action answers on failure: codes, which the screen translates (ru/en). */
export type FieldCode = 'required' | 'tooShort' | 'tooLong' | 'invalidEmail' | 'invalid';
export interface FormFailure {
  ok: false;
  /** A ServiceError code (last_owner, email_taken…) or 'validation_failed'. */
  code: string;
  fields: Record<string, FieldCode>;
}

function fieldCode(issue: z.core.$ZodIssue): FieldCode {
  if (issue.code === 'too_small') return issue.minimum === 1 ? 'required' : 'tooShort';
  if (issue.code === 'too_big') return 'tooLong';
  if (issue.code === 'invalid_format' && issue.format === 'email') return 'invalidEmail';
  return 'invalid';
}

export function validationFailure(error: z.ZodError): FormFailure {
  const fields: Record<string, FieldCode> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= fieldCode(issue);
  }
  return { ok: false, code: 'validation_failed', fields };
}

/** Runs a service call from a page action; a ServiceError becomes a FormFailure with its status. */
export async function formServiceCall<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { failure: FormFailure; status: number }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const fields: Record<string, FieldCode> = {};
    for (const key of Object.keys(e.fields ?? {})) fields[key] = 'invalid';
    return { failure: { ok: false, code: e.code, fields }, status: e.status };
  }
}
