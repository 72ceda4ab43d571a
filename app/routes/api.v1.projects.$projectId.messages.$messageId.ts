import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { getMessage } from '~/.server/messaging/messages.server';

const ids = { messageId: MISSING.message };

/** One message with its status, the provider's reason and its timestamps. */
export const loader = projectApiLoader({ permission: 'campaigns.read', ids }, async ({ access, ids }) =>
  Response.json(await getMessage(access.projectId, ids.messageId)),
);
