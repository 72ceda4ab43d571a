import { importDnc, importDncInput } from '~/.server/compliance/dnc.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';

/** POST a list of numbers; answers how many were new and which could not be read. */
export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await importDnc(ctx, await jsonBody(request, importDncInput, 4 * 1024 * 1024))),
  },
);
