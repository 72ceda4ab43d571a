import { projectApiLoader, queryInput } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { deliveriesQuery, listDeliveries } from '~/.server/webhooks/webhooks.server';

/** The delivery log, newest first: status, attempts, the receiver's status code and response time. */
export const loader = projectApiLoader(
  { permission: 'project.update', ids: { webhookId: MISSING.webhook } },
  async ({ request, access, ids }) => {
    const query = queryInput(request, deliveriesQuery);
    return Response.json({ deliveries: await listDeliveries(access.projectId, ids.webhookId, query.limit) });
  },
);
