import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEDIA_SERVER_NODE_FLAGS } from './node-flags.ts';
import type { ChildSpec } from './supervisor.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export type ProcessName = 'web' | 'workers' | 'media-server';

/** The processes `npm start` runs: one row each (entry point, extra node flags). */
export const PROCESSES: { name: ProcessName; entry: string; flags?: string[] }[] = [
  { name: 'web', entry: 'app/.server/processes/web.ts' },
  { name: 'workers', entry: 'workers/main.ts' },
  { name: 'media-server', entry: 'media-server/src/main.ts', flags: MEDIA_SERVER_NODE_FLAGS },
];

/** How the supervisor starts each process that exists in this checkout (`only` picks some, for tests). */
export function processSpecs(extraArgs: readonly string[] = [], only?: readonly ProcessName[]): ChildSpec[] {
  return PROCESSES.filter((p) => (!only || only.includes(p.name)) && existsSync(resolve(ROOT, p.entry))).map(
    (p) => ({
      name: p.name,
      command: process.execPath,
      args: [...(p.flags ?? []), '--import', 'tsx', resolve(ROOT, p.entry), ...extraArgs],
    }),
  );
}
