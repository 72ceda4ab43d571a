import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import {
  getProjectSettings,
  projectSettingsInput,
  updateProjectSettings,
} from '~/.server/projects/project-settings.server';

/** The project's name, time zone and default language. */
export const loader = projectApiLoader({ permission: 'project.read' }, async ({ access }) =>
  Response.json(await getProjectSettings(access.projectId)),
);

/** PATCH `{name?, timeZone?, defaultLanguage?}` (owners and admins); audited. */
export const action = projectApiAction(
  { permission: 'project.update' },
  {
    PATCH: async ({ request, ctx }) =>
      Response.json(await updateProjectSettings(ctx, await jsonBody(request, projectSettingsInput))),
  },
);
