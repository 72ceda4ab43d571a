import { apiError } from '~/.server/api/api-error';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { previewInput } from '~/.server/provider-accounts/provider-account-input';
import { askVoicePreview } from '~/.server/provider-accounts/speech-bus.server';

/**
 * POST speaks a text (the greeting) in a voice and answers the WAV, for the studio's preview button. The
 * media server synthesizes it, with the same connectors calls use.
 */
export const action = projectApiAction(
  { permission: 'agents.edit' },
  {
    POST: async ({ request, access }) => {
      const input = await jsonBody(request, previewInput);
      await enforceProjectRateLimit(access, 'provider-request');
      const answer = await askVoicePreview({ projectId: access.projectId, ...input });
      if (!answer.ok) {
        if (answer.code === 'media_server_unavailable') return apiError(503, answer.code, answer.message);
        if (answer.code === 'provider_not_found') return apiError(404, answer.code, answer.message);
        return apiError(502, answer.code, answer.message);
      }
      return new Response(Buffer.from(answer.wav, 'base64'), {
        headers: {
          'Content-Type': 'audio/wav',
          'Cache-Control': 'no-store',
          'X-Voice-Provider': answer.provider,
        },
      });
    },
  },
);
