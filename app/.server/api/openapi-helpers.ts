// Small builders the OpenAPI area files share, so each path reads as what it does.
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export const jsonResponse = (description: string, schema: object = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });

export const uuidParam = (name: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
});

export const bearerSecurity = [{ bearer: [] }];

/** The answers every project route can give besides its own. */
export const projectErrors = (forbidden: string, notFound: string) => ({
  '401': errorResponse('No or bad credentials'),
  '403': errorResponse(forbidden),
  '404': errorResponse(notFound),
});

/** The 429 of a rate-limited path (limits in app/.server/http/rate-limits.ts). */
export const rateLimited = {
  '429': errorResponse(
    'Too many requests (`rate_limited`): over the limit for the caller or the project; retry after `Retry-After` seconds',
  ),
};
