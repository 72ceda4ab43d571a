import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { BUILTIN_TOOLS } from '~/.server/tools/builtin-catalog';
import { toolInput } from '~/.server/tools/project-tool-input';
import { createTool, getToolSettings, listTools } from '~/.server/tools/project-tools.server';

/** The project's tools, the built-in ones beside them, and the project's tool settings. */
export const loader = projectApiLoader({ permission: 'agents.read' }, async ({ access }) => {
  const [tools, settings] = await Promise.all([
    listTools(access.projectId),
    getToolSettings(access.projectId),
  ]);
  return Response.json({ tools, builtins: BUILTIN_TOOLS, settings });
});

/** POST creates an HTTP tool; `auth.secret` is sealed and never answered back. */
export const action = projectApiAction(
  { permission: 'agents.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createTool(ctx, await jsonBody(request, toolInput)), { status: 201 }),
  },
);
