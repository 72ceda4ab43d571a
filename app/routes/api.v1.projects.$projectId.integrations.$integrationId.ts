import { projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { deleteIntegration, getIntegration } from '~/.server/integrations/integrations.server';

const ids = { integrationId: MISSING.integration };

/** One connection, its health and its last 100 requests. */
export const loader = projectApiLoader({ permission: 'crm.read', ids }, async ({ access, ids }) =>
  Response.json(await getIntegration(access.projectId, ids.integrationId)),
);

/** DELETE disconnects: the connection, its log and its sealed secret go. */
export const action = projectApiAction(
  { permission: 'credentials.manage', ids },
  {
    DELETE: async ({ ctx, ids }) => {
      await deleteIntegration(ctx, ids.integrationId);
      return new Response(null, { status: 204 });
    },
  },
);
