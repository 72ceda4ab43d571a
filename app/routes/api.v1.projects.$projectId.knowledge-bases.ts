import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { createKnowledgeBase, listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { createKnowledgeBaseInput } from '~/.server/knowledge-base/source-input';

export const guard: RouteGuard = 'knowledge.read';
export const actionGuard: RouteGuard = 'knowledge.edit';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'knowledge.read');
  return Response.json({ knowledgeBases: await listKnowledgeBases(projectId) });
}

/** POST `{name, description?}`. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'knowledge.edit');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to create one.');
  const parsed = await parseJsonBody(request, createKnowledgeBaseInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await createKnowledgeBase(serviceContext(request, access), parsed.data), { status: 201 }),
  );
}
