/**
 * A cluster on loopback for tests and the bench: media-node processes, the dispatcher list written from what
 * they announce in Redis, and Kamailio running deploy/kamailio/kamailio.cfg in front of them.
 */
import { spawn, spawnSync, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { freePort } from '../../sip-gateway/test-support/free-port.ts';
import { KAMAILIO } from '../../telephony/test-support/kamailio.ts';
import { dispatcherSync, kamcmdReload } from '../dispatcher-sync.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const KAMAILIO_CFG = join(here, '../../../../deploy/kamailio/kamailio.cfg');

export interface MediaNode {
  readonly id: string;
  readonly port: number;
  calls(): number;
  /** Call-IDs of the calls answered and refused here. */
  callIds(): string[];
  /** The causes of the calls refused here. */
  refusals(): string[];
  refusedIds(): string[];
  drain(): Promise<void>;
  kill(): void;
}

export async function startMediaNode(
  id: string,
  env: NodeJS.ProcessEnv,
  projectLimit = 0,
): Promise<MediaNode> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'media-node.ts'), id, String(projectLimit)],
    { env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let buffer = '';
  let errors = '';
  child.stderr.on('data', (c: Buffer) => (errors = (errors + c.toString('utf8')).slice(-5000)));
  child.stdout.on('data', (c: Buffer) => {
    buffer += c.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
  });
  const deadline = Date.now() + 30_000;
  while (!lines.some((l) => l.startsWith('ready '))) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`media node ${id} did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const port = Number(lines.find((l) => l.startsWith('ready '))!.slice(6));
  return {
    id,
    port,
    calls: () => lines.filter((l) => l.startsWith('call ')).length,
    callIds: () => lines.filter((l) => l.startsWith('call ')).map((l) => l.split(' ')[1]!),
    refusals: () => lines.filter((l) => l.startsWith('refused ')).map((l) => l.split(' ')[1]!),
    refusedIds: () => lines.filter((l) => l.startsWith('refused ')).map((l) => l.split(' ')[2]!),
    drain: async () => {
      child.stdin.write('drain\n');
      const until = Date.now() + 5000;
      while (!lines.includes('draining') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    },
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface Dispatcher {
  readonly port: number;
  /** Rewrites the list from Redis and reloads Kamailio when it changed (retrying a refused reload). */
  sync(): Promise<boolean>;
  output(): string;
  stop(): Promise<void>;
}

export async function startDispatcher(redis: Redis, pingIntervalS = 1): Promise<Dispatcher> {
  const dir = mkdtempSync(join(tmpdir(), 'kamailio-dispatcher-'));
  const port = await freePort();
  const file = join(dir, 'dispatcher.list');
  const ctl = `unix:${join(dir, 'ctl')}`;
  let running = false;
  const reload = kamcmdReload(ctl);
  const sync = dispatcherSync({ redis, file, reload: () => (running ? reload() : Promise.resolve()) });
  await sync();
  const syncUntilTaken = async () => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await sync();
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  };
  const defines = [
    '-A',
    `LISTEN=udp:127.0.0.1:${port}`,
    '-A',
    `DISPATCHER_LIST="${file}"`,
    '-A',
    `CTL_SOCKET="${ctl}"`,
    '-A',
    `PING_INTERVAL=${pingIntervalS}`,
  ];
  const checked = spawnSync(KAMAILIO, ['-c', '-f', KAMAILIO_CFG, ...defines], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`kamailio config rejected:\n${checked.stderr}`);
  let log = '';
  const child: ChildProcess = spawn(
    KAMAILIO,
    ['-f', KAMAILIO_CFG, ...defines, '-DD', '-E', '-w', dir, '-Y', dir, '-m', '32', '-M', '8'],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-50_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!/SO_RCVBUF is finally/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kamailio did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  running = true;
  return {
    port,
    sync: syncUntilTaken,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}
