import { fieldInput } from '~/.server/crm/crm-inputs';
import { createField, listFields } from '~/.server/crm/fields.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** The project's custom fields of contacts and deals. */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ access }) =>
  Response.json({ fields: await listFields(access.projectId) }),
);

export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json({ field: await createField(ctx, await jsonBody(request, fieldInput)) }, { status: 201 }),
  },
);
