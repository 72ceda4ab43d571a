/**
 * The media server's side of telephony management: registrations of every SIP connection (kept live as
 * connections change), the test calls the screen places and the connection checks it asks for, all driven
 * by the web app over Redis.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '#server/logger.ts';
import {
  loadAllConnectionConfigs,
  loadConnectionConfig,
} from '#server/telephony/connection-config.server.ts';
import {
  clearRegistrationStatus,
  writeRegistrationStatus,
} from '#server/telephony/registration-status.server.ts';
import type { VoiceStack } from '../wiring/voice-stack.ts';
import { checkStoredConnection } from './connection-check.ts';
import { ConnectionRegistrar } from './connection-registrar.ts';
import { startTelephonyControl } from './telephony-control.ts';
import { createTestCallRunner } from './trial-call-runner.ts';
import type { OutboundDialer } from './outbound-dialer.ts';

export interface TelephonyStackOptions {
  voice: Pick<VoiceStack, 'sip' | 'gateway' | 'connectionLimits' | 'events'>;
  redis: Redis;
  logger: Logger;
  /** Who places test and campaign calls (SIP_ENGINE=drachtio: the drachtio gateway); default the embedded one. */
  dialer?: OutboundDialer;
  retryMs?: number;
  ringTimeoutMs?: number;
  /** How often live test and campaign calls are stamped as alive (default 10 s). */
  heartbeatMs?: number;
  /** Private hosts the connection check may reach (TELEPHONY_ALLOW_HOSTS); read from the env if unset. */
  allowHosts?: string[];
}

export async function startTelephonyStack(options: TelephonyStackOptions) {
  const { redis, logger } = options;
  const registrar = new ConnectionRegistrar({
    register: (o) => options.voice.sip.register(o),
    load: loadConnectionConfig,
    loadAll: () =>
      loadAllConnectionConfigs((id, error) =>
        logger.error(
          { err: error, connectionId: id },
          'SIP connection not registered: its password cannot be opened',
        ),
      ),
    report: (id, status, ttl) =>
      status ? writeRegistrationStatus(redis, id, status, ttl) : clearRegistrationStatus(redis, id),
    logger: logger.child({ component: 'sip-connections' }),
    ...(options.retryMs ? { retryMs: options.retryMs } : {}),
  });
  await registrar.start();
  const runTestCall = createTestCallRunner({
    dialer: options.dialer ?? options.voice.sip,
    gateway: options.voice.gateway,
    limits: options.voice.connectionLimits,
    events: options.voice.events,
    logger: logger.child({ component: 'test-calls' }),
    ...(options.ringTimeoutMs ? { ringTimeoutMs: options.ringTimeoutMs } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  const control = await startTelephonyControl(
    redis.duplicate(),
    {
      connectionChanged: (id) => registrar.reload(id),
      testCallRequested: runTestCall,
      checkConnection: (projectId, connectionId) =>
        checkStoredConnection(
          projectId,
          connectionId,
          options.allowHosts ? { allowHosts: options.allowHosts } : {},
        ),
    },
    logger,
  );
  return {
    registrar,
    async close() {
      await control.close();
      runTestCall.close();
      await registrar.close();
    },
  };
}
