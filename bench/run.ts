// Runs one benchmark file (bench/<name>.bench.ts) or lists them. Each benchmark prints, as its last line,
// one JSON object of figures with units in the keys.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEDIA_SERVER_NODE_FLAGS } from '../scripts/lib/node-flags.ts';

const here = dirname(fileURLToPath(import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const arg = process.argv[2];
if (!arg || arg === '--list') {
  for (const n of names) console.log(n);
  process.exit(arg ? 0 : 1);
}
if (!names.includes(arg)) {
  console.error(`Unknown benchmark "${arg}". Known: ${names.join(', ')}`);
  process.exit(2);
}
// The same V8 flags as the media server, which runs the turns these benchmarks measure.
const result = spawnSync(
  process.execPath,
  [...MEDIA_SERVER_NODE_FLAGS, '--import', 'tsx', join(here, `${arg}.bench.ts`), ...process.argv.slice(3)],
  {
    stdio: 'inherit',
    cwd: join(here, '..'),
  },
);
process.exit(result.status ?? 1);
