// Limits across the cluster against a real Redis: three limiter processes (three media servers' worth)
// race 50 calls of one project at a limit of 10, and a killed server's leases expire.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '#server/redis.ts';
import { until } from '../sip-gateway/test-support/test-gateway.ts';
import { ClusterCallLimits } from './cluster-call-limits.ts';

const here = dirname(fileURLToPath(import.meta.url));
const redis = createRedis({ REDIS_URL: process.env.REDIS_URL!, REDIS_PREFIX: process.env.REDIS_PREFIX! });

afterAll(async () => {
  await redis.quit();
});

interface Claimer {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
}

function startClaimer(projectId: string, count: number, max: number, leaseMs: number): Claimer {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(here, 'test-support/claimer.ts'),
      projectId,
      String(count),
      String(max),
      String(leaseMs),
    ],
    { env: process.env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const claimer: Claimer = { child, lines: [] };
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    claimer.lines.push(...parts);
  });
  return claimer;
}

describe('cluster call limits', () => {
  const claimers: Claimer[] = [];
  afterAll(async () => {
    for (const c of claimers) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  });

  it('admits exactly the project limit when 50 calls race on three servers', async () => {
    const projectId = `race-${randomUUID()}`;
    const leaseMs = 1500;
    claimers.push(
      startClaimer(projectId, 17, 10, leaseMs),
      startClaimer(projectId, 17, 10, leaseMs),
      startClaimer(projectId, 16, 10, leaseMs),
    );
    await until(() => claimers.every((c) => c.lines.includes('ready')), 20_000);
    for (const c of claimers) c.child.stdin.write('go\n');
    await until(() => claimers.every((c) => c.lines.length >= 2), 10_000);
    const results = claimers.map((c) => JSON.parse(c.lines[1]!) as { accepted: number; refused: string[] });
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(10);
    const refused = results.flatMap((r) => r.refused);
    expect(refused).toHaveLength(40);
    expect(new Set(refused)).toEqual(new Set(['project']));

    const limits = new ClusterCallLimits(redis, { leaseMs });
    try {
      expect(await limits.count('project', projectId)).toBe(10);
      // A server dies with its calls: after a lease's life its slots are free, the others' still held.
      const victim = claimers.findIndex((_, i) => results[i]!.accepted > 0);
      const survivors = 10 - results[victim]!.accepted;
      claimers[victim]!.child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while ((await limits.count('project', projectId)) !== survivors && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await limits.count('project', projectId)).toBe(survivors);
      // The living servers keep renewing: their leases outlast several lifetimes.
      await new Promise((r) => setTimeout(r, leaseMs * 2));
      expect(await limits.count('project', projectId)).toBe(survivors);
      // And the freed slots are taken again.
      const again = await Promise.all(
        Array.from({ length: 12 }, () => limits.acquire([{ kind: 'project', id: projectId, max: 10 }])),
      );
      expect(again.filter((r) => r.ok)).toHaveLength(10 - survivors);
    } finally {
      limits.close();
    }
  }, 60_000);

  it('takes a slot under every claim or none, and gives it back on release', async () => {
    const limits = new ClusterCallLimits(redis, { leaseMs: 5000 });
    const project = `p-${randomUUID()}`;
    const connection = `c-${randomUUID()}`;
    try {
      const first = await limits.acquire([
        { kind: 'project', id: project, max: 5 },
        { kind: 'connection', id: connection, max: 1 },
      ]);
      expect(first.ok).toBe(true);
      const second = await limits.acquire([
        { kind: 'project', id: project, max: 5 },
        { kind: 'connection', id: connection, max: 1 },
      ]);
      expect(second).toEqual({ ok: false, refused: 'connection', limit: 1 });
      // The refused call took no project slot either.
      expect(await limits.count('project', project)).toBe(1);
      if (first.ok) await first.release();
      expect(await limits.count('project', project)).toBe(0);
      expect(await limits.count('connection', connection)).toBe(0);
    } finally {
      limits.close();
    }
  });
});

describe('a connection’s lines across servers (outbound calls)', () => {
  it('two servers share one line: the second is refused until the first hangs up', async () => {
    const { ConnectionCallLimits } = await import('../telephony/connection-call-limits.ts');
    const one = new ClusterCallLimits(redis, { leaseMs: 5000 });
    const two = new ClusterCallLimits(redis, { leaseMs: 5000 });
    const connection = `line-${randomUUID()}`;
    try {
      const first = await new ConnectionCallLimits(one).acquire(connection, 1);
      expect(first).not.toBe(false);
      const otherServer = new ConnectionCallLimits(two);
      expect(await otherServer.acquire(connection, 1)).toBe(false);
      if (first) first();
      await new Promise((r) => setTimeout(r, 50)); // the release is sent without waiting
      const again = await otherServer.acquire(connection, 1);
      expect(again).not.toBe(false);
      if (again) again();
    } finally {
      one.close();
      two.close();
    }
  });
});
