import { z } from 'zod';
import { duplicateAgent } from '~/.server/agents/agent-copies.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const duplicateAgentInput = z.object({
  /** Put after the name, in the caller's language: "(copy)", "(копия)". */
  suffix: z.string().trim().min(1).max(20).default('(copy)'),
});

/** POST: a new agent with the same settings and draft, named "<name> (copy)". */
export const action = projectApiAction(
  { permission: 'agents.edit', ids: { agentId: MISSING.agent } },
  {
    POST: async ({ request, ctx, ids }) =>
      Response.json(
        await duplicateAgent(ctx, ids.agentId, (await jsonBody(request, duplicateAgentInput)).suffix),
        { status: 201 },
      ),
  },
);
