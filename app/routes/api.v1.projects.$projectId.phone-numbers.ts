import type { RouteGuard } from '~/.server/access/permissions';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { requireProjectPermission } from '~/.server/access/project-access.server';
import { serviceContext } from '~/.server/access/service-context';
import { apiError, parseJsonBody } from '~/.server/api/api-error';
import { answerServiceErrors } from '~/.server/errors/service-error';
import { createPhoneNumberInput } from '~/.server/telephony/phone-number-input';
import { createPhoneNumber, listPhoneNumbers } from '~/.server/telephony/phone-numbers.server';

export const guard: RouteGuard = 'telephony.read';
export const actionGuard: RouteGuard = 'telephony.manage';

/** The project's numbers with their connection, agent (live or pinned version) and hours. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { projectId } = await requireProjectPermission(request, params.projectId, 'telephony.read');
  return Response.json({ phoneNumbers: await listPhoneNumbers(projectId) });
}

/** POST adds a number (E.164, any usual writing) or a SIP address. */
export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProjectPermission(request, params.projectId, 'telephony.manage');
  if (request.method !== 'POST') return apiError(405, 'method_not_allowed', 'Use POST to add a number.');
  const parsed = await parseJsonBody(request, createPhoneNumberInput);
  if (!parsed.ok) return parsed.response;
  return answerServiceErrors(async () =>
    Response.json(await createPhoneNumber(serviceContext(request, access), parsed.data), { status: 201 }),
  );
}
