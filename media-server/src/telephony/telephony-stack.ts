/**
 * The media server's side of telephony management: registrations of every SIP connection (kept live as
 * connections change) and the test calls the screen places, both driven by the web app over Redis.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../../app/.server/logger.ts';
import {
  loadAllConnectionConfigs,
  loadConnectionConfig,
} from '../../../app/.server/telephony/connection-config.server.ts';
import {
  clearRegistrationStatus,
  writeRegistrationStatus,
} from '../../../app/.server/telephony/registration-status.server.ts';
import type { SipGateway } from '../sip-gateway/sip-gateway.ts';
import { ConnectionRegistrar } from './connection-registrar.ts';
import { startTelephonyControl } from './telephony-control.ts';

export interface TelephonyStackOptions {
  sip: SipGateway;
  redis: Redis;
  logger: Logger;
  /** Places a test call the web app queued (absent: test calls are refused by the caller's side). */
  runTestCall?: (testCallId: string) => Promise<void>;
  retryMs?: number;
}

export async function startTelephonyStack(options: TelephonyStackOptions) {
  const { redis, logger } = options;
  const registrar = new ConnectionRegistrar({
    register: (o) => options.sip.register(o),
    load: loadConnectionConfig,
    loadAll: loadAllConnectionConfigs,
    report: (id, status, ttl) =>
      status ? writeRegistrationStatus(redis, id, status, ttl) : clearRegistrationStatus(redis, id),
    logger: logger.child({ component: 'sip-connections' }),
    ...(options.retryMs ? { retryMs: options.retryMs } : {}),
  });
  await registrar.start();
  const control = await startTelephonyControl(
    redis.duplicate(),
    {
      connectionChanged: (id) => registrar.reload(id),
      testCallRequested: (id) => options.runTestCall?.(id) ?? Promise.resolve(),
    },
    logger,
  );
  return {
    registrar,
    async close() {
      await control.close();
      await registrar.close();
    },
  };
}
