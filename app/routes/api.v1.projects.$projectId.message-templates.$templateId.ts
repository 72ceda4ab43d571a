import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import {
  deleteTemplate,
  getTemplate,
  templateUpdateInput,
  updateTemplate,
} from '~/.server/messaging/templates.server';

const ids = { templateId: MISSING.messageTemplate };

export const loader = projectApiLoader({ permission: 'campaigns.read', ids }, async ({ access, ids }) =>
  Response.json(await getTemplate(access.projectId, ids.templateId)),
);

export const action = projectApiAction(
  { permission: 'campaigns.manage', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateTemplate(ctx, ids.templateId, await jsonBody(request, templateUpdateInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteTemplate(ctx, ids.templateId);
      return new Response(null, { status: 204 });
    },
  },
);
