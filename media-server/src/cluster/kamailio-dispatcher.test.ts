// Kamailio (Debian's package, dispatcher module, deploy/kamailio/kamailio.cfg) in front of two media servers
// in their own processes on loopback. SIPp places 100 calls through it: both servers take a share; one drains
// mid-run (its calls finish, none breaks) and is then killed: it gets no new call while the other takes them all; a server that comes back gets calls
// again. The dispatcher list is written from what the servers announce in Redis, never by hand.
// Skipped when Kamailio or SIPp is not installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '#server/redis.ts';
import { runSipp } from '../sip-gateway/test-support/sipp.ts';
import { hasKamailio, MODULES } from '../telephony/test-support/kamailio.ts';
import { readMediaServers } from './media-server-directory.ts';
import {
  startDispatcher,
  startMediaNode,
  type Dispatcher,
  type MediaNode,
} from './test-support/cluster-bed.ts';

const ready =
  hasKamailio() && existsSync(join(MODULES, 'dispatcher.so')) && spawnSync('which', ['sipp']).status === 0;

describe.skipIf(!ready)('Kamailio dispatcher in front of two media servers', () => {
  // A prefix of its own: the directory is one per deployment.
  const prefix = `${process.env.REDIS_PREFIX}:cluster-${randomUUID().slice(0, 8)}`;
  const env = { ...process.env, REDIS_PREFIX: prefix };
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: prefix });
  const nodes: MediaNode[] = [];
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    nodes.push(...(await Promise.all([startMediaNode('ms-a', env), startMediaNode('ms-b', env)])));
    dispatcher = await startDispatcher(redis);
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes) node.kill();
    await dispatcher?.stop();
    await redis.quit();
  });

  const place = async (calls: number, rate = 20, holdMs = 500) => {
    const run = await runSipp({
      scenario: 'uac-proxied.xml',
      service: 'agent',
      gatewayPort: dispatcher.port,
      calls,
      rate,
      extraArgs: ['-d', String(holdMs)],
    });
    // Exit 0: every call was answered and ended by its own BYE (none cut off, none refused).
    expect(run.exitCode, `${run.output}\n${dispatcher.output().slice(-3000)}`).toBe(0);
  };
  const calls = () => nodes.map((n) => n.calls());
  const waitFor = async (check: () => boolean | Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('spreads calls, skips a draining then dead server, and takes it back when it returns', async () => {
    const [a, b] = nodes as [MediaNode, MediaNode];
    // Both announced; the list Kamailio loaded names both.
    expect((await readMediaServers(redis)).map((s) => s.id).sort()).toEqual(['ms-a', 'ms-b']);

    await place(40);
    const [a1, b1] = calls() as [number, number];
    expect(a1 + b1).toBe(40);
    expect(a1).toBeGreaterThan(0);
    expect(b1).toBeGreaterThan(0);

    // Mid-run, A drains: it says so in Redis, the list marks it inactive, its OPTIONS and INVITEs get 503.
    // Its calls already up go on to their end; every later call goes to B; no call of the run breaks.
    const run = place(20, 10, 2000);
    await new Promise((r) => setTimeout(r, 700));
    await a.drain();
    expect(await dispatcher.sync()).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const aAtDrain = a.calls();
    expect(aAtDrain).toBeGreaterThan(a1);
    await run;
    expect(a.calls()).toBe(aAtDrain);
    expect(a.calls() + b.calls()).toBe(60);
    const b2 = b.calls();

    // Then it dies: its announcement expires and it leaves the list; the other takes every call.
    a.kill();
    await waitFor(async () => (await readMediaServers(redis)).length === 1, 5000);
    expect(await dispatcher.sync()).toBe(true);
    await place(20);
    expect(b.calls()).toBe(b2 + 20);

    // A media server comes back (a new process): announced, listed, and it takes a share again.
    const back = await startMediaNode('ms-a2', env);
    nodes.push(back);
    expect(await dispatcher.sync()).toBe(true);
    await new Promise((r) => setTimeout(r, 1500)); // one probe round
    await place(20);
    expect(
      back.calls(),
      dispatcher
        .output()
        .split('\n')
        .filter((l) => !l.includes('dispatch '))
        .slice(-40)
        .join('\n'),
    ).toBeGreaterThan(0);
    expect(back.calls() + b.calls()).toBe(b2 + 40);
  }, 120_000);
});
