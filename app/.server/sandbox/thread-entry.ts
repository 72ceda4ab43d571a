import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The file of a worker thread's module, beside the code that starts it. Under tsx the sources sit side by side;
 * in the compiled build (scripts/build-server.ts) every thread module is written to dist/server/ itself, while
 * the code asking for it may have been bundled into dist/server/chunks/, so a compiled caller looks one folder up.
 */
export function threadEntry(callerUrl: string, name: string, sourceExtension: '.ts' | '.mjs'): URL {
  const callerDir = dirname(fileURLToPath(callerUrl));
  if (callerUrl.endsWith('.ts')) return pathToFileURL(join(callerDir, `${name}${sourceExtension}`));
  const distDir = basename(callerDir) === 'chunks' ? dirname(callerDir) : callerDir;
  return pathToFileURL(join(distDir, `${name}${sourceExtension === '.ts' ? '.js' : sourceExtension}`));
}

/** The first module of a worker thread: it registers the TypeScript loader when the entry is a .ts file. */
export const THREAD_BOOTSTRAP = threadEntry(import.meta.url, 'isolate-bootstrap', '.mjs');
