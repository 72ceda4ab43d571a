// `npm start`: runs the web app and every other process that exists (workers, media server) as supervised
// children: a child that crashes is logged and restarted with backoff while the others keep running (a bad
// job in the workers never drops a live call). SIGTERM/SIGINT stop them all (the media server drains calls).
// The processes are the table in scripts/lib/processes.ts.
import { processSpecs, ROOT } from './lib/processes.ts';
import { supervise } from './lib/supervisor.ts';

const supervisor = supervise(processSpecs(process.argv.slice(2)), { cwd: ROOT, env: process.env });

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1); // a second Ctrl+C: now
  stopping = true;
  void supervisor.stop().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
