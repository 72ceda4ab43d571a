import { versionChoiceInput } from '~/.server/agents/agent-input';
import { listTestSessions, startTestSession } from '~/.server/agents/console-sessions.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';

const ids = { agentId: MISSING.agent };

/** Past test conversations of this agent, newest first. */
export const loader = projectApiLoader({ permission: 'agents.read', ids }, async ({ access, ids }) =>
  Response.json({ sessions: await listTestSessions(access.projectId, ids.agentId) }),
);

/** POST `{versionId?}`: a new test conversation with the draft (or a version); answers its first turn. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids },
  {
    POST: async ({ request, access, ctx, ids }) => {
      await enforceProjectRateLimit(access, 'test-session');
      const { versionId } = await jsonBody(request, versionChoiceInput);
      return Response.json(await startTestSession(ctx, ids.agentId, versionId), { status: 201 });
    },
  },
);
