import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { createTemplate, listTemplates, templateInput } from '~/.server/messaging/templates.server';

/** The project's message templates, each with a preview and its SMS size. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ access }) =>
  Response.json({ templates: await listTemplates(access.projectId) }),
);

export const action = projectApiAction(
  { permission: 'campaigns.manage' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createTemplate(ctx, await jsonBody(request, templateInput)), { status: 201 }),
  },
);
