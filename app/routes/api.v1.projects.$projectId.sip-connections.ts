import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { PROVIDER_PRESETS } from '~/.server/telephony/provider-presets';
import { createSipConnectionInput } from '~/.server/telephony/sip-connection-input';
import { createSipConnection, listSipConnections } from '~/.server/telephony/sip-connections.server';

/** The project's SIP connections with live registration status, and the provider presets. */
export const loader = projectApiLoader({ permission: 'telephony.read' }, async ({ access }) =>
  Response.json({
    connections: await listSipConnections(access.projectId),
    presets: Object.values(PROVIDER_PRESETS),
  }),
);

/** POST creates a connection; the password is sealed and only ever shown as set (a fixed mask). */
export const action = projectApiAction(
  { permission: 'telephony.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createSipConnection(ctx, await jsonBody(request, createSipConnectionInput)), {
        status: 201,
      }),
  },
);
