import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { connectChannelInbound } from '~/.server/messaging/inbound.server';

const ids = { channelId: MISSING.messagingChannel };

/**
 * POST makes the channel's inbound callback URL (replacing any earlier one) and registers it with the provider
 * where its API allows. The URL holds a secret: it is answered this once.
 */
export const action = projectApiAction(
  { permission: 'project.update', ids },
  {
    POST: async ({ ctx, ids }) =>
      Response.json(await connectChannelInbound(ctx, ids.channelId), { status: 201 }),
  },
);
