import { redisEnv } from '../env/env-schema.ts';
import { parseEnv } from '../env/load-env.ts';
import { createLogger } from '../logger.ts';
import { createRedis } from '../redis.ts';
import { RealtimeHub } from './realtime-hub.ts';

const KEY = Symbol.for('voice-platform.realtime-hub');
type WithHub = typeof globalThis & { [KEY]?: Promise<RealtimeHub> };

/**
 * The process's one hub, shared by the WebSocket upgrade handler (the web process) and the SSE route (the
 * Remix build, a separate module graph): kept on globalThis so both find the same one and its one XREAD.
 */
export function realtimeHub(): Promise<RealtimeHub> {
  const scope = globalThis as WithHub;
  scope[KEY] ??= (async () => {
    const env = parseEnv(redisEnv, 'realtime');
    const logger = createLogger('realtime');
    const hub = new RealtimeHub({ redis: createRedis(env), reader: createRedis(env), logger });
    await hub.start();
    return hub;
  })();
  scope[KEY].catch(() => {
    delete scope[KEY];
  });
  return scope[KEY];
}
