// One row of the API's operation table (api/operations/*.ts), from which the OpenAPI file is generated. Its
// schemas are the ones the route validates with, so the document cannot say something the route does not.
import type { z } from 'zod';
import type { RouteGuard } from '../access/permissions.ts';
import type { AccountRateLimit, ProjectRateLimit } from '../http/rate-limits.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An answer: a JSON schema, `null` for an empty body, or another media type (CSV, WAV). */
export type ResponseSpec =
  z.ZodType | null | { description: string; schema?: z.ZodType; contentType?: string };

export interface ApiOperation {
  method: HttpMethod;
  /** As the route file names it: `/projects/{projectId}/agents` (paths are a contract). */
  path: string;
  operationId: string;
  summary: string;
  tags: readonly string[];
  /** The route's guard: who may call it. */
  permission: RouteGuard;
  /** Path parameters; by default every `{name}` in the path is a UUID (the routes answer 404 otherwise). */
  params?: z.ZodObject;
  /** The query string, as the route parses `Object.fromEntries(searchParams)`. */
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** A multipart/form-data body the route reads besides JSON. */
  multipart?: z.ZodType;
  /** Answers by status: the success ones; errors come from `errors` and the defaults (401, 403, 404, 400). */
  responses: Partial<Record<number, ResponseSpec>>;
  /** Failure answers by status (all `{"error":{code,message,fields}}`), overriding the defaults. */
  errors?: Partial<Record<number, string>>;
  /** The limit the route enforces (429 with Retry-After). */
  rateLimit?: ProjectRateLimit | AccountRateLimit;
}
