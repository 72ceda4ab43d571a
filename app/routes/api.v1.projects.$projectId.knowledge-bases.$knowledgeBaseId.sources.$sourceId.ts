import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { sourceChunks } from '~/.server/knowledge-base/chunk-store.server';
import { deleteSource, reindexSource } from '~/.server/knowledge-base/sources.server';

export const guard: RouteGuard = 'knowledge.read';
export const actionGuard: RouteGuard = 'knowledge.edit';

const notFound = () => apiError(404, 'source_not_found', 'No such source in this project.');

/** The chunks search currently sees for this source (the chunk preview). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'knowledge.read');
  if (!isUuid(params.sourceId)) return notFound();
  return Response.json({ chunks: await sourceChunks(projectId, params.sourceId) });
}

/** POST re-indexes the source (search keeps the old chunks until the new ones are ready); DELETE removes it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'knowledge.edit');
  const { knowledgeBaseId: kbId, sourceId } = params;
  if (!isUuid(kbId) || !isUuid(sourceId)) return notFound();
  const ctx = serviceContext(request, access);
  if (request.method === 'POST') {
    return answerServiceErrors(async () =>
      Response.json(await reindexSource(ctx, kbId, sourceId), { status: 202 }),
    );
  }
  if (request.method === 'DELETE') {
    return answerServiceErrors(async () => {
      await deleteSource(ctx, kbId, sourceId);
      return new Response(null, { status: 204 });
    });
  }
  return apiError(405, 'method_not_allowed', 'Use POST to re-index or DELETE to remove the source.');
}
