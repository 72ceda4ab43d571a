import { z } from 'zod';

/**
 * The listen-in protocol on the media server's `/voice/v1/listen?ticket=…`: the server sends `ready` with the
 * stream's rate, then binary messages of 20 ms of the call's mix (caller + agent), mono PCM, signed 16-bit
 * little-endian, and `ended` when the call is over. The browser sends nothing; closing the socket stops it.
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
]);
export type ListenMessage = z.infer<typeof listenMessageSchema>;
