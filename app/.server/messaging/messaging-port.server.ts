/**
 * The flow runtime's messaging port for one project (issue 22): a Send message node queues through the same
 * service as the API (template check, idempotency, compliance at send time). A refusal becomes the thrown
 * message the node's trace shows (e.g. "The template needs values it was not given. Missing: time").
 */
import type { MessagingPort } from '#flow-runtime/index';
import { ServiceError } from '../errors/service-error.ts';
import { enqueueMessage } from './messages.server.ts';

export function messagingPortFor(projectId: string): MessagingPort {
  return {
    async send({ channelId, templateId, text, to, variables }) {
      try {
        const { message } = await enqueueMessage(
          projectId,
          { channelId, to, variables, ...(templateId ? { templateId } : { text }) },
          'flow',
        );
        return { id: message.id, status: message.status };
      } catch (error) {
        if (error instanceof ServiceError) {
          const details = Object.values(error.fields ?? {})
            .flat()
            .join('; ');
          throw new Error(details ? `${error.message} ${details}` : error.message);
        }
        throw error;
      }
    },
  };
}
