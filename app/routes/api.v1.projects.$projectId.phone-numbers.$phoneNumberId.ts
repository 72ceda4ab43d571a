import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { isUuid, requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { updatePhoneNumberInput } from '~/.server/telephony/phone-number-input';
import {
  deletePhoneNumber,
  getPhoneNumber,
  updatePhoneNumber,
} from '~/.server/telephony/phone-numbers.server';

export const guard: RouteGuard = 'telephony.read';
export const actionGuard: RouteGuard = 'telephony.manage';

const notFound = () => apiError(404, 'phone_number_not_found', 'No such phone number in this project.');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  const id = params.phoneNumberId;
  if (!isUuid(id)) return notFound();
  return answerServiceErrors(async () => Response.json(await getPhoneNumber(projectId, id)));
}

/** PATCH changes what is sent; DELETE disconnects the number (calls to it get 404 from then on). */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  const id = params.phoneNumberId;
  if (!isUuid(id)) return notFound();
  const ctx = serviceContext(request, access);
  if (request.method === 'PATCH') {
    const parsed = await parseJsonBody(request, updatePhoneNumberInput);
    if (!parsed.ok) return parsed.response;
    return answerServiceErrors(async () => Response.json(await updatePhoneNumber(ctx, id, parsed.data)));
  }
  if (request.method === 'DELETE') {
    return answerServiceErrors(async () => {
      await deletePhoneNumber(ctx, id);
      return new Response(null, { status: 204 });
    });
  }
  return apiError(405, 'method_not_allowed', 'Use PATCH to change the number or DELETE to remove it.');
}
