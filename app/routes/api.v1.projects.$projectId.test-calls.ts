import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { createTestCall, createTestCallInput, listTestCalls } from '~/.server/telephony/trial-calls.server';

export const guard: RouteGuard = 'telephony.read';
export const actionGuard: RouteGuard = 'telephony.manage';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  return Response.json({ testCalls: await listTestCalls(projectId) });
}

/** POST queues a call through a connection with an agent version; poll GET …/test-calls/{id} for progress. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to place a test call.');
  const parsed = await parseJsonBody(request, createTestCallInput);
  if (!parsed.ok) return parsed.response;
  // Counted once the request is well formed: a refused body places no call and spends no quota.
  await enforceProjectRateLimit(access, 'test-call');
  return answerServiceErrors(async () => {
    const { testCall, delivered } = await createTestCall(serviceContext(request, access), parsed.data);
    if (!delivered)
      return apiError(503, 'media_server_unavailable', 'No media server is running to place the call.');
    return Response.json(testCall, { status: 201 });
  });
}
