// What the API keys API answers: ApiKeyView as JSON (documented in the OpenAPI file).
import { z } from 'zod';
import { roleSchema } from '../access/access-views.ts';
import { isoDateTime } from '../api/api-schemas.ts';

export const apiKeyView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: roleSchema.exclude(['owner']),
    prefix: z.string().describe('The public part: keys look like vpk_<prefix>_<secret>'),
    createdAt: isoDateTime,
    expiresAt: isoDateTime.nullable(),
    lastUsedAt: isoDateTime.nullable(),
    revokedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeyView = z.object({
  apiKey: apiKeyView,
  token: z.string().describe('The secret, shown in this answer only'),
});
