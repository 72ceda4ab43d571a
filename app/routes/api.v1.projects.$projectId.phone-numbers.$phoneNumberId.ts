import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { updatePhoneNumberInput } from '~/.server/telephony/phone-number-input';
import {
  deletePhoneNumber,
  getPhoneNumber,
  updatePhoneNumber,
} from '~/.server/telephony/phone-numbers.server';

const ids = { phoneNumberId: MISSING.phoneNumber };

export const loader = projectApiLoader({ permission: 'telephony.read', ids }, async ({ access, ids }) =>
  Response.json(await getPhoneNumber(access.projectId, ids.phoneNumberId)),
);

/** PATCH changes what is sent; DELETE disconnects the number (calls to it get 404 from then on). */
export const action = projectApiAction(
  { permission: 'telephony.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(
        await updatePhoneNumber(ctx, ids.phoneNumberId, await jsonBody(request, updatePhoneNumberInput)),
      ),
    DELETE: async ({ ctx, ids }) => {
      await deletePhoneNumber(ctx, ids.phoneNumberId);
      return new Response(null, { status: 204 });
    },
  },
);
