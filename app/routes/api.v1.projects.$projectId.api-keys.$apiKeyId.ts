import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { revokeApiKey } from '~/.server/api-keys/api-keys.server';

export const guard: RouteGuard = 'apiKeys.manage';

/** DELETE revokes the key at once; it stays listed (revoked) for the record. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'apiKeys.manage');
  if (request.method !== 'DELETE')
    return apiError(405, 'method_not_allowed', 'Use DELETE to revoke the key.');
  const apiKeyId = params.apiKeyId;
  if (!isUuid(apiKeyId)) return apiError(404, 'api_key_not_found', 'No such API key in this project.');
  return answerServiceErrors(async () =>
    Response.json({ apiKey: await revokeApiKey(serviceContext(request, access), apiKeyId) }),
  );
}
