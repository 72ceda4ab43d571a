import { agentImportInput, importAgent } from '~/.server/agents/agent-copies.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';

/** POST an exported agent file: a new agent with its settings and flow as the draft. */
export const action = projectApiAction(
  { permission: 'agents.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await importAgent(ctx, await jsonBody(request, agentImportInput, 5 * 1024 * 1024)), {
        status: 201,
      }),
  },
);
