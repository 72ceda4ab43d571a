/** Thrown when a lane's queue is full: the caller answers "busy, retry soon" instead of waiting. */
export class PoolBusyError extends Error {
  constructor(readonly lane: string) {
    super(`too much ${lane} work queued`);
    this.name = 'PoolBusyError';
  }
}

export interface WorkPoolOptions<L extends string> {
  concurrency: number;
  /** Lanes in priority order: a free slot always goes to the first lane with work waiting. */
  lanes: readonly L[];
  /** How many jobs may wait per lane before new ones are refused. */
  maxQueued: Record<L, number>;
}

export interface WorkPoolStats<L extends string> {
  active: number;
  queued: Record<L, number>;
  started: Record<L, number>;
  refused: Record<L, number>;
}

export interface WorkPool<L extends string> {
  run<T>(lane: L, job: () => Promise<T>): Promise<T>;
  stats(): WorkPoolStats<L>;
}

/**
 * A small semaphore with priority lanes and bounded queues, for CPU- and memory-heavy work such as argon2:
 * at most `concurrency` jobs run at once, sign-ins go ahead of account creation, and a flood of one lane
 * is refused at once rather than growing a queue that everyone else waits behind.
 */
export function createWorkPool<L extends string>(options: WorkPoolOptions<L>): WorkPool<L> {
  const perLane = <V>(value: () => V) =>
    Object.fromEntries(options.lanes.map((lane) => [lane, value()])) as Record<L, V>;
  const queues = perLane<(() => void)[]>(() => []);
  const started = perLane(() => 0);
  const refused = perLane(() => 0);
  let active = 0;

  const startNext = () => {
    if (active >= options.concurrency) return;
    for (const lane of options.lanes) {
      const next = queues[lane].shift();
      if (next) {
        next();
        return;
      }
    }
  };

  return {
    run<T>(lane: L, job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const begin = () => {
          active += 1;
          started[lane] += 1;
          job()
            .then(resolve, reject)
            .finally(() => {
              active -= 1;
              startNext();
            });
        };
        if (active < options.concurrency) return begin();
        if (queues[lane].length >= options.maxQueued[lane]) {
          refused[lane] += 1;
          return reject(new PoolBusyError(lane));
        }
        queues[lane].push(begin);
      });
    },
    stats: () => ({
      active,
      queued: Object.fromEntries(options.lanes.map((l) => [l, queues[l].length])) as Record<L, number>,
      started: { ...started },
      refused: { ...refused },
    }),
  };
}
