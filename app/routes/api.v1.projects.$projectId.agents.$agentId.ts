import { updateAgentInput } from '~/.server/agents/agent-input';
import { deleteAgent, requireAgent, updateAgent } from '~/.server/agents/agents.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { agentId: MISSING.agent };

/** The agent with its draft and live version. */
export const loader = projectApiLoader({ permission: 'agents.read', ids }, async ({ access, ids }) =>
  Response.json(await requireAgent(access.projectId, ids.agentId)),
);

/** PATCH changes name, language, voice, description or tags; DELETE removes the agent and its versions. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateAgent(ctx, ids.agentId, await jsonBody(request, updateAgentInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteAgent(ctx, ids.agentId);
      return new Response(null, { status: 204 });
    },
  },
);
