import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout's root (where package.json, build/ and public/ are), found upward from a module's folder:
 * the same answer from the TypeScript sources (app/.server/processes) and from the compiled bundle
 * (dist/server).
 */
export function appRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
