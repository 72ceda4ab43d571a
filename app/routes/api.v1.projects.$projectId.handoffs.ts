import { listHandoffs } from '~/.server/handoffs/operators.server';
import { projectApiLoader } from '~/.server/http/api-route';

/** Open handoffs: an operator's own offers and calls; every waiting one for supervisors. */
export const loader = projectApiLoader({ permission: 'handoffs.handle' }, async ({ access }) =>
  Response.json({ handoffs: await listHandoffs(access) }),
);
