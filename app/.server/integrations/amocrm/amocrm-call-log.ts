import { z } from 'zod';
import { normalizePhone } from '../../../lib/crm/phone.ts';
import type { AmoCrmClient } from './amocrm-client.ts';
import { amoCrmPort } from './amocrm-crm-port.ts';

/** amoCRM's call statuses (`CallModel::call_status`) we use. */
export const AMO_CALL_STATUS = { conversation: 4, notPhoned: 6 } as const;
/** The integration's name amoCRM shows as the call's source. */
export const AMO_CALL_SOURCE = 'Voice agent';

export interface AmoCallToLog {
  /** Our call id: the call's `uniq`, and the key that makes a retried log land once. */
  callId: string;
  phone: string;
  direction: 'inbound' | 'outbound';
  startedAt: Date;
  durationSec: number;
  /** Text shown as the call's result (the call summary), cut to 255 characters. */
  result?: string;
  /** A recording URL amoCRM plays from. */
  link?: string;
}

/** How far one call got, kept by us per connection. */
export interface AmoCallProgress {
  /** The call's id in amoCRM once it answered. */
  amoCallId: string | null;
  /** We sent `POST /api/v4/calls` (its answer may have been lost). */
  sent: boolean;
}
export interface AmoCallLogStore {
  get(callId: string): Promise<AmoCallProgress | null>;
  save(callId: string, progress: AmoCallProgress): Promise<void>;
}

const callsAnswer = z.object({
  _embedded: z
    .object({
      calls: z.array(z.object({ id: z.number(), request_id: z.union([z.string(), z.number()]).optional() })),
    })
    .optional(),
});
const notesAnswer = z.object({
  _embedded: z.object({
    notes: z.array(z.object({ id: z.number(), params: z.record(z.string(), z.unknown()).nullish() })),
  }),
});

/**
 * Logs one call in amoCRM through `POST /api/v4/calls`, once. amoCRM drops a call whose number no contact
 * has ("the call is not added"), so the contact is found by the number first and created if absent. A
 * duplicate `uniq` is not reliably refused, so we keep our own progress: `sent` is stored before the request;
 * a retry that finds it set (the worker died before the answer was stored) looks for the call's note on the
 * contact by its `uniq` instead of logging again.
 */
export async function logCallToAmoCrm(
  client: AmoCrmClient,
  store: AmoCallLogStore,
  call: AmoCallToLog,
  signal?: AbortSignal,
): Promise<AmoCallProgress> {
  const before = await store.get(call.callId);
  if (before?.amoCallId) return before;
  const phone = normalizePhone(call.phone) ?? call.phone;
  const contact = await amoCrmPort(client).upsertContact({
    phone,
    signal: signal ?? new AbortController().signal,
  });
  const noteType = call.direction === 'outbound' ? 'call_out' : 'call_in';
  if (before?.sent) {
    const answer = await client.request(
      'GET',
      `/api/v4/contacts/${contact.id}/notes?filter[note_type]=${noteType}&limit=250`,
      undefined,
      signal,
    );
    const found =
      answer === null
        ? undefined
        : notesAnswer.parse(answer)._embedded.notes.find((n) => n.params?.uniq === call.callId);
    if (found) {
      const done = { amoCallId: String(found.id), sent: true };
      await store.save(call.callId, done);
      return done;
    }
  }
  await store.save(call.callId, { amoCallId: null, sent: true });
  const answer = callsAnswer.parse(
    await client.request(
      'POST',
      '/api/v4/calls',
      [
        {
          direction: call.direction,
          uniq: call.callId,
          duration: call.durationSec,
          source: AMO_CALL_SOURCE,
          phone,
          call_status: call.durationSec > 0 ? AMO_CALL_STATUS.conversation : AMO_CALL_STATUS.notPhoned,
          ...(call.result ? { call_result: call.result.slice(0, 255) } : {}),
          ...(call.link ? { link: call.link } : {}),
          created_at: Math.floor(call.startedAt.getTime() / 1000),
          request_id: '0',
        },
      ],
      signal,
    ),
  );
  const logged = answer._embedded?.calls[0];
  if (!logged) throw new Error(`amoCRM did not log the call for ${phone} (no contact matched the number)`);
  const done = { amoCallId: String(logged.id), sent: true };
  await store.save(call.callId, done);
  return done;
}
