import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import {
  deleteWebhook,
  getWebhook,
  updateWebhook,
  webhookUpdateInput,
} from '~/.server/webhooks/webhooks.server';

const ids = { webhookId: MISSING.webhook };

export const loader = projectApiLoader({ permission: 'project.update', ids }, async ({ access, ids }) =>
  Response.json(await getWebhook(access.projectId, ids.webhookId)),
);

export const action = projectApiAction(
  { permission: 'project.update', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateWebhook(ctx, ids.webhookId, await jsonBody(request, webhookUpdateInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteWebhook(ctx, ids.webhookId);
      return new Response(null, { status: 204 });
    },
  },
);
