import { z } from 'zod';

/**
 * The listen-in protocol on the media server's `/voice/v1/listen?ticket=…`: the server sends `ready` with the
 * stream's rate, then binary messages of 20 ms of the call's mix (caller + agent), mono PCM, signed 16-bit
 * little-endian, and `ended` when the call is over. A listener sends nothing; a supervisor whose ticket whispers,
 * barges or takes over sends binary frames of its microphone in the same format (`refused` when the call
 * cannot take that now). Closing the socket stops it.
 */
export const LISTEN_WS_PATH = '/voice/v1/listen';

export const listenMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    callId: z.string(),
    sampleRate: z.union([z.literal(8000), z.literal(16000)]),
    frameMs: z.literal(20),
  }),
  z.object({ type: z.literal('ended') }),
  /** A whisper or barge with no operator on the call, a take-over of a call a person already has. */
  z.object({ type: z.literal('refused'), mode: z.enum(['whisper', 'barge', 'takeover']) }),
]);
export type ListenMessage = z.infer<typeof listenMessageSchema>;
