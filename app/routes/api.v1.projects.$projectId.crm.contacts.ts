import { createContact, listContacts } from '~/.server/crm/contacts.server';
import { contactInput, contactListQuery } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';

/** Contacts, newest first; `?phone=` finds by number in any format, `?q=` searches name, company, email, digits. */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ request, access }) =>
  Response.json(await listContacts(access.projectId, queryInput(request, contactListQuery))),
);

export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx, access }) =>
      Response.json(
        { contact: await createContact(ctx, access.projectId, await jsonBody(request, contactInput)) },
        { status: 201 },
      ),
  },
);
