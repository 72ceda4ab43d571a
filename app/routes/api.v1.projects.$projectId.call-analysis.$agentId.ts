import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { auditAs, serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { analysisConfigInput, analysisConfigOf } from '~/.server/calls/post-call-analysis.server';
import { db } from '~/.server/db';

export const guard: RouteGuard = 'calls.read';
export const actionGuard: RouteGuard = 'agents.edit';

const notFound = () => apiError(404, 'agent_not_found', 'No such agent in this project.');

async function agentIn(projectId: string, agentId: string | undefined) {
  if (!isUuid(agentId)) return null;
  return db().agent.findFirst({ where: { id: agentId, projectId }, select: { id: true } });
}

/** Guard: calls.read. The agent's post-call analysis: summary on or off, and its outcome fields. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'calls.read');
  const agent = await agentIn(projectId, params.agentId);
  if (!agent) return notFound();
  return Response.json(await analysisConfigOf(db(), projectId, agent.id));
}

/** Guard: agents.edit. PUT `{summary, fields: [{key, label, type, description?, slot?}]}`. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'PUT') return apiError(405, 'method_not_allowed', 'Use PUT to save the settings.');
  const agent = await agentIn(access.projectId, params.agentId);
  if (!agent) return notFound();
  const parsed = await parseJsonBody(request, analysisConfigInput);
  if (!parsed.ok) return parsed.response;
  const data = { summary: parsed.data.summary, fields: parsed.data.fields };
  await db().callAnalysisConfig.upsert({
    where: { agentId: agent.id },
    update: data,
    create: { ...data, agentId: agent.id, projectId: access.projectId },
  });
  await auditAs(serviceContext(request, access), {
    action: 'agent.call_analysis.update',
    targetType: 'agent',
    targetId: agent.id,
    diff: { after: data },
  });
  return Response.json(data);
}
