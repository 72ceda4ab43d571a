import { createApiKey, createApiKeyInput, listApiKeys } from '~/.server/api-keys/api-keys.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** The project's API keys: name, role, prefix, last use; never the secret. */
export const loader = projectApiLoader({ permission: 'apiKeys.manage' }, async ({ access }) =>
  Response.json({ apiKeys: await listApiKeys(access.projectId) }),
);

/** POST `{name, role, expiresInDays?}`: the key (`token`) is in this answer and nowhere else, ever. */
export const action = projectApiAction(
  { permission: 'apiKeys.manage' },
  {
    POST: async ({ request, ctx }) => {
      const created = await createApiKey(ctx, await jsonBody(request, createApiKeyInput));
      return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
