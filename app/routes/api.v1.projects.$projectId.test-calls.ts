import { apiError } from '~/.server/api/api-error';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { createTestCall, createTestCallInput, listTestCalls } from '~/.server/telephony/trial-calls.server';

export const loader = projectApiLoader({ permission: 'telephony.read' }, async ({ access }) =>
  Response.json({ testCalls: await listTestCalls(access.projectId) }),
);

/** POST queues a call through a connection with an agent version; poll GET …/test-calls/{id} for progress. */
export const action = projectApiAction(
  { permission: 'telephony.manage' },
  {
    POST: async ({ request, access, ctx }) => {
      const input = await jsonBody(request, createTestCallInput);
      // Counted once the request is well formed: a refused body places no call and spends no quota.
      await enforceProjectRateLimit(access, 'test-call');
      const { testCall, delivered } = await createTestCall(ctx, input);
      if (!delivered)
        return apiError(503, 'media_server_unavailable', 'No media server is running to place the call.');
      return Response.json(testCall, { status: 201 });
    },
  },
);
