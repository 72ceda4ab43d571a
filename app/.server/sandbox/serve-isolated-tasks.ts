import { parentPort } from 'node:worker_threads';
import type { IsolatedErrorShape } from './isolate.ts';

type Task = (input: never) => unknown;

/** The worker side of an Isolate: answers each `{id, task, input}` with the task's output or its error. */
export function serveIsolatedTasks(tasks: Record<string, Task>): void {
  const port = parentPort;
  if (!port) throw new Error('serveIsolatedTasks runs inside a worker thread');
  port.on('message', async (message: { id: number; task: string; input: never }) => {
    try {
      const run = tasks[message.task];
      if (!run) throw new Error(`unknown isolated task ${message.task}`);
      port.postMessage({ id: message.id, ok: true, output: await run(message.input) });
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      const error: IsolatedErrorShape =
        e instanceof Error
          ? { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) }
          : { name: 'Error', message: String(e) };
      port.postMessage({ id: message.id, ok: false, error });
    }
  });
}
