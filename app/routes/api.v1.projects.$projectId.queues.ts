import { createQueueInput } from '~/.server/handoffs/handoff-input';
import { createQueue, listQueues } from '~/.server/handoffs/queues.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** The project's operator queues with how many callers wait in each. */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ access }) =>
  Response.json({ queues: await listQueues(access.projectId) }),
);

/** POST creates a queue a Transfer block can name. */
export const action = projectApiAction(
  { permission: 'telephony.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createQueue(ctx, await jsonBody(request, createQueueInput)), { status: 201 }),
  },
);
