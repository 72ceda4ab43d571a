import { endTestSession, getTestSession } from '~/.server/agents/console-sessions.server';
import { projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** A test conversation with all its turns (replies, commands, traces), to reopen it. */
export const loader = projectApiLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.testSession, sessionId: MISSING.testSession } },
  async ({ access, ids }) =>
    Response.json(await getTestSession(access.projectId, ids.agentId, ids.sessionId)),
);

/** DELETE ends a conversation the person left, so no "Live" badge outlives it. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids: { agentId: MISSING.testSession, sessionId: MISSING.testSession } },
  {
    DELETE: async ({ ctx, ids }) => {
      await endTestSession(ctx, ids.agentId, ids.sessionId);
      return new Response(null, { status: 204 });
    },
  },
);
