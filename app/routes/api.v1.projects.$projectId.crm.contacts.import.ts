import { importContacts } from '~/.server/crm/contacts-csv.server';
import { importInput } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';

/** POST `{csv, mapping, tags?}` imports contacts; bad rows are answered with their line and reason. */
export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await importContacts(ctx, await jsonBody(request, importInput, 25_000_000))),
  },
);
