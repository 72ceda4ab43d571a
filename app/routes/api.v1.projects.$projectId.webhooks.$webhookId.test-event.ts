import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { sendTestEvent } from '~/.server/webhooks/webhooks.server';

/** Sends a `webhook.test` event to this endpoint now; the answer is its delivery (follow it in the log). */
export const action = projectApiAction(
  { permission: 'project.update', ids: { webhookId: MISSING.webhook } },
  {
    POST: async ({ ctx, ids }) => Response.json(await sendTestEvent(ctx, ids.webhookId), { status: 202 }),
  },
);
