/**
 * The media server's ear for telephony changes: a dedicated Redis subscriber that reloads a connection
 * when it changed and starts test calls the web app asked for.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '#server/logger.ts';
import { subscribeTelephony } from '#server/telephony/telephony-bus.server.ts';

export interface TelephonyControlHandlers {
  connectionChanged(connectionId: string): Promise<void>;
  testCallRequested(testCallId: string): Promise<void>;
}

export async function startTelephonyControl(
  subscriber: Redis,
  handlers: TelephonyControlHandlers,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const unsubscribe = await subscribeTelephony(
    subscriber,
    (message) => {
      const run =
        message.type === 'connection.changed'
          ? handlers.connectionChanged(message.connectionId)
          : handlers.testCallRequested(message.testCallId);
      run.catch((error: unknown) => logger.error({ err: error, message }, 'telephony message failed'));
    },
    (raw) => logger.warn({ raw: raw.slice(0, 200) }, 'unreadable telephony message dropped'),
  );
  return {
    close: async () => {
      await unsubscribe().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
