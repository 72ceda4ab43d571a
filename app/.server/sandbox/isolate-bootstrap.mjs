// The first module of an isolate's worker thread (isolate.ts). Under tsx (development, tests) the TypeScript
// loader is registered inside the thread before the task module loads; compiled code (.js) needs nothing.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
