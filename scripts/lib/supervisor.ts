import { spawn, type ChildProcess } from 'node:child_process';

/** One supervised process: how to start it. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
}

export interface BackoffOptions {
  /** Delay before the first restart; doubles after each crash up to maxMs. */
  initialMs: number;
  maxMs: number;
  /** A child that ran this long before crashing is considered healthy again: its delay starts over. */
  resetAfterMs: number;
}

export interface SupervisorOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  backoff?: Partial<BackoffOptions>;
  /** Where the supervisor's own lines go (crashes, restarts). */
  log?: (line: string) => void;
  /** Each child's stdout and stderr; the default passes them through to ours. */
  output?: (name: string, stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /** How long children get to stop on SIGTERM before they are killed. */
  stopGraceMs?: number;
}

export interface ChildState {
  name: string;
  pid: number | undefined;
  restarts: number;
  running: boolean;
}

export interface Supervisor {
  state(): ChildState[];
  /** Sends SIGTERM to every child (no more restarts) and resolves when all have exited. */
  stop(): Promise<void>;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };
const TAIL_LINES = 12;

/** What ended a child, for the log: a signal, an exit code, and the last lines it printed. */
function describeExit(code: number | null, signal: NodeJS.Signals | null, tail: string[]): string {
  const how =
    signal === 'SIGKILL'
      ? 'killed (SIGKILL: killed by hand or by the kernel for memory)'
      : signal
        ? `killed by ${signal}`
        : `exited with code ${code}`;
  return tail.length ? `${how}; last output:\n  ${tail.join('\n  ')}` : how;
}

/**
 * Runs each child and keeps it running: a child that exits while the supervisor is not stopping is logged
 * with the cause and restarted after a backoff (1 s, 2 s, 4 s… up to 30 s; reset once it has run a minute),
 * while the others carry on untouched. One process's crash must never take the others' work (live calls,
 * the UI) with it.
 */
export function supervise(specs: readonly ChildSpec[], options: SupervisorOptions = {}): Supervisor {
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const log = options.log ?? ((line: string) => console.error(line));
  const output =
    options.output ??
    ((_name: string, stream: 'stdout' | 'stderr', chunk: Buffer) =>
      (stream === 'stdout' ? process.stdout : process.stderr).write(chunk));
  const states = new Map<
    string,
    {
      spec: ChildSpec;
      child?: ChildProcess;
      restarts: number;
      delayMs: number;
      timer?: NodeJS.Timeout;
      tail: string[];
    }
  >();
  let stopping = false;

  const start = (name: string) => {
    const s = states.get(name)!;
    s.timer = undefined;
    s.tail = [];
    const startedAt = Date.now();
    const child = spawn(s.spec.command, [...s.spec.args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl+C reaches the supervisor only, which then stops each child
      // once (a second signal would make a child skip its drain).
      detached: true,
    });
    s.child = child;
    // The last lines it printed (logs go to stdout, crashes to stderr) are the cause a crash is logged with.
    const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      output(name, stream, chunk);
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      s.tail.push(...lines.map((l) => l.slice(0, 300)));
      if (s.tail.length > TAIL_LINES) s.tail.splice(0, s.tail.length - TAIL_LINES);
    };
    child.stdout?.on('data', keep('stdout'));
    child.stderr?.on('data', keep('stderr'));
    child.on('error', (e) => log(`start: ${name} could not start: ${e.message}`));
    child.on('exit', (code, signal) => {
      if (stopping) return;
      const ranMs = Date.now() - startedAt;
      if (ranMs >= backoff.resetAfterMs) s.delayMs = backoff.initialMs;
      const delay = s.delayMs;
      s.delayMs = Math.min(s.delayMs * 2, backoff.maxMs);
      s.restarts += 1;
      log(
        `start: ${name} (pid ${child.pid}) ${describeExit(code, signal, s.tail)}\n` +
          `start: restarting ${name} in ${Math.round(delay / 100) / 10} s (restart ${s.restarts}); ` +
          `the other processes keep running`,
      );
      s.timer = setTimeout(() => start(name), delay);
    });
  };

  for (const spec of specs) {
    states.set(spec.name, { spec, restarts: 0, delayMs: backoff.initialMs, tail: [] });
    start(spec.name);
  }

  return {
    state: () =>
      [...states.values()].map((s) => ({
        name: s.spec.name,
        pid: s.child?.pid,
        restarts: s.restarts,
        running: !!s.child && s.child.exitCode === null && s.child.signalCode === null,
      })),
    stop: async () => {
      stopping = true;
      const waits = [...states.values()].map((s) => {
        if (s.timer) clearTimeout(s.timer);
        const child = s.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? 40_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        });
      });
      await Promise.all(waits);
    },
  };
}
