import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { createProviderInput } from '~/.server/provider-accounts/provider-account-input';
import { createProvider, listProviders } from '~/.server/provider-accounts/provider-accounts.server';
import { EMBEDDED_VOICES } from '~/lib/providers/provider-catalog';

/** The project's provider accounts (keys masked) and the embedded voices every project has. */
export const loader = projectApiLoader({ permission: 'agents.edit' }, async ({ access }) =>
  Response.json({ providers: await listProviders(access.projectId), embedded: { voices: EMBEDDED_VOICES } }),
);

/** POST adds an account; the key is sealed and only ever shown masked. */
export const action = projectApiAction(
  { permission: 'credentials.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createProvider(ctx, await jsonBody(request, createProviderInput)), { status: 201 }),
  },
);
