import { mergeContacts } from '~/.server/crm/contacts.server';
import { mergeInput } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** POST `{duplicateIds}` merges those contacts into this one, keeping every activity and deal. */
export const action = projectApiAction(
  { permission: 'crm.edit', ids: { contactId: MISSING.contact } },
  {
    POST: async ({ request, ctx, ids }) =>
      Response.json(
        await mergeContacts(ctx, ids.contactId, (await jsonBody(request, mergeInput)).duplicateIds),
      ),
  },
);
