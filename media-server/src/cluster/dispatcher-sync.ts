import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
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
 * Keeps the dispatcher list in step: each pass renders it from the announced media servers and, when it
 * differs from what Kamailio last loaded, writes it (atomically: a Kamailio reloading mid-write must not read
 * half a file) and has Kamailio reload it. A failed reload (Kamailio refuses reloads closer together than its
 * reload_delta) is retried on the next pass. A pass answers whether Kamailio took a new list.
 */
export function dispatcherSync(options: {
  redis: Redis;
  file: string;
  reload: () => Promise<void>;
}): () => Promise<boolean> {
  let loaded: string | undefined;
  return async () => {
    const next = renderDispatcherList(await readMediaServers(options.redis));
    if (next === loaded) return false;
    const tmp = `${options.file}.tmp-${process.pid}`;
    writeFileSync(tmp, next);
    renameSync(tmp, options.file);
    await options.reload();
    loaded = next;
    return true;
  };
}
