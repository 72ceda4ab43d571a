import { deleteActivity, updateActivity } from '~/.server/crm/activities.server';
import { activityPatch } from '~/.server/crm/crm-inputs';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** PATCH `{done}` completes a task (or reopens it), or edits a note; calls and stage changes stay as recorded. */
export const action = projectApiAction(
  { permission: 'crm.edit', ids: { activityId: MISSING.activity } },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json({
        activity: await updateActivity(ctx, ids.activityId, await jsonBody(request, activityPatch)),
      }),
    DELETE: async ({ ctx, ids }) => {
      await deleteActivity(ctx, ids.activityId);
      return new Response(null, { status: 204 });
    },
  },
);
