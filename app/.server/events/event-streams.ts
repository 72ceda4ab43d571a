/**
 * The Redis Streams of the platform (keys get the deployment's prefix from the connection):
 * - `events:calls`: the media server's raw call telemetry (speech, barge-in, timings), read by the call
 *   records writer; high volume, per call, not for browsers.
 * - `events:bus`: the domain events of the catalogue, every project's, in one order. Browsers (through the
 *   realtime gateway), webhooks and workers read it.
 * Both are capped (MAXLEN ~): a reader that falls further behind than the cap is told to resync.
 */
export const STREAMS = { calls: 'events:calls', bus: 'events:bus' } as const;
export const BUS_MAXLEN = 200_000;

/** Stream ids compare as two integers ("ms-seq"); string comparison is wrong once the lengths differ. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

export const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

export type StreamEntry = [id: string, fields: string[]];

export function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
