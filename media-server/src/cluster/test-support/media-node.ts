// One media server of a test cluster, in its own process: the real SIP gateway (SIP, RTP, drain) answering
// calls to `agent`, announcing itself in Redis for the dispatcher list, and — when a project limit is
// given — taking each call's slot from the cluster-wide limits first (refused: 486 project_limit).
// stdin: "drain" drains it. stdout: "ready <port>", then "call <call-id>" / "refused <cause> <call-id>" per INVITE.
import { createLogger } from '#server/logger.ts';
import { createRedis } from '#server/redis.ts';
import { createSipGateway } from '../../sip-gateway/sip-gateway.ts';
import { freeUdpRange } from '../../sip-gateway/test-support/free-port.ts';
import { ClusterCallLimits } from '../cluster-call-limits.ts';
import { announceMediaServer } from '../media-server-directory.ts';

const [id, projectLimit] = process.argv.slice(2);
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const limits = new ClusterCallLimits(redis, { leaseMs: 1500, serverId: id! });
const max = Number(projectLimit ?? 0);
const say = (line: string) => process.stdout.write(`${line}\n`);

const sip = await createSipGateway({
  host: '127.0.0.1',
  port: 0,
  rtpPorts: await freeUdpRange(200),
  logger: createLogger('media-node', 'silent'),
  addressPolicy: { allowHosts: ['127.0.0.1'] },
  route: async ({ toUser, callId }) => {
    if (toUser !== 'agent') return { accept: false, status: 404, reason: 'No Such Agent' };
    if (max > 0) {
      const taken = await limits.acquire([{ kind: 'project', id: 'race', max }]);
      if (!taken.ok) {
        say(`refused ${taken.refused}_limit ${callId}`);
        return { accept: false, status: 486, reason: `${taken.refused}_limit` };
      }
      return {
        accept: true,
        onLeg: (leg) => {
          say(`call ${callId}`);
          leg.on('ended', () => void taken.release());
        },
      };
    }
    return { accept: true, onLeg: () => say(`call ${callId}`) };
  },
});
const announcement = await announceMediaServer(redis, {
  id: id!,
  uri: `sip:127.0.0.1:${sip.port}`,
  heartbeatMs: 500,
});
process.stdin.on('data', (chunk: Buffer) => {
  if (chunk.toString('utf8').includes('drain')) {
    void announcement.drain().then(() => say('draining'));
    void sip.drain();
  }
});
say(`ready ${sip.port}`);
