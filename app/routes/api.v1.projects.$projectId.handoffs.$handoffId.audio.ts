import { apiError } from '~/.server/api/api-error';
import { voicePublicUrl } from '~/.server/env/env-values';
import { issueOperatorAudio } from '~/.server/handoffs/operators.server';
import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/**
 * POST: a one-use ticket (and the media server's WebSocket URL) for the operator's browser to join the call
 * of the handoff they accepted: microphone and speaker bridged to the waiting caller.
 */
export const action = projectApiAction(
  { permission: 'handoffs.handle', ids: { handoffId: MISSING.handoff } },
  {
    POST: async ({ ctx, ids }) => {
      const view = await issueOperatorAudio(ctx, ids.handoffId, voicePublicUrl());
      if (!view)
        return apiError(404, 'call_not_found', 'No call of yours is waiting to be joined for this handoff.');
      return Response.json(view, { status: 201, headers: { 'Cache-Control': 'no-store' } });
    },
  },
);
