import { actOnHandoff } from '~/.server/handoffs/operators.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** POST: the operator accepts the call (409 offer_gone when it is no longer theirs). */
export const action = projectApiAction(
  { permission: 'handoffs.handle', ids: { handoffId: MISSING.handoff } },
  { POST: async ({ ctx, ids }) => Response.json(await actOnHandoff(ctx, ids.handoffId, 'accept')) },
);
