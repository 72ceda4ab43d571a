import { addActivity, listActivities } from '~/.server/crm/activities.server';
import { activityInput, activityListQuery } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction, projectApiLoader, queryInput } from '~/.server/http/api-route';

/** The timeline (of a contact or a deal), or open tasks by due date (`?due=today`). */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ request, access }) =>
  Response.json(await listActivities(access.projectId, queryInput(request, activityListQuery))),
);

/** POST a note, a task (with `dueAt`) or a message on a contact's or a deal's timeline. */
export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx, access }) =>
      Response.json(
        {
          activity: await addActivity(
            ctx,
            access.projectId,
            await jsonBody(request, activityInput),
            access.user?.id ?? null,
          ),
        },
        { status: 201 },
      ),
  },
);
