/**
 * The jambonz WebSocket application API (subprotocol `ws.jambonz.org`), the part we speak: jambonz sends
 * `session:new` when a call arrives, `verb:hook` when a verb with an actionHook finishes (gather results),
 * `call:status` as the call moves on; we answer each `session:new` and `verb:hook` with an `ack` carrying the
 * next verbs. Fields we do not use are passed through unchecked.
 */
import { z } from 'zod';

export const JAMBONZ_SUBPROTOCOL = 'ws.jambonz.org';

const callData = z.looseObject({
  call_sid: z.string().optional(),
  direction: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  caller_name: z.string().optional(),
});

const speech = z.looseObject({
  alternatives: z
    .array(z.looseObject({ transcript: z.string(), confidence: z.number().optional() }))
    .default([]),
  language_code: z.string().optional(),
});

export const jambonzInbound = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('session:new'),
    msgid: z.string(),
    call_sid: z.string(),
    data: callData,
  }),
  z.looseObject({
    type: z.literal('verb:hook'),
    msgid: z.string(),
    call_sid: z.string(),
    hook: z.string(),
    data: z
      .looseObject({
        reason: z.string().optional(),
        speech: speech.optional(),
        digits: z.string().optional(),
      })
      .default({}),
  }),
  z.looseObject({
    type: z.literal('call:status'),
    msgid: z.string().optional(),
    call_sid: z.string(),
    data: z
      .looseObject({
        call_status: z.string().optional(),
        sip_status: z.number().optional(),
        sip_reason: z.string().max(200).optional(),
        /** Who hung up a completed call: `caller` or `jambonz` (our hangup verb). */
        call_termination_by: z.string().max(40).optional(),
      })
      .default({}),
  }),
  z.looseObject({ type: z.literal('session:redirect'), msgid: z.string(), call_sid: z.string() }),
  z.looseObject({
    type: z.literal('jambonz:error'),
    msgid: z.string().optional(),
    data: z.unknown().optional(),
  }),
  z.looseObject({ type: z.literal('verb:status'), call_sid: z.string().optional() }),
]);
export type JambonzInbound = z.infer<typeof jambonzInbound>;

/** The verbs we send (a subset of jambonz's): what our runtime's commands become. */
export type JambonzVerb =
  | { verb: 'say'; text: string; synthesizer?: { language: string } }
  | { verb: 'play'; url: string }
  | {
      verb: 'gather';
      input: ('speech' | 'digits')[];
      actionHook: string;
      timeout: number;
      bargein?: boolean;
      numDigits?: number;
      finishOnKey?: string;
      interDigitTimeout?: number;
      recognizer?: { language?: string; hints?: string[] };
      say?: { text: string };
    }
  | {
      verb: 'dial';
      target: ({ type: 'phone'; number: string } | { type: 'sip'; sipUri: string })[];
      actionHook?: string;
    }
  | { verb: 'enqueue'; name: string }
  | { verb: 'dtmf'; dtmf: string }
  | { verb: 'hangup' };

export interface JambonzAck {
  type: 'ack';
  msgid: string;
  data?: JambonzVerb[];
}
