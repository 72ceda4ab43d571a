import { z } from 'zod';

/**
 * The closed union of what a turn asks the media server to do. Every command is validated with zod
 * before it leaves runTurn; the media server maps each `type` to one module through an exhaustive table.
 */
export const handoffPacketSchema = z.object({
  reason: z.string(),
  summary: z.string(),
  slots: z.record(z.string(), z.unknown()),
  caller: z.object({ number: z.string().optional(), name: z.string().optional() }),
  transcriptExcerpt: z.array(z.object({ speaker: z.enum(['caller', 'agent']), text: z.string() })),
  /** The call's language: an operator queue offers the call to operators who speak it. */
  language: z.string().optional(),
  /** The flow's variables when the transfer was made (what the bot learned besides slots). */
  variables: z.record(z.string(), z.unknown()).optional(),
});
export type HandoffPacket = z.infer<typeof handoffPacketSchema>;

export const sayCommandSchema = z.object({
  type: z.literal('say'),
  text: z.string().min(1),
  /** The caller may talk over it (barge-in) when true. */
  interruptible: z.boolean(),
  /** Static prompts (from the flow, not generated) can be cached by the TTS layer. */
  cacheable: z.boolean().default(false),
  language: z.string().optional(),
});

export const playCommandSchema = z.object({
  type: z.literal('play'),
  url: z.string().min(1),
  interruptible: z.boolean(),
});

export const listenCommandSchema = z.object({
  type: z.literal('listen'),
  modes: z.array(z.enum(['speech', 'dtmf'])).min(1),
  /** Silence before a `silence` event when the caller says nothing at all. */
  noInputTimeoutMs: z.number().int().positive(),
  /** Silence after speech that ends the caller's utterance (endpointing). */
  endSilenceMs: z.number().int().positive().optional(),
  dtmf: z
    .object({
      maxDigits: z.number().int().positive().optional(),
      terminator: z.string().max(1).optional(),
      interDigitTimeoutMs: z.number().int().positive().optional(),
    })
    .optional(),
  bargeIn: z.boolean(),
  /** Phrases that help recognisers (choices, yes/no words). */
  hints: z.array(z.string()).optional(),
  language: z.string().optional(),
});

export const transferCommandSchema = z.object({
  type: z.literal('transfer'),
  target: z.object({ kind: z.enum(['queue', 'number', 'sip']), value: z.string().min(1) }),
  mode: z.enum(['warm', 'cold']),
  handoff: handoffPacketSchema,
});

export const hangupCommandSchema = z.object({
  type: z.literal('hangup'),
  disposition: z.string().min(1),
});

export const sendDtmfCommandSchema = z.object({
  type: z.literal('send_dtmf'),
  digits: z.string().regex(/^[0-9*#A-D]+$/),
});

export const commandSchema = z.discriminatedUnion('type', [
  sayCommandSchema,
  playCommandSchema,
  listenCommandSchema,
  transferCommandSchema,
  hangupCommandSchema,
  sendDtmfCommandSchema,
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type SayCommand = CommandOf<'say'>;
export type ListenCommand = CommandOf<'listen'>;
export type TransferCommand = CommandOf<'transfer'>;
