import { z } from 'zod';

/** What the live monitor shows, shared by the server (Redis board, API) and the browser (parsing answers). */
export const alertRuleKinds = ['silence', 'repeated_fallback', 'keywords', 'waiting'] as const;
export const alertRuleKindSchema = z.enum(alertRuleKinds);
export type AlertRuleKind = z.infer<typeof alertRuleKindSchema>;

export const liveAlertSchema = z.object({ rule: alertRuleKindSchema, message: z.string(), at: z.number() });
export type LiveAlert = z.infer<typeof liveAlertSchema>;

export const liveCallSchema = z.object({
  callId: z.string(),
  projectId: z.string(),
  agentId: z.string().optional(),
  versionId: z.string().optional(),
  /** The outbound campaign that placed the call. */
  campaignId: z.string().optional(),
  direction: z.enum(['inbound', 'outbound', 'browser', 'test']),
  from: z.string(),
  to: z.string(),
  startedAt: z.number(),
  nodeId: z.string().optional(),
  lastCallerText: z.string().optional(),
  lastReply: z.string().optional(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  turns: z.number().int(),
  /** Transferred to an operator and not yet answered or ended. */
  waitingSince: z.number().optional(),
  alerts: z.array(liveAlertSchema),
});
export type LiveCall = z.infer<typeof liveCallSchema>;

export const monitorRowSchema = liveCallSchema.extend({ agentName: z.string().nullable() });
export type MonitorRow = z.infer<typeof monitorRowSchema>;

export const transcriptLineSchema = z.object({
  at: z.number(),
  speaker: z.enum(['caller', 'bot', 'alert']),
  text: z.string(),
  nodeId: z.string().optional(),
});
export type TranscriptLine = z.infer<typeof transcriptLineSchema>;

export const flowMapSchema = z.object({
  nodes: z.array(
    z.object({ id: z.string(), type: z.string(), label: z.string(), x: z.number(), y: z.number() }),
  ),
  edges: z.array(z.object({ source: z.string(), target: z.string() })),
});

export const monitorCallViewSchema = z.object({
  call: monitorRowSchema.nullable(),
  transcript: z.array(transcriptLineSchema),
  flow: flowMapSchema.nullable(),
});
export type MonitorCallView = z.infer<typeof monitorCallViewSchema>;
