import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { createAgentInput } from '~/.server/agents/agent-input';
import { createAgent, listAgents } from '~/.server/agents/agents.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';
export const actionGuard: RouteGuard = 'agents.edit';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  return Response.json({ agents: await listAgents(projectId) });
}

/** POST `{name, language, voice?, description?, tags?, template?}`: a new agent whose draft is the template. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to create an agent.');
  const parsed = await parseJsonBody(request, createAgentInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await createAgent(serviceContext(request, access), parsed.data), { status: 201 }),
  );
}
