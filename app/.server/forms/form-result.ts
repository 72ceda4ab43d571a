import { data } from '@remix-run/node';
import type { z } from 'zod';
import { type ServiceError } from '../errors/service-error.ts';

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

/** A ServiceError as the page's failure: its code, and 'invalid' at each field it names. */
export function serviceFailure(e: ServiceError): FormFailure {
  const fields: Record<string, FieldCode> = {};
  for (const key of Object.keys(e.fields ?? {})) fields[key] = 'invalid';
  return { ok: false, code: e.code, fields };
}

/**
 * The one answer of a page action that refuses: a 4xx status with `{ok: false, code, fields}`, codes the
 * screen translates (forms.codes.*, forms.fields.*).
 */
export function pageFailure(
  status: number,
  code: string,
  fields: Record<string, FieldCode> = {},
  headers?: HeadersInit,
) {
  const failure: FormFailure = { ok: false, code, fields };
  return data(failure, { status, headers });
}
export type PageFailure = ReturnType<typeof pageFailure>;

/** A zod refusal of a form as the page's failure (400). */
export const invalidForm = (error: z.ZodError) => data(validationFailure(error), { status: 400 });
