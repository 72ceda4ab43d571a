import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import {
  channelUpdateInput,
  channelView,
  deleteChannel,
  findChannel,
  updateChannel,
} from '~/.server/messaging/channels.server';

const ids = { channelId: MISSING.messagingChannel };

export const loader = projectApiLoader({ permission: 'campaigns.read', ids }, async ({ access, ids }) =>
  Response.json(channelView(await findChannel(access.projectId, ids.channelId))),
);

export const action = projectApiAction(
  { permission: 'project.update', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await updateChannel(ctx, ids.channelId, await jsonBody(request, channelUpdateInput))),
    DELETE: async ({ ctx, ids }) => {
      await deleteChannel(ctx, ids.channelId);
      return new Response(null, { status: 204 });
    },
  },
);
