import { testTurnInput } from '~/.server/agents/agent-input';
import { sendTestTurn } from '~/.server/agents/console-sessions.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';

/** POST `{text}` or `{dtmf}`: one turn; answers the replies, commands, trace and the active node. */
export const action = projectApiAction(
  { permission: 'agents.edit', ids: { agentId: MISSING.testSession, sessionId: MISSING.testSession } },
  {
    POST: async ({ request, access, ctx, ids }) => {
      await enforceProjectRateLimit(access, 'test-turn');
      const input = await jsonBody(request, testTurnInput);
      return Response.json({ turn: await sendTestTurn(ctx, ids.agentId, ids.sessionId, input) });
    },
  },
);
