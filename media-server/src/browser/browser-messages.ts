import { z } from 'zod';
import { callEndReasonSchema, callStateSchema, stageProvidersSchema } from '#server/calls/call-events.ts';

/**
 * The browser audio protocol on `/voice/v1/ws?ticket=...`. Binary messages both ways are 16 kHz mono PCM,
 * signed 16-bit little-endian (any length from the client; 20 ms frames from the server). Text messages
 * are JSON, below.
 */
export const VOICE_WS_PATH = '/voice/v1/ws';
export const BROWSER_SAMPLE_RATE = 16_000;

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#A-D]$/) }),
  z.object({ type: z.literal('hangup') }),
  /** An operator's leg only (issue 20): hand the caller back to the bot at a block, with variables. */
  z.object({
    type: z.literal('return'),
    nodeId: z.string().min(1).max(100),
    variables: z.record(z.string().max(64), z.string().max(2000)).optional(),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    callId: z.string(),
    sampleRate: z.literal(BROWSER_SAMPLE_RATE),
    frameMs: z.literal(20),
  }),
  z.object({ type: z.literal('state'), state: callStateSchema }),
  /** What the caller said: partial results while speaking (streaming recognisers), then the final one. */
  z.object({ type: z.literal('transcript'), text: z.string(), final: z.boolean() }),
  z.object({ type: z.literal('reply'), text: z.string() }),
  /**
   * A turn ended: the blocks it passed, the last being where the call now waits (the studio follows it), and
   * which providers heard, thought and spoke in it (a stand-in marked).
   */
  z.object({
    type: z.literal('turn'),
    nodePath: z.array(z.string()),
    turn: z.number().int(),
    providers: stageProvidersSchema.optional(),
  }),
  /** A provider failed mid-call and the next one took over. */
  z.object({
    type: z.literal('provider_failed'),
    stage: z.enum(['stt', 'tts', 'llm']),
    provider: z.string(),
    replacedBy: z.string().nullable(),
    code: z.string(),
  }),
  /** Drop audio buffered for playback: the caller interrupted the agent. */
  z.object({ type: z.literal('clear') }),
  z.object({ type: z.literal('dtmf'), digit: z.string() }),
  z.object({ type: z.literal('ended'), reason: z.union([callEndReasonSchema, z.string()]) }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
