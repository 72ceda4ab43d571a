import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { updateProviderInput } from '~/.server/provider-accounts/provider-account-input';
import {
  deleteProvider,
  getProvider,
  updateProvider,
} from '~/.server/provider-accounts/provider-accounts.server';

const ids = { providerId: MISSING.provider };

export const loader = projectApiLoader({ permission: 'agents.edit', ids }, async ({ access, ids }) =>
  Response.json(await getProvider(access.projectId, ids.providerId)),
);

/** PATCH changes what is sent (a key sent replaces the stored one); DELETE removes the account and its key. */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateProvider(ctx, ids.providerId, await jsonBody(request, updateProviderInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteProvider(ctx, ids.providerId);
      return new Response(null, { status: 204 });
    },
  },
);
