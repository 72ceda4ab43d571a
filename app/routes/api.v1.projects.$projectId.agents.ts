import { createAgentInput } from '~/.server/agents/agent-input';
import { createAgent, listAgents } from '~/.server/agents/agents.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

export const loader = projectApiLoader({ permission: 'agents.read' }, async ({ access }) =>
  Response.json({ agents: await listAgents(access.projectId) }),
);

/** POST `{name, language, voice?, description?, tags?, template?}`: a new agent whose draft is the template. */
export const action = projectApiAction(
  { permission: 'agents.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createAgent(ctx, await jsonBody(request, createAgentInput)), { status: 201 }),
  },
);
