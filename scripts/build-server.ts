// `npm run build` (after the Remix build): compiles the server processes with esbuild into one ES module
// each under dist/server/, so production starts plain JavaScript instead of compiling TypeScript through
// tsx at every start. Our code (app/.server, media-server, workers, flow-runtime, the generated Prisma
// client) is bundled; packages in node_modules stay imports, resolved at run time as before.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { SERVER_PROCESSES } from './lib/server-processes.ts';

const root = resolve(import.meta.dirname, '..');
const THREAD_ENTRIES = {
  'isolated-reader.worker': 'app/.server/knowledge-base/ingest/isolated-reader.worker.ts',
  'espeak.worker': 'media-server/src/providers/tts/espeak.worker.ts',
  'silero-vad.worker': 'media-server/src/audio/silero-vad.worker.ts',
};
/** Plain modules a thread starts with, copied as they are. */
const THREAD_FILES = ['app/.server/sandbox/isolate-bootstrap.mjs'];
const outdir = join(root, 'dist/server');
rmSync(outdir, { recursive: true, force: true });

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    ...Object.fromEntries(
      SERVER_PROCESSES.map((p) => [p.compiled.replace(/^dist\/server\//, '').replace(/\.js$/, ''), p.entry]),
    ),
    // Worker-thread modules are loaded by file at run time (app/.server/sandbox/thread-entry.ts), not imported.
    ...THREAD_ENTRIES,
  },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  // Stack traces keep our function names; production logs are read by people.
  minify: false,
  keepNames: true,
  tsconfig: join(root, 'tsconfig.json'),
  metafile: true,
  logLevel: 'warning',
});
mkdirSync(outdir, { recursive: true });
for (const file of THREAD_FILES) copyFileSync(join(root, file), join(outdir, basename(file)));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, out]) => sum + out.bytes, 0);
console.log(
  `server: ${SERVER_PROCESSES.map((p) => p.compiled).join(', ')} ` +
    `(${Math.round(bytes / 1024)} KiB of JavaScript) in ${Math.round(performance.now() - started)} ms`,
);
