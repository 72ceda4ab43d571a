// The one OpenAPI description of /api/v1, served at /api/v1/openapi.json: generated from the operation
// table (operations/*.ts), whose schemas are the zod schemas the routes validate with.
import { buildOpenApiDocument } from './openapi-document.ts';
import { apiOperations } from './operations/index.ts';

let built: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Built on first use (the conversion takes a few hundred ms), not when the server starts. */
export function openApiDocument(): ReturnType<typeof buildOpenApiDocument> {
  built ??= buildOpenApiDocument(apiOperations);
  return built;
}
