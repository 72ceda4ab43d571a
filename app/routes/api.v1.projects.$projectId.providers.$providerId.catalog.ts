import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { openProvider, providerNotFound } from '~/.server/provider-accounts/provider-accounts.server';
import { listCatalog } from '~/.server/provider-accounts/provider-listing.server';

/** The voices and models the account offers: listed by the provider where it can, else the documented ones. */
export const loader = projectApiLoader(
  { permission: 'agents.edit', ids: { providerId: MISSING.provider } },
  async ({ access, ids }) => {
    const account = await openProvider(access.projectId, ids.providerId);
    if (!account) throw providerNotFound();
    return Response.json(await listCatalog(account));
  },
);
