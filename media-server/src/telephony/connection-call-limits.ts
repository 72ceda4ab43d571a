import type { ClusterCallLimits } from '../cluster/cluster-call-limits.ts';

/**
 * Calls up per SIP connection on this media server, against each connection's concurrent-call limit; with a
 * cluster limiter (CLUSTER_LIMITS=redis), `acquire` also takes the connection's slot cluster-wide.
 */
export class ConnectionCallLimits {
  private readonly active = new Map<string, number>();

  constructor(private readonly cluster?: ClusterCallLimits) {}

  /**
   * Outbound calls (test and campaign calls, warm transfers): this process's slot and, in a cluster, the
   * connection's lease in Redis, so its lines hold across every media server. Redis unreachable = refused.
   */
  async acquire(connectionId: string, max: number): Promise<(() => void) | false> {
    const local = this.tryAcquire(connectionId, max);
    if (!local || !this.cluster) return local;
    try {
      const taken = await this.cluster.acquire([{ kind: 'connection', id: connectionId, max }]);
      if (!taken.ok) {
        local();
        return false;
      }
      return () => {
        local();
        void taken.release().catch(() => undefined);
      };
    } catch {
      local();
      return false;
    }
  }

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
