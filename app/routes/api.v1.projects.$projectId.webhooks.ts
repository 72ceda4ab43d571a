import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { createWebhook, listWebhooks, webhookInput } from '~/.server/webhooks/webhooks.server';

/** The project's webhooks (admins and owners). */
export const loader = projectApiLoader({ permission: 'project.update' }, async ({ access }) =>
  Response.json({ webhooks: await listWebhooks(access.projectId) }),
);

/** A new endpoint; the answer carries its signing secret, which is never shown again. */
export const action = projectApiAction(
  { permission: 'project.update' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createWebhook(ctx, await jsonBody(request, webhookInput)), {
        status: 201,
        headers: { 'Cache-Control': 'no-store' },
      }),
  },
);
