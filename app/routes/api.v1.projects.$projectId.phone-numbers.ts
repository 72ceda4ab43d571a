import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { createPhoneNumberInput } from '~/.server/telephony/phone-number-input';
import { createPhoneNumber, listPhoneNumbers } from '~/.server/telephony/phone-numbers.server';

/** The project's numbers with their connection, agent (live or pinned version) and hours. */
export const loader = projectApiLoader({ permission: 'telephony.read' }, async ({ access }) =>
  Response.json({ phoneNumbers: await listPhoneNumbers(access.projectId) }),
);

/** POST adds a number (E.164, any usual writing) or a SIP address. */
export const action = projectApiAction(
  { permission: 'telephony.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createPhoneNumber(ctx, await jsonBody(request, createPhoneNumberInput)), {
        status: 201,
      }),
  },
);
