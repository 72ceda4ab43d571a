import type { Db } from '../db.ts';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Runs a consumer's Postgres work for one event at most once: the receipt (group, event id) is inserted in
 * the same transaction, so a redelivered event (its consumer died after the commit, before the XACK) finds
 * it and is skipped. Answers false when the event had already been applied.
 */
export async function applyOnce(
  db: Db,
  consumerGroup: string,
  eventId: string,
  work: (tx: Tx) => Promise<void>,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO bus_event_receipts ("consumerGroup", "eventId") VALUES (${consumerGroup}, ${eventId}::uuid)
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) return false;
    await work(tx);
    return true;
  });
}
