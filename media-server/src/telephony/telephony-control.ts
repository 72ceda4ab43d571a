/**
 * The media server's ear for telephony changes: a dedicated Redis subscriber that reloads a connection
 * when it changed, starts test calls the web app asked for, forgets cached inbound routes when numbers or
 * versions changed, and runs connection checks the web app asks for (SIP lives here), replying over the bus.
 */
import type { Redis } from 'ioredis';
import { claimRequest, replyOverBus } from '#server/bus/bus-request.ts';
import type { Logger } from '#server/logger.ts';
import type { CheckReply } from '#server/telephony/connection-check-result.ts';
import { forgetRoutes } from '#server/telephony/inbound-route.server.ts';
import { subscribeTelephony, type TelephonyMessage } from '#server/telephony/telephony-bus.server.ts';

export interface TelephonyControlHandlers {
  connectionChanged(connectionId: string): Promise<void>;
  testCallRequested(testCallId: string): Promise<void>;
  /** Runs the check of one of the project's connections; without it this server leaves checks to others. */
  checkConnection?(projectId: string, connectionId: string): Promise<CheckReply>;
}

export async function startTelephonyControl(
  subscriber: Redis,
  handlers: TelephonyControlHandlers,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  // A subscribed connection cannot send commands: replies go out on a connection of their own.
  const replies = subscriber.duplicate();
  const { checkConnection } = handlers;
  const answerCheck = async (message: Extract<TelephonyMessage, { type: 'connection.check' }>) => {
    if (!checkConnection || !(await claimRequest(replies, message.requestId))) return;
    const reply = await checkConnection(message.projectId, message.connectionId);
    await replyOverBus(replies, message.requestId, reply);
  };
  const handle = (message: TelephonyMessage): Promise<void> => {
    switch (message.type) {
      case 'connection.changed':
        // A route carries its connection's call limit.
        forgetRoutes();
        return handlers.connectionChanged(message.connectionId);
      case 'test-call.requested':
        return handlers.testCallRequested(message.testCallId);
      case 'routes.changed':
        forgetRoutes();
        return Promise.resolve();
      case 'connection.check':
        return answerCheck(message);
    }
  };
  const unsubscribe = await subscribeTelephony(
    subscriber,
    (message) => {
      handle(message).catch((error: unknown) =>
        logger.error({ err: error, message }, 'telephony message failed'),
      );
    },
    (raw) => logger.warn({ raw: raw.slice(0, 200) }, 'unreadable telephony message dropped'),
  );
  return {
    close: async () => {
      await unsubscribe().catch(() => undefined);
      subscriber.disconnect();
      replies.disconnect();
    },
  };
}
