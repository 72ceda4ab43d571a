/** RFC 3261 17 timer base values. Tests shrink T1 so retransmission and timeout paths run in milliseconds. */
export interface TimerConfig {
  /** RTT estimate; retransmissions start here. */
  t1: number;
  /** Cap on the retransmission interval for non-INVITE requests and INVITE responses. */
  t2: number;
  /** How long a message may stay in the network. */
  t4: number;
}

export const DEFAULT_TIMER_CONFIG: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

/** A set of timers that can be cleared together when a transaction ends. */
export class TimerGroup {
  private readonly handles = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): void {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      fn();
    }, ms);
    this.handles.add(handle);
  }

  clear(): void {
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }
}
