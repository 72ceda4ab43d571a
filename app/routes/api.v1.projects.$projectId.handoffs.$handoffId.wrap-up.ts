import { wrapUpInput } from '~/.server/handoffs/handoff-input';
import { wrapUp } from '~/.server/handoffs/operators.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** POST `{disposition, note}`: the operator files their finished call and is online again. */
export const action = projectApiAction(
  { permission: 'handoffs.handle', ids: { handoffId: MISSING.handoff } },
  {
    POST: async ({ request, ctx, ids }) =>
      Response.json(await wrapUp(ctx, ids.handoffId, await jsonBody(request, wrapUpInput))),
  },
);
