import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Call limits that hold across every media server of a cluster (issue 28): each running call holds a lease
 * in Redis, one sorted set per limited thing (a project, a SIP connection), scored by the lease's expiry.
 * A media server renews its own leases; when it dies they expire and the slots come back, so a crash leaks
 * nothing. Taking a slot is one Lua script — prune the expired, count, add — so simultaneous calls on
 * several servers can never together exceed a limit.
 */

export type LimitKind = 'project' | 'connection';

export interface LimitClaim {
  kind: LimitKind;
  id: string;
  /** Concurrent calls allowed (0 = no limit: the claim is still counted, for the live figures). */
  max: number;
}

export type ClusterAcquire =
  { ok: true; release(): Promise<void> } | { ok: false; refused: LimitKind; limit: number };

export interface ClusterCallLimitsOptions {
  /** Milliseconds a lease lives without renewal: how long a dead server's slots stay taken. */
  leaseMs?: number;
  /** How often this server renews its leases (must be well under `leaseMs`). */
  renewMs?: number;
  /** Names this server in lease ids (diagnostics only). */
  serverId?: string;
}

// Redis' own clock, so servers with skewed clocks agree on what has expired.
const NOW = `local t = redis.call('TIME'); local now = t[1] * 1000 + math.floor(t[2] / 1000)`;

/** KEYS = sets; ARGV = leaseMs, leaseId, max per key. Answers 0 (taken) or the 1-based index of the full key. */
const ACQUIRE = `${NOW}
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local max = tonumber(ARGV[i + 2])
  if max > 0 and redis.call('ZCARD', key) >= max then return i end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + lease, ARGV[2])
  redis.call('PEXPIRE', key, lease * 2)
end
return 0`;

/** KEYS = sets; ARGV = leaseMs, then one lease id per key. Only leases still present are extended. */
const RENEW = `${NOW}
local lease = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now + lease, ARGV[i + 1])
  redis.call('PEXPIRE', key, lease * 2)
end
return 0`;

/** KEYS = sets; ARGV = live count per key after pruning. */
const COUNT = `${NOW}
local out = {}
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  out[i] = redis.call('ZCARD', key)
end
return out`;

export const limitKey = (kind: LimitKind, id: string) => `cluster:limits:${kind}:${id}`;

export class ClusterCallLimits {
  readonly serverId: string;
  private readonly leaseMs: number;
  private readonly held = new Map<string, string[]>(); // lease id → its keys
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly redis: Redis,
    options: ClusterCallLimitsOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.serverId = options.serverId ?? randomUUID();
    this.timer = setInterval(
      () => void this.renew().catch(() => undefined),
      options.renewMs ?? this.leaseMs / 3,
    );
    this.timer.unref();
  }

  /** Takes one slot under every claim at once, or none (the first full claim is the refusal). */
  async acquire(claims: readonly LimitClaim[]): Promise<ClusterAcquire> {
    if (claims.length === 0) return { ok: true, release: async () => undefined };
    const keys = claims.map((c) => limitKey(c.kind, c.id));
    const leaseId = `${this.serverId}:${randomUUID()}`;
    const full = Number(
      await this.redis.eval(
        ACQUIRE,
        keys.length,
        ...keys,
        this.leaseMs,
        leaseId,
        ...claims.map((c) => c.max),
      ),
    );
    if (full > 0) {
      const claim = claims[full - 1]!;
      return { ok: false, refused: claim.kind, limit: claim.max };
    }
    this.held.set(leaseId, keys);
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        this.held.delete(leaseId);
        await Promise.all(keys.map((key) => this.redis.zrem(key, leaseId)));
      },
    };
  }

  /** Live calls counted under each claim, cluster-wide. */
  async count(kind: LimitKind, id: string): Promise<number> {
    const [n] = (await this.redis.eval(COUNT, 1, limitKey(kind, id))) as number[];
    return Number(n ?? 0);
  }

  /** Extends this server's leases; the timer calls it, tests may too. */
  async renew(): Promise<void> {
    const keys: string[] = [];
    const leases: string[] = [];
    for (const [lease, leaseKeys] of this.held) {
      for (const key of leaseKeys) {
        keys.push(key);
        leases.push(lease);
      }
    }
    if (keys.length) await this.redis.eval(RENEW, keys.length, ...keys, this.leaseMs, ...leases);
  }

  /** How many leases this server holds. */
  get holding(): number {
    return this.held.size;
  }

  /** Stops renewing (the leases then expire on their own unless released). */
  close(): void {
    clearInterval(this.timer);
  }
}
