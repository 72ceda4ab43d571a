import { getAnalysisSettings, saveAnalysisSettings } from '~/.server/calls/analysis-settings.server';
import { analysisConfigInput } from '~/.server/calls/post-call-analysis.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { agentId: MISSING.agent };

/** The agent's post-call analysis: summary on or off, and its outcome fields. */
export const loader = projectApiLoader({ permission: 'calls.read', ids }, async ({ access, ids }) =>
  Response.json(await getAnalysisSettings(access.projectId, ids.agentId)),
);

/** PUT `{summary, fields: [{key, label, type, description?, slot?}]}` (agents.edit). */
export const action = projectApiAction(
  { permission: 'agents.edit', ids },
  {
    PUT: async ({ request, ctx, ids }) =>
      Response.json(
        await saveAnalysisSettings(ctx, ids.agentId, await jsonBody(request, analysisConfigInput)),
      ),
  },
);
