import { revokeApiKey } from '~/.server/api-keys/api-keys.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** DELETE revokes the key at once; it stays listed (revoked) for the record. */
export const action = projectApiAction(
  { permission: 'apiKeys.manage', ids: { apiKeyId: MISSING.apiKey } },
  { DELETE: async ({ ctx, ids }) => Response.json({ apiKey: await revokeApiKey(ctx, ids.apiKeyId) }) },
);
