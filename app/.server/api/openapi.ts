// The one OpenAPI description of /api/v1, served at /api/v1/openapi.json: generated from the operation
// table (operations/*.ts), whose schemas are the zod schemas the routes validate with.
import { buildOpenApiDocument } from './openapi-document.ts';
import { apiOperations } from './operations/index.ts';

export const openApiDocument = buildOpenApiDocument(apiOperations);
