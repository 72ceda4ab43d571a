import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { testTurnInput } from '~/.server/agents/agent-input';
import { sendTestTurn } from '~/.server/agents/console-sessions.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.edit';

/** POST `{text}` or `{dtmf}`: one turn; answers the replies, commands, trace and the active node. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to send a turn.');
  await enforceProjectRateLimit(access, 'test-turn');
  if (!isUuid(params.agentId) || !isUuid(params.sessionId))
    return apiError(404, 'test_session_not_found', 'No such test conversation.');
  const { agentId, sessionId } = params;
  const parsed = await parseJsonBody(request, testTurnInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json({
      turn: await sendTestTurn(serviceContext(request, access), agentId, sessionId, parsed.data),
    }),
  );
}
