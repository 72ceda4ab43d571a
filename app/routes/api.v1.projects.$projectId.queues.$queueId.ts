import { updateQueueInput } from '~/.server/handoffs/handoff-input';
import { deleteQueue, getQueue, updateQueue } from '~/.server/handoffs/queues.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { queueId: MISSING.queue };

export const loader = projectApiLoader({ permission: 'calls.read', ids }, async ({ access, ids }) =>
  Response.json(await getQueue(access.projectId, ids.queueId)),
);

/** PATCH changes a queue's skills and wait rules; DELETE removes it (its handoffs go with it). */
export const action = projectApiAction(
  { permission: 'telephony.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateQueue(ctx, ids.queueId, await jsonBody(request, updateQueueInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteQueue(ctx, ids.queueId);
      return new Response(null, { status: 204 });
    },
  },
);
