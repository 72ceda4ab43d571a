/** Calls up per SIP connection on this media server, against each connection's concurrent-call limit. */
export class ConnectionCallLimits {
  private readonly active = new Map<string, number>();

  count(connectionId: string): number {
    return this.active.get(connectionId) ?? 0;
  }

  /** Takes a slot, or answers false when `max` (0 = no limit) calls are already up. */
  tryAcquire(connectionId: string, max: number): (() => void) | false {
    const now = this.count(connectionId);
    if (max > 0 && now >= max) return false;
    this.active.set(connectionId, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(connectionId) - 1;
      if (left > 0) this.active.set(connectionId, left);
      else this.active.delete(connectionId);
    };
  }
}
