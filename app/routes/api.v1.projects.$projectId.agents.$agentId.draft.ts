import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { saveDraftInput } from '~/.server/agents/agent-input';
import { getDraft, saveDraft } from '~/.server/agents/draft.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';

export const guard: RouteGuard = 'agents.read';
export const actionGuard: RouteGuard = 'agents.edit';

/** A 500-node flow is about 300 KB of JSON; leave room, but not for abuse. */
const MAX_DRAFT_BYTES = 5 * 1024 * 1024;
const notFound = () => apiError(404, 'agent_not_found', 'No such agent in this project.');

/** The draft graph, its revision, and its validation report. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'agents.read');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  return answerServiceErrors(async () => Response.json(await getDraft(projectId, agentId)));
}

/** PUT `{graph, revision}`: saved only if the draft is still at `revision` (else 409 stale_revision). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'agents.edit');
  if (request.method !== 'PUT') return apiError(405, 'method_not_allowed', 'Use PUT to save the draft.');
  if (!isUuid(params.agentId)) return notFound();
  const agentId = params.agentId;
  const parsed = await parseJsonBody(request, saveDraftInput, MAX_DRAFT_BYTES);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await saveDraft(serviceContext(request, access), agentId, parsed.data)),
  );
}
