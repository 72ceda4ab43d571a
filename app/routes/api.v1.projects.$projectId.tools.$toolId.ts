import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { toolUpdateInput } from '~/.server/tools/project-tool-input';
import { deleteTool, getTool, updateTool } from '~/.server/tools/project-tools.server';

const ids = { toolId: MISSING.tool };

export const loader = projectApiLoader({ permission: 'agents.read', ids }, async ({ access, ids }) =>
  Response.json(await getTool(access.projectId, ids.toolId)),
);

/** PATCH changes the fields sent (a secret sent replaces the stored one); DELETE removes tool and secret. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateTool(ctx, ids.toolId, await jsonBody(request, toolUpdateInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteTool(ctx, ids.toolId);
      return new Response(null, { status: 204 });
    },
  },
);
