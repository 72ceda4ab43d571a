/**
 * One clock, one timer, for every call's media. Ticks are scheduled against the monotonic clock by absolute
 * time (start + n * step), so a late timer callback sends what is due and catches up instead of drifting:
 * each stream's packet n leaves at start + n * 20 ms or as soon after as the event loop allows. The 20 ms
 * period is split into slots and each call is placed in the least loaded slot, which spreads packet sending
 * across the period instead of bursting every call's packet in the same millisecond. Within a slot every
 * task sends first (`tick`) and only then does its other work (`afterTick`), so the last call's packet does
 * not wait for the first calls' receive-side processing.
 */

export interface ClockTask {
  /** The time-critical part: send. `cycle` counts 20 ms periods since the clock started. */
  tick(cycle: number, nowMs: number): void;
  /** Work that may wait until every task of the slot has sent (jitter release, timeouts). */
  afterTick?(nowMs: number): void;
}

/** Lateness is counted in bins of this width, up to LATENESS_BINS of them (the last holds anything later). */
const LATENESS_BIN_MS = 0.25;
const LATENESS_BINS = 400;

export interface MediaClockOptions {
  periodMs?: number;
  slots?: number;
  /** When the event loop stalls longer than this, skip ahead instead of firing every missed tick. */
  maxCatchUpMs?: number;
}

export interface MediaClockStats {
  ticks: number;
  /** Ticks that ran more than 5 ms after their due time. */
  lateTicks: number;
  skippedTicks: number;
  maxLatenessMs: number;
}

/** How late the clock's ticks ran, as counts per LATENESS_BIN_MS bin: a window's distribution is the
 * difference of two snapshots (latenessPercentile). */
export type LatenessHistogram = readonly number[];

export function latenessPercentile(before: LatenessHistogram, after: LatenessHistogram, p: number): number {
  const counts = after.map((n, i) => n - (before[i] ?? 0));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return NaN;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    seen += counts[i] ?? 0;
    if (seen >= p * total) return (i + 1) * LATENESS_BIN_MS;
  }
  return counts.length * LATENESS_BIN_MS;
}

export class MediaClock {
  readonly periodMs: number;
  private readonly slots: Set<ClockTask>[];
  private readonly stepMs: number;
  private readonly maxCatchUpMs: number;
  private startedAt = 0;
  private step = 0;
  private timer: NodeJS.Timeout | undefined;
  private taskCount = 0;
  readonly stats: MediaClockStats = { ticks: 0, lateTicks: 0, skippedTicks: 0, maxLatenessMs: 0 };
  private readonly lateness = new Uint32Array(LATENESS_BINS);

  constructor(options: MediaClockOptions = {}) {
    this.periodMs = options.periodMs ?? 20;
    const slots = options.slots ?? 4;
    this.slots = Array.from({ length: slots }, () => new Set<ClockTask>());
    this.stepMs = this.periodMs / slots;
    this.maxCatchUpMs = options.maxCatchUpMs ?? 200;
  }

  /** The current cycle number, for tasks that need a timestamp outside their tick. */
  get cycle(): number {
    return Math.floor(this.step / this.slots.length);
  }

  /** Ticks counted by lateness since the clock was made (see latenessPercentile). */
  latenessHistogram(): LatenessHistogram {
    return Array.from(this.lateness);
  }

  /** Adds a task; returns a function that removes it. */
  add(task: ClockTask): () => void {
    let slot = this.slots[0] as Set<ClockTask>;
    for (const s of this.slots) if (s.size < slot.size) slot = s;
    slot.add(task);
    this.taskCount += 1;
    if (!this.timer) this.start();
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      slot.delete(task);
      this.taskCount -= 1;
      if (this.taskCount === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(): void {
    this.startedAt = performance.now();
    this.step = 0;
    this.schedule();
  }

  private schedule(): void {
    const due = this.startedAt + this.step * this.stepMs;
    this.timer = setTimeout(() => this.run(), Math.max(0, due - performance.now()));
  }

  private run(): void {
    let now = performance.now();
    const behind = now - (this.startedAt + this.step * this.stepMs);
    if (behind > this.maxCatchUpMs) {
      const skip = Math.floor(behind / this.stepMs);
      this.stats.skippedTicks += skip;
      this.step += skip;
    }
    while (this.startedAt + this.step * this.stepMs <= now) {
      const lateness = now - (this.startedAt + this.step * this.stepMs);
      this.stats.ticks += 1;
      if (lateness > 5) this.stats.lateTicks += 1;
      if (lateness > this.stats.maxLatenessMs) this.stats.maxLatenessMs = lateness;
      const bin = Math.min(LATENESS_BINS - 1, Math.floor(lateness / LATENESS_BIN_MS));
      this.lateness[bin] = (this.lateness[bin] ?? 0) + 1;
      const slot = this.slots[this.step % this.slots.length] ?? new Set<ClockTask>();
      const cycle = Math.floor(this.step / this.slots.length);
      this.step += 1;
      for (const task of slot) {
        try {
          task.tick(cycle, now);
        } catch {
          // One call's failure must not stop every other call's audio; the task logs its own errors.
        }
      }
      for (const task of slot) {
        try {
          task.afterTick?.(now);
        } catch {
          // As above: the other calls go on.
        }
      }
      now = performance.now();
    }
    if (this.taskCount > 0) this.schedule();
    else this.timer = undefined;
  }
}
