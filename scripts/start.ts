// `npm start`: runs the web app and every other process that exists (workers, media server) as children,
// forwards SIGTERM/SIGINT to them, and stops everything if one of them dies. It runs the compiled bundles
// `npm run build` writes (dist/server); `npm run dev` and the demo run the TypeScript through tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEDIA_SERVER_NODE_FLAGS } from './lib/node-flags.ts';

const root = resolve(import.meta.dirname, '..');
const processes = [
  { name: 'web', entry: 'dist/server/web.js' },
  { name: 'workers', entry: 'dist/server/workers.js' },
  { name: 'media-server', entry: 'dist/server/media-server.js', flags: MEDIA_SERVER_NODE_FLAGS },
].filter((p): p is { name: string; entry: string; flags?: string[] } => existsSync(resolve(root, p.entry)));
if (processes.length === 0) {
  console.error('start: no compiled server found in dist/server. Run `npm run build` first.');
  process.exit(1);
}

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
    [...(p.flags ?? []), resolve(root, p.entry), ...process.argv.slice(2)],
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
