import { z } from 'zod';
import { callEventSchema } from '#flow-runtime/index';

export const callId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits, ".", "_", ":" and "-" (up to 128)');

export const startBody = z.object({
  callId: callId.optional(),
  flow: z.record(z.string(), z.unknown(), { error: 'flow must be a flow graph object' }),
  caller: z
    .object({ number: z.string().max(64).optional(), name: z.string().max(200).optional() })
    .default({}),
  callee: z.string().max(128).optional(),
  direction: z.enum(['inbound', 'outbound', 'browser', 'test']).default('inbound'),
});

/** Events an external media server may send; call_started comes only through `start`. */
export const eventBody = callEventSchema.refine((e) => e.type !== 'call_started', {
  message: 'start a call with POST /turn/v1/calls',
  path: ['type'],
});

export const wsMessage = z.discriminatedUnion('type', [
  startBody.extend({ type: z.literal('start'), requestId: z.string().max(100).optional() }),
  z.object({ type: z.literal('event'), callId, event: eventBody, requestId: z.string().max(100).optional() }),
  z.object({ type: z.literal('end'), callId, requestId: z.string().max(100).optional() }),
]);
export type WsMessage = z.infer<typeof wsMessage>;
