import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { channelInput, createChannel, listChannels } from '~/.server/messaging/channels.server';

/** The project's messaging channels (SMS.ru, Telegram); their secrets are never answered. */
export const loader = projectApiLoader({ permission: 'campaigns.read' }, async ({ access }) =>
  Response.json({ channels: await listChannels(access.projectId) }),
);

/** POST adds a channel; its API key or token is sealed by the credentials service. Audited. */
export const action = projectApiAction(
  { permission: 'project.update' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createChannel(ctx, await jsonBody(request, channelInput)), { status: 201 }),
  },
);
