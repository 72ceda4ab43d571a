/**
 * An operator queue as a call needs it while its caller waits (issue 20): the wait rules, whether the queue
 * is open now by its working hours (read in the project's time zone), and its after-wait action.
 */
import type { Db } from '../db.ts';
import { isOpen } from '../telephony/working-hours.ts';
import { readHours } from './handoff-input.ts';

export type QueueAfterWait =
  | { kind: 'node'; nodeId: string; message: string }
  | { kind: 'callback' | 'hangup'; message: string }
  | { kind: 'number' | 'queue'; target: string; message: string };

export interface CallQueue {
  maxWaitMs: number;
  announceEveryMs: number;
  afterWait: QueueAfterWait;
  closed: boolean;
}

export function afterWaitOf(row: {
  afterWait: string;
  afterWaitNodeId: string | null;
  afterWaitTarget: string;
  afterWaitMessage: string;
}): QueueAfterWait {
  const message = row.afterWaitMessage;
  switch (row.afterWait) {
    case 'node':
      // Saved rows always name the block (the API checks); a bare one says goodbye rather than nowhere.
      return row.afterWaitNodeId
        ? { kind: 'node', nodeId: row.afterWaitNodeId, message }
        : { kind: 'hangup', message };
    case 'number':
    case 'queue':
      return row.afterWaitTarget
        ? { kind: row.afterWait, target: row.afterWaitTarget, message }
        : { kind: 'hangup', message };
    case 'callback':
      return { kind: 'callback', message };
    default:
      return { kind: 'hangup', message };
  }
}

export async function operatorQueueOf(
  db: Db,
  projectId: string,
  name: string,
  at: Date = new Date(),
): Promise<CallQueue | null> {
  const queue = await db.handoffQueue.findFirst({
    where: { projectId, name },
    select: {
      maxWaitSeconds: true,
      announceEverySeconds: true,
      afterWait: true,
      afterWaitNodeId: true,
      afterWaitTarget: true,
      afterWaitMessage: true,
      workingHours: true,
      project: { select: { timeZone: true } },
    },
  });
  if (!queue) return null;
  const hours = readHours(queue.workingHours);
  return {
    maxWaitMs: queue.maxWaitSeconds * 1000,
    announceEveryMs: queue.announceEverySeconds * 1000,
    afterWait: afterWaitOf(queue),
    closed: hours !== null && !isOpen({ timezone: queue.project.timeZone, days: hours.days }, at),
  };
}
