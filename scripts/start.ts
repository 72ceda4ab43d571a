// `npm start`: runs the web app and every other process that exists (workers, media server) as supervised
// children: a child that crashes is logged and restarted with backoff while the others keep running (a bad
// job in the workers never drops a live call). SIGTERM/SIGINT stop them all (the media server drains calls).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEDIA_SERVER_NODE_FLAGS } from './lib/node-flags.ts';
import { supervise } from './lib/supervisor.ts';

const root = resolve(import.meta.dirname, '..');

/** The processes `npm start` runs: one row each (entry point, extra node flags). */
const PROCESSES: { name: string; entry: string; flags?: string[] }[] = [
  { name: 'web', entry: 'app/.server/processes/web.ts' },
  { name: 'workers', entry: 'workers/main.ts' },
  { name: 'media-server', entry: 'media-server/src/main.ts', flags: MEDIA_SERVER_NODE_FLAGS },
];

const supervisor = supervise(
  PROCESSES.filter((p) => existsSync(resolve(root, p.entry))).map((p) => ({
    name: p.name,
    command: process.execPath,
    args: [...(p.flags ?? []), '--import', 'tsx', resolve(root, p.entry), ...process.argv.slice(2)],
  })),
  { cwd: root, env: process.env },
);

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1); // a second Ctrl+C: now
  stopping = true;
  void supervisor.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
