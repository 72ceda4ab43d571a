import { addDnc, addDncInput, dncQuery, listDnc } from '~/.server/compliance/dnc.server';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';

/** The project's do-not-call list (newest first), `?q=` to find a number. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ request, access }) =>
  Response.json(await listDnc(access.projectId, queryInput(request, dncQuery))),
);

/** POST adds a number with its reason; who added it is recorded. */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await addDnc(ctx, await jsonBody(request, addDncInput), 'api'), { status: 201 }),
  },
);
