// One media server in its own process, as `main.ts` runs its telephony part: the voice stack (SIP, RTP, the
// agent) and the telephony stack (test and campaign calls from the Redis bus), its call events to the stream
// named on the command line, its live calls stamped every second. stdout: "ready" once it takes calls.
// The campaign tests kill it with SIGKILL mid-call.
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { freeUdpRange } from '../../sip-gateway/test-support/free-port.ts';
import { startVoiceStack } from '../../wiring/voice-stack.ts';
import { startTelephonyStack } from '../telephony-stack.ts';

const [stream] = process.argv.slice(2);
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const logger = createLogger('campaign-media-server', 'silent');
const voice = await startVoiceStack({
  redis,
  logger,
  sip: { host: '127.0.0.1', port: 0, rtpPorts: await freeUdpRange(40), allowHosts: ['127.0.0.1'] },
  maxCallsPerProject: 10,
  eventsStream: stream!,
});
await startTelephonyStack({ voice, redis, logger, retryMs: 500, heartbeatMs: 1000 });
process.stdout.write('ready\n');
