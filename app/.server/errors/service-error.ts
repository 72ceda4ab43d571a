import { apiError } from '../api/api-error.ts';

/**
 * A refusal from a service function (members, invitations, API keys...), shared by API routes and page
 * actions: the API answers it as `{error: {code, message, fields}}`, a page shows the message at the field.
 */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 410 | 413 | 422,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Runs a service call for an API route; a ServiceError becomes its JSON error response. */
export async function answerServiceErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ServiceError) return apiError(e.status, e.code, e.message, { fields: e.fields });
    throw e;
  }
}
