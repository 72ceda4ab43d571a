import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { channelTestInput } from '~/.server/messaging/channels.server';
import { enqueueMessage } from '~/.server/messaging/messages.server';

const ids = { channelId: MISSING.messagingChannel };

/** POST sends a test message through the channel (queued like any other; it shows in the log as a test). */
export const action = projectApiAction(
  { permission: 'project.update', ids },
  {
    POST: async ({ request, access, ids }) => {
      const input = await jsonBody(request, channelTestInput);
      const { message } = await enqueueMessage(
        access.projectId,
        { channelId: ids.channelId, to: input.to, text: input.text, variables: {} },
        'test',
      );
      return Response.json(message, { status: 202 });
    },
  },
);
