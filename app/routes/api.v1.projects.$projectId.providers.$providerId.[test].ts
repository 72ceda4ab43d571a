import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import {
  openProvider,
  providerNotFound,
  recordTest,
} from '~/.server/provider-accounts/provider-accounts.server';
import { testProvider } from '~/.server/provider-accounts/provider-test.server';

/**
 * POST makes one minimal real request with the stored key and answers whether it worked, with the reason in
 * plain words when not (bad key, wrong region or folder, quota, unreachable). A failed test is a 200 too:
 * the test ran; `ok` says how it went.
 */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids: { providerId: MISSING.provider } },
  {
    POST: async ({ access, ids }) => {
      await enforceProjectRateLimit(access, 'provider-request');
      const account = await openProvider(access.projectId, ids.providerId);
      if (!account) throw providerNotFound();
      const result = await testProvider(account);
      await recordTest(access.projectId, account.id, result);
      return Response.json(result, { headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
