import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createProject, createProjectInput } from '~/.server/access/create-project.server';
import { requireApiUser } from '~/.server/access/project-access.server';
import { userProjects } from '~/.server/access/user-projects.server';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { clientInfo } from '~/.server/auth/client-info.server';
import { rateLimitedResponse } from '~/.server/http/rate-limit';
import { consumeAccountRate } from '~/.server/http/rate-limits';

export const guard: RouteGuard = 'signed-in';

/**
 * Guard: every signed-in user lists their own projects and may create one (and becomes its owner), a limited
 * number per hour.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  return Response.json({ projects: await userProjects(user.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireApiUser(request);
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to create a project.');
  const rate = await consumeAccountRate('project-create', user.id);
  if (!rate.ok) return rateLimitedResponse(rate.retryAfterSeconds);
  const parsed = await parseJsonBody(request, createProjectInput);
  if (!parsed.ok) return parsed.response;
  const project = await createProject(user.id, parsed.data.name, clientInfo(request));
  return Response.json(
    { id: project.id, name: project.name, role: 'owner', createdAt: project.createdAt },
    { status: 201 },
  );
}
