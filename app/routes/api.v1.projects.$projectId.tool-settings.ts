import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { toolSettingsInput } from '~/.server/tools/project-tool-input';
import { updateToolSettings } from '~/.server/tools/project-tools.server';

/** PUT the hosts the project's tools may reach on private addresses, and the clock's zone (admins: a security boundary). */
export const action = projectApiAction(
  { permission: 'project.update' },
  {
    PUT: async ({ request, ctx }) =>
      Response.json(await updateToolSettings(ctx, await jsonBody(request, toolSettingsInput))),
  },
);
