// The cluster-wide project limit under a race, over SIP: Kamailio spreads 50 simultaneous INVITEs over three
// media-server processes that share a project limit of 10 in Redis. Exactly 10 are answered, the other 40
// refused with the limit as their cause; when one server is killed its leases expire and the slots return.
// Skipped when Kamailio or SIPp is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '#server/redis.ts';
import { runSipp } from '../sip-gateway/test-support/sipp.ts';
import { hasKamailio, MODULES } from '../telephony/test-support/kamailio.ts';
import { ClusterCallLimits } from './cluster-call-limits.ts';
import {
  startDispatcher,
  startMediaNode,
  type Dispatcher,
  type MediaNode,
} from './test-support/cluster-bed.ts';

const ready =
  hasKamailio() && existsSync(join(MODULES, 'dispatcher.so')) && spawnSync('which', ['sipp']).status === 0;

describe.skipIf(!ready)('a project limit across three media servers', () => {
  const prefix = `${process.env.REDIS_PREFIX}:race-${randomUUID().slice(0, 8)}`;
  const env = { ...process.env, REDIS_PREFIX: prefix };
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: prefix });
  const nodes: MediaNode[] = [];
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    nodes.push(...(await Promise.all(['ms-1', 'ms-2', 'ms-3'].map((id) => startMediaNode(id, env, 10)))));
    dispatcher = await startDispatcher(redis);
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes) node.kill();
    await dispatcher?.stop();
    await redis.quit();
  });

  it('answers exactly 10 of 50 simultaneous INVITEs and frees a dead server’s slots', async () => {
    // 50 calls at once, each held 8 s: all 50 INVITEs arrive while the first answered are still up.
    const sipp = runSipp({
      scenario: 'uac-proxied.xml',
      service: 'agent',
      gatewayPort: dispatcher.port,
      calls: 50,
      rate: 200,
      limit: 50,
      extraArgs: ['-d', '8000'],
    });
    const deadline = Date.now() + 20_000;
    // A call settles when it is answered somewhere, or refused by every server Kamailio tried (a server
    // too busy to answer may 503 and pass it on): count distinct Call-IDs, not events.
    const settled = () => new Set(nodes.flatMap((node) => [...node.callIds(), ...node.refusedIds()])).size;
    while (settled() < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const answered = nodes.reduce((n, node) => n + node.calls(), 0);
    const refusals = nodes.flatMap((node) => node.refusals());
    expect(answered).toBe(10);
    expect(new Set(nodes.flatMap((node) => node.refusedIds())).size).toBe(40);
    expect(new Set(refusals)).toEqual(new Set(['project_limit']));
    // Every server took part in the race.
    for (const node of nodes) expect(node.calls() + node.refusals().length).toBeGreaterThan(0);

    // Kill a server holding calls mid-call: its leases stop being renewed and expire (1.5 s lease).
    const limits = new ClusterCallLimits(redis, { leaseMs: 1500 });
    try {
      expect(await limits.count('project', 'race')).toBe(10);
      const victim = nodes.find((node) => node.calls() > 0)!;
      victim.kill();
      const survivors = 10 - victim.calls();
      const until = Date.now() + 10_000;
      while ((await limits.count('project', 'race')) !== survivors && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await limits.count('project', 'race')).toBe(survivors);
    } finally {
      limits.close();
    }
    await sipp;
  }, 90_000);
});
