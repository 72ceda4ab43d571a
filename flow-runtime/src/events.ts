import { z } from 'zod';

/** What happened on the call since the last turn. One event drives one turn. */
export const callEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call_started'),
    caller: z.object({ number: z.string().optional(), name: z.string().optional() }).default({}),
    callee: z.string().optional(),
    direction: z.enum(['inbound', 'outbound', 'browser', 'test']).default('inbound'),
    /** Values the call starts with (a campaign contact's columns), set over the flow's defaults. */
    variables: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal('utterance'),
    text: z.string(),
    confidence: z.number().min(0).max(1).optional(),
    language: z.string().optional(),
  }),
  z.object({ type: z.literal('dtmf'), digits: z.string().regex(/^[0-9*#A-D]+$/) }),
  z.object({ type: z.literal('silence') }),
  z.object({
    type: z.literal('tool_result'),
    callId: z.string(),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.string().optional(),
  }),
  z.object({ type: z.literal('operator_joined'), operatorId: z.string().optional() }),
  /**
   * The operator hands the caller back to the bot (issue 20): the flow goes on from `nodeId`, with what the
   * operator learned set as variables.
   */
  z.object({
    type: z.literal('operator_returned'),
    nodeId: z.string().min(1).max(100),
    variables: z.record(z.string().max(64), z.string().max(2000)).optional(),
  }),
  z.object({ type: z.literal('call_ended'), reason: z.string().optional() }),
]);

export type CallEvent = z.infer<typeof callEventSchema>;
export type CallEventType = CallEvent['type'];
