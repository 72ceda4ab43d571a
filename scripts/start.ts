// `npm start`: runs the web app and every other process that exists (workers, media server) as children,
// forwards SIGTERM/SIGINT to them, and stops everything if one of them dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEDIA_SERVER_NODE_FLAGS } from './lib/node-flags.ts';

const root = resolve(import.meta.dirname, '..');
const processes = [
  { name: 'web', entry: 'app/.server/processes/web.ts' },
  { name: 'workers', entry: 'workers/main.ts' },
  { name: 'media-server', entry: 'media-server/src/main.ts', flags: MEDIA_SERVER_NODE_FLAGS },
].filter((p): p is { name: string; entry: string; flags?: string[] } => existsSync(resolve(root, p.entry)));

const children = new Map<string, ChildProcess>();
let stopping = false;

function stopAll(signal: NodeJS.Signals, code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
  const timer = setTimeout(() => process.exit(code), 15_000);
  timer.unref();
  const wait = () =>
    [...children.values()].every((c) => c.exitCode !== null || c.signalCode)
      ? process.exit(code)
      : setTimeout(wait, 100);
  wait();
}

for (const p of processes) {
  const child = spawn(
    process.execPath,
    [...(p.flags ?? []), '--import', 'tsx', resolve(root, p.entry), ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
      env: process.env,
    },
  );
  children.set(p.name, child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`start: ${p.name} exited (${signal ?? code}); stopping the others`);
      stopAll('SIGTERM', code === 0 ? 0 : 1);
    }
  });
}
process.on('SIGTERM', () => stopAll('SIGTERM', 0));
process.on('SIGINT', () => stopAll('SIGTERM', 0));
