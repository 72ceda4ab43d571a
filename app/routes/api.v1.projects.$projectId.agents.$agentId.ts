import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { updateAgentInput } from '~/.server/agents/agent-input';
import { deleteAgent, requireAgent, updateAgent } from '~/.server/agents/agents.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';
export const actionGuard: RouteGuard = 'agents.edit';

const notFound = () => apiError(404, 'agent_not_found', 'No such agent in this project.');

/** The agent with its draft and live version. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  return answerServiceErrors(async () => Response.json(await requireAgent(projectId, agentId)));
}

/** PATCH changes name, language, voice, description or tags; DELETE removes the agent and its versions. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  const ctx = serviceContext(request, access);
  if (request.method === 'PATCH') {
    const parsed = await parseJsonBody(request, updateAgentInput);
    if (!parsed.ok) return parsed.response;
    return answerServiceErrors(async () => Response.json(await updateAgent(ctx, agentId, parsed.data)));
  }
  if (request.method === 'DELETE') {
    return answerServiceErrors(async () => {
      await deleteAgent(ctx, agentId);
      return new Response(null, { status: 204 });
    });
  }
  return apiError(405, 'method_not_allowed', 'Use PATCH to change the agent or DELETE to remove it.');
}
