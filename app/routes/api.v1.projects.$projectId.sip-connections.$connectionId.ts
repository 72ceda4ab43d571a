import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { updateSipConnectionInput } from '~/.server/telephony/sip-connection-input';
import {
  deleteSipConnection,
  getSipConnection,
  updateSipConnection,
} from '~/.server/telephony/sip-connections.server';

const ids = { connectionId: MISSING.sipConnection };

export const loader = projectApiLoader({ permission: 'telephony.read', ids }, async ({ access, ids }) =>
  Response.json(await getSipConnection(access.projectId, ids.connectionId)),
);

/** PATCH changes what is sent (a password sent replaces the stored one); DELETE removes it. Both apply live. */
export const action = projectApiAction(
  { permission: 'telephony.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(
        await updateSipConnection(ctx, ids.connectionId, await jsonBody(request, updateSipConnectionInput)),
      ),
    DELETE: async ({ ctx, ids }) => {
      await deleteSipConnection(ctx, ids.connectionId);
      return new Response(null, { status: 204 });
    },
  },
);
