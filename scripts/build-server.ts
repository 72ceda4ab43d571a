// `npm run build` (after the Remix build): compiles the server processes with esbuild into one ES module
// each under dist/server/, so production starts plain JavaScript instead of compiling TypeScript through
// tsx at every start. Our code (app/.server, media-server, workers, flow-runtime, the generated Prisma
// client) is bundled; packages in node_modules stay imports, resolved at run time as before.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { SERVER_PROCESSES } from './lib/server-processes.ts';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist/server');
rmSync(outdir, { recursive: true, force: true });

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(
    SERVER_PROCESSES.map((p) => [p.compiled.replace(/^dist\/server\//, '').replace(/\.js$/, ''), p.entry]),
  ),
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
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, out]) => sum + out.bytes, 0);
console.log(
  `server: ${SERVER_PROCESSES.map((p) => p.compiled).join(', ')} ` +
    `(${Math.round(bytes / 1024)} KiB of JavaScript) in ${Math.round(performance.now() - started)} ms`,
);
