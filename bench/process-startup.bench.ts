// Start-up time and memory of each process (web, workers, media server), run through tsx from the sources
// and, when `npm run build` has compiled them, from dist/server: time from spawn to /healthz answering 200,
// and resident memory (RSS) then and 3 s later. Needs the .env of `npm run setup` (Postgres, Redis, keys)
// and, for the web, the Remix build. Ports are picked free; jobs go to a Redis prefix of their own.
// Last line: one JSON object of figures.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEDIA_SERVER_NODE_FLAGS } from '../scripts/lib/node-flags.ts';
import { SERVER_PROCESSES } from '../scripts/lib/server-processes.ts';

const root = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

interface Sample {
  readyMs: number;
  rssReadyMb: number;
  rssSettledMb: number;
}

async function startOnce(name: string, args: string[]): Promise<Sample> {
  const [web, media, workers, sip, dra] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const healthPort = { web, 'media-server': media, workers }[name];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(web),
      HOST: '127.0.0.1',
      MEDIA_HTTP_PORT: String(media),
      MEDIA_HTTP_HOST: '127.0.0.1',
      WORKERS_HEALTH_PORT: String(workers),
      SIP_PORT: String(sip),
      DRACHTIO_AUDIO_PORT: String(dra),
      RTP_PORT_MIN: '41000',
      RTP_PORT_MAX: '41098',
      REDIS_PREFIX: 'bench-startup',
      STT_PROVIDER: 'none',
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${stderr.slice(-2000)}`);
      if (performance.now() - started > 120_000) throw new Error(`${name} not ready in 120 s`);
      const ok = await fetch(`http://127.0.0.1:${healthPort}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      await sleep(25);
    }
    const readyMs = Math.round(performance.now() - started);
    const rssReadyMb = rssMb(child.pid ?? 0);
    await sleep(3000);
    return { readyMs, rssReadyMb, rssSettledMb: rssMb(child.pid ?? 0) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done)));
  }
}

const figures: Record<string, number> = {};
for (const p of SERVER_PROCESSES) {
  const flags = p.name === 'media-server' ? MEDIA_SERVER_NODE_FLAGS : [];
  const modes: Array<[string, string[]]> = [['tsx', [...flags, '--import', 'tsx', join(root, p.entry)]]];
  const compiled = join(root, p.compiled);
  if (existsSync(compiled)) modes.push(['compiled', [...flags, compiled]]);
  else console.log(`${p.name}: ${p.compiled} missing (run npm run build); measuring tsx only`);
  for (const [mode, args] of modes) {
    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run += 1) samples.push(await startOnce(p.name, args));
    const key = `${p.name.replace('-', '_')}_${mode}`;
    figures[`${key}_ready_ms`] = median(samples.map((s) => s.readyMs));
    figures[`${key}_rss_ready_mb`] = median(samples.map((s) => s.rssReadyMb));
    figures[`${key}_rss_settled_mb`] = median(samples.map((s) => s.rssSettledMb));
    console.log(`${p.name} (${mode}): ${JSON.stringify(samples)}`);
  }
}
console.log(JSON.stringify(figures));
