import { addActivity } from '~/.server/crm/activities.server';
import { noteInput } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** POST `{body}` adds a note to the contact's timeline: operators may, as well as editors. */
export const action = projectApiAction(
  { permission: 'crm.notes', ids: { contactId: MISSING.contact } },
  {
    POST: async ({ request, ctx, access, ids }) => {
      const { body } = await jsonBody(request, noteInput);
      const activity = await addActivity(
        ctx,
        access.projectId,
        { type: 'note', contactId: ids.contactId, dealId: null, title: '', body, dueAt: null },
        access.user?.id ?? null,
      );
      return Response.json({ activity }, { status: 201 });
    },
  },
);
