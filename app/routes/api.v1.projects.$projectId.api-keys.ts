import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { createApiKey, createApiKeyInput, listApiKeys } from '~/.server/api-keys/api-keys.server';

export const guard: RouteGuard = 'apiKeys.manage';

/** The project's API keys: name, role, prefix, last use; never the secret. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'apiKeys.manage');
  return Response.json({ apiKeys: await listApiKeys(projectId) });
}

/** POST `{name, role, expiresInDays?}`: the key (`token`) is in this answer and nowhere else, ever. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'apiKeys.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to create an API key.');
  const parsed = await parseJsonBody(request, createApiKeyInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () => {
    const created = await createApiKey(serviceContext(request, access), parsed.data);
    return Response.json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  });
}
