// One media server's limiter in its own process, for the cluster race test: waits for "go" on stdin, claims
// `count` calls of one project at once, prints what it got as one JSON line, then keeps renewing its leases
// until it is killed (a crashed server: the leases then expire).
import { createRedis } from '#server/redis.ts';
import { ClusterCallLimits } from '../cluster-call-limits.ts';

const [projectId, count, max, leaseMs] = process.argv.slice(2);
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });
const limits = new ClusterCallLimits(redis, { leaseMs: Number(leaseMs), serverId: `claimer-${process.pid}` });
await redis.ping();
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  void Promise.all(
    Array.from({ length: Number(count) }, () =>
      limits.acquire([{ kind: 'project', id: projectId!, max: Number(max) }]),
    ),
  ).then((results) => {
    const accepted = results.filter((r) => r.ok).length;
    const refused = results.flatMap((r) => (r.ok ? [] : [r.refused]));
    process.stdout.write(`${JSON.stringify({ accepted, refused })}\n`);
  });
});
