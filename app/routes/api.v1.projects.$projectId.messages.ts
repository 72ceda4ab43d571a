import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';
import {
  enqueueMessage,
  listMessages,
  messageInput,
  messagesQuery,
} from '~/.server/messaging/messages.server';

/** The message log, newest first, filtered by channel, status, recipient, call or campaign. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ request, access }) =>
  Response.json(await listMessages(access.projectId, queryInput(request, messagesQuery))),
);

/**
 * POST queues a message (a template with variables, or a text). An `Idempotency-Key` header (or the body's
 * idempotencyKey) makes a retried request answer the first message (200) instead of sending again (202).
 */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, access }) => {
      const input = await jsonBody(request, messageInput);
      const header = request.headers.get('idempotency-key')?.trim().slice(0, 200);
      const { message, created } = await enqueueMessage(access.projectId, {
        ...input,
        idempotencyKey: input.idempotencyKey ?? (header || undefined),
      });
      return Response.json(message, { status: created ? 202 : 200 });
    },
  },
);
