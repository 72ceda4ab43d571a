import { getTestSession } from '~/.server/agents/console-sessions.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** A test conversation with all its turns (replies, commands, traces), to reopen it. */
export const loader = projectApiLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.testSession, sessionId: MISSING.testSession } },
  async ({ access, ids }) =>
    Response.json(await getTestSession(access.projectId, ids.agentId, ids.sessionId)),
);
