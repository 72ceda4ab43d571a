import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVER_PROCESSES, type ServerProcess } from './server-processes.ts';
import type { ChildSpec } from './supervisor.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export type ProcessName = ServerProcess['name'];

/**
 * How the supervisor starts each process: the compiled bundle (`npm start`, after `npm run build`) or the
 * TypeScript entry through tsx (tests). Processes whose file is absent in this checkout are left out;
 * `only` picks some, for tests.
 */
export function processSpecs(
  extraArgs: readonly string[] = [],
  only?: readonly ProcessName[],
  { compiled = false }: { compiled?: boolean } = {},
): ChildSpec[] {
  return SERVER_PROCESSES.filter((p) => !only || only.includes(p.name))
    .map((p) => ({ ...p, file: compiled ? p.compiled : p.entry }))
    .filter((p) => existsSync(resolve(ROOT, p.file)))
    .map((p) => ({
      name: p.name,
      command: process.execPath,
      args: [
        ...(p.flags ?? []),
        ...(compiled ? [] : ['--import', 'tsx']),
        resolve(ROOT, p.file),
        ...extraArgs,
      ],
    }));
}
