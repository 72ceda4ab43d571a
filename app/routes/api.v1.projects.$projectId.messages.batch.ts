import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { enqueueMessages, messageBatchInput } from '~/.server/messaging/messages.server';

/**
 * POST queues up to 1,000 messages at once (one INSERT, one BullMQ addBulk). Each may carry its own
 * idempotencyKey: a repeat answers the first message with `created: false`. A bad message refuses the whole
 * batch, named by index (`messages.3.to`), before anything is queued.
 */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, access }) => {
      const input = await jsonBody(request, messageBatchInput, 4 * 1024 * 1024);
      const results = await enqueueMessages(access.projectId, input.messages);
      return Response.json(
        { messages: results.map((r) => ({ ...r.message, created: r.created })) },
        { status: 202 },
      );
    },
  },
);
