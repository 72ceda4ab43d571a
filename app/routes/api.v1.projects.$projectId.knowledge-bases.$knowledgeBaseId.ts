import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { deleteKnowledgeBase } from '~/.server/knowledge-base/knowledge-bases.server';

export const guard: RouteGuard = 'knowledge.edit';

/** DELETE removes the knowledge base with all its sources and chunks. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'knowledge.edit');
  if (request.method !== 'DELETE') return apiError(405, 'method_not_allowed', 'Use DELETE.');
  const kbId = params.knowledgeBaseId;
  if (!isUuid(kbId))
    return apiError(404, 'knowledge_base_not_found', 'No such knowledge base in this project.');
  return answerServiceErrors(async () => {
    await deleteKnowledgeBase(serviceContext(request, access), kbId);
    return new Response(null, { status: 204 });
  });
}
