import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { toolTestInput } from '~/.server/tools/project-tool-input';
import { testTool } from '~/.server/tools/project-tool-test.server';

/** POST `{args}` sends the tool's request as a call would and answers the request (secret masked) and the answer. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids: { toolId: MISSING.tool } },
  {
    POST: async ({ request, ctx, ids }) => {
      const { args } = await jsonBody(request, toolTestInput);
      return Response.json(await testTool(ctx, ids.toolId, args));
    },
  },
);
