import { rollbackTo } from '~/.server/agents/publish.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** POST: routes calls to this earlier version again (the draft is left as it is). */
export const action = projectApiAction(
  { permission: 'agents.publish', ids: { agentId: MISSING.version, versionId: MISSING.version } },
  {
    POST: async ({ ctx, ids }) =>
      Response.json({ version: await rollbackTo(ctx, ids.agentId, ids.versionId) }),
  },
);
