import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { db } from '~/.server/db';
import { deleteProject, deleteProjectInput } from '~/.server/projects/delete-project.server';

export const guard: RouteGuard = 'project.read';
export const actionGuard: RouteGuard = 'project.delete';

/** The project: id, name, the caller's role in it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'project.read');
  const project = await db().project.findUniqueOrThrow({
    where: { id: access.projectId },
    select: { id: true, name: true, createdAt: true },
  });
  return Response.json({ ...project, role: access.role });
}

/**
 * DELETE `{name}`: owners only, confirmed by the project's exact name. Everything that reaches the project
 * stops at once (its pages and API answer 404, its live calls end, its trunks un-register); its data is
 * removed by a worker shortly after. Answers 202.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'project.delete');
  if (request.method !== 'DELETE')
    return apiError(405, 'method_not_allowed', 'Use DELETE with {"name": "<the project name>"}.');
  const parsed = await parseJsonBody(request, deleteProjectInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () => {
    await deleteProject(serviceContext(request, access), parsed.data.name);
    return new Response(null, { status: 202 });
  });
}
