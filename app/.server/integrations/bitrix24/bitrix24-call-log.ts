import { z } from 'zod';
import { normalizePhone } from '../../../lib/crm/phone.ts';
import { Bitrix24Error, type Bitrix24Client } from './bitrix24-client.ts';

/** What a finished call leaves in Bitrix24 (c2: register → finish → attachRecord). */
export interface CallToLog {
  /** Our call id: EXTERNAL_CALL_ID, and the key that makes a retried log land once. */
  callId: string;
  phone: string;
  direction: 'inbound' | 'outbound';
  startedAt: Date;
  durationSec: number;
  /** Absent, or a URL Bitrix24 downloads the recording from (wav or mp3). */
  recordUrl?: string;
  /** The Bitrix24 user the call belongs to (the webhook's user, or the connection's responsible user). */
  userId: number;
}

/** How far one call got, kept by us per connection so a retry resumes instead of repeating. */
export interface CallLogProgress {
  b24CallId: string | null;
  finished: boolean;
  recorded: boolean;
}

export interface CallLogStore {
  get(callId: string): Promise<CallLogProgress | null>;
  save(callId: string, progress: CallLogProgress): Promise<void>;
}

const registered = z.object({ CALL_ID: z.string() });
const NOT_FOUND = /Call is not found/i;

/**
 * Logs one call, idempotently: each step is recorded before the next, so a retry (a crashed worker, a
 * BullMQ re-run) resumes where the last try stopped. A crash after `register` but before we stored its
 * CALL_ID is covered by Bitrix24 itself (the same number, type, user and EXTERNAL_CALL_ID within 30 minutes
 * answers the same CALL_ID); a crash after `finish` but before we stored it makes the retried `finish`
 * answer "Call is not found" (the call has moved to the statistics), which we take as finished.
 */
export async function logCallToBitrix24(
  client: Bitrix24Client,
  store: CallLogStore,
  call: CallToLog,
  signal?: AbortSignal,
): Promise<CallLogProgress> {
  const progress: CallLogProgress = (await store.get(call.callId)) ?? {
    b24CallId: null,
    finished: false,
    recorded: false,
  };
  if (!progress.b24CallId) {
    const r = registered.parse(
      await client.call(
        'telephony.externalcall.register',
        {
          USER_ID: call.userId,
          PHONE_NUMBER: normalizePhone(call.phone) ?? call.phone,
          TYPE: call.direction === 'outbound' ? 1 : 2,
          CALL_START_DATE: call.startedAt.toISOString(),
          CRM_CREATE: 1,
          SHOW: 0,
          EXTERNAL_CALL_ID: call.callId,
        },
        signal,
      ),
    );
    progress.b24CallId = r.CALL_ID;
    await store.save(call.callId, progress);
  }
  if (!progress.finished) {
    try {
      await client.call(
        'telephony.externalcall.finish',
        {
          CALL_ID: progress.b24CallId,
          USER_ID: call.userId,
          DURATION: Math.max(0, Math.round(call.durationSec)),
          STATUS_CODE: call.durationSec > 0 ? '200' : '304',
          ADD_TO_CHAT: 0,
        },
        signal,
      );
    } catch (e) {
      if (!(e instanceof Bitrix24Error && NOT_FOUND.test(e.message))) throw e;
    }
    progress.finished = true;
    await store.save(call.callId, progress);
  }
  if (call.recordUrl && !progress.recorded) {
    // A second attachRecord replaces the first (c2): repeating it never makes a second entry.
    await client.call(
      'telephony.externalcall.attachRecord',
      { CALL_ID: progress.b24CallId, FILENAME: `${call.callId}.wav`, RECORD_URL: call.recordUrl },
      signal,
    );
    progress.recorded = true;
    await store.save(call.callId, progress);
  }
  return progress;
}
