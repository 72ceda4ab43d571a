/**
 * What every send of a channel or project needs and seldom changes, kept for a few seconds per process
 * (issue 22, throughput): the provider client with its revealed secret (one decryption per channel, not per
 * message) and the project's quiet-hours rule with its time zone. DNC is never cached: an opt-out must stop
 * the very next send. A channel is keyed by its updatedAt, so a replaced secret is picked up at once.
 */
export class TtlCache<V> {
  private entries = new Map<string, { value: Promise<V>; until: number }>();
  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load();
    this.entries.set(key, { value, until: now + this.ttlMs });
    // A failed load is not kept: the next send asks again.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 10_000) this.entries.clear();
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
