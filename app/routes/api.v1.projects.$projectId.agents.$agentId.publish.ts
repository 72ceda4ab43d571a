import { publishInput } from '~/.server/agents/agent-input';
import { publishDraft } from '~/.server/agents/publish.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/**
 * POST `{note?, confirmWarnings?}`: snapshots the draft as the next version and routes calls to it.
 * 422 flow_invalid when errors block; 409 publish_warnings until warnings are confirmed.
 */
export const action = projectApiAction(
  { permission: 'agents.publish', ids: { agentId: MISSING.agent } },
  {
    POST: async ({ request, ctx, ids }) =>
      Response.json(
        { version: await publishDraft(ctx, ids.agentId, await jsonBody(request, publishInput)) },
        { status: 201 },
      ),
  },
);
