import { spawn } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { readMediaServers, renderDispatcherList } from './media-server-directory.ts';

/** Asks a running Kamailio to reread its dispatcher list (`kamcmd -s <socket> dispatcher.reload`). */
export function kamcmdReload(ctlSocket: string, kamcmd = '/usr/sbin/kamcmd'): () => Promise<void> {
  return () =>
    new Promise((resolve, reject) => {
      const child = spawn(kamcmd, ['-s', ctlSocket, 'dispatcher.reload'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kamcmd: ${code} ${err}`))));
    });
}

/**
 * One pass: renders the dispatcher list from the announced media servers and, when it changed, writes it
 * (atomically: a Kamailio reloading mid-write must not read half a file) and has Kamailio reload it.
 * Answers whether it changed.
 */
export async function syncDispatcherList(options: {
  redis: Redis;
  file: string;
  reload: () => Promise<void>;
}): Promise<boolean> {
  const next = renderDispatcherList(await readMediaServers(options.redis));
  let current: string | undefined;
  try {
    current = readFileSync(options.file, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === next) return false;
  const tmp = `${options.file}.tmp-${process.pid}`;
  writeFileSync(tmp, next);
  renameSync(tmp, options.file);
  await options.reload();
  return true;
}
