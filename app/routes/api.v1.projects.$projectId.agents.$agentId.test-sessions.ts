import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { versionChoiceInput } from '~/.server/agents/agent-input';
import { listTestSessions, startTestSession } from '~/.server/agents/console-sessions.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';
export const actionGuard: RouteGuard = 'agents.edit';

const notFound = () => apiError(404, 'agent_not_found', 'No such agent in this project.');

/** Past test conversations of this agent, newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  return Response.json({ sessions: await listTestSessions(projectId, agentId) });
}

/** POST `{versionId?}`: a new test conversation with the draft (or a version); answers its first turn. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to start a test.');
  await enforceProjectRateLimit(access, 'test-session');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  const parsed = await parseJsonBody(request, versionChoiceInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await startTestSession(serviceContext(request, access), agentId, parsed.data.versionId), {
      status: 201,
    }),
  );
}
