// `npm start`: runs the compiled web app and every other process that exists (workers, media server) as
// supervised children: a child that crashes is logged and restarted with backoff while the others keep running
// (a bad job in the workers never drops a live call). SIGTERM/SIGINT stop them all (the media server drains
// calls). It runs the bundles `npm run build` writes (dist/server); `npm run dev` and the demo run TypeScript
// through tsx. The processes are the table in scripts/lib/server-processes.ts.
import { processSpecs, ROOT } from './lib/processes.ts';
import { supervise } from './lib/supervisor.ts';

const specs = processSpecs(process.argv.slice(2), undefined, { compiled: true });
if (specs.length === 0) {
  console.error('start: no compiled server found in dist/server. Run `npm run build` first.');
  process.exit(1);
}
const supervisor = supervise(specs, { cwd: ROOT, env: process.env });

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1); // a second Ctrl+C: now
  stopping = true;
  void supervisor.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
