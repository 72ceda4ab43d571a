import { z } from 'zod';

/**
 * One row of the call list as the API answers it (dates as ISO strings). The server builds it, the Inbox
 * checks the pages it fetches against it.
 */
export const callListItemSchema = z.object({
  id: z.string(),
  direction: z.string(),
  from: z.string(),
  to: z.string(),
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  versionId: z.string().nullable(),
  versionNumber: z.number().nullable(),
  status: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  disposition: z.string().nullable(),
  endReason: z.string().nullable(),
  sipCause: z.string().nullable(),
  turnCount: z.number(),
  openIssueCount: z.number(),
  issueCount: z.number(),
  avgResponseMs: z.number().nullable(),
  tags: z.array(z.string()),
  summary: z.string().nullable(),
  outcomes: z.record(z.string(), z.unknown()),
  hasRecording: z.boolean(),
  /** With `q`: the matching words in context, marked with [[ ]]. */
  snippet: z.string().optional(),
});
export type CallListItem = z.infer<typeof callListItemSchema>;

/** A page of the list: the calls and the cursor of the next page (null on the last). */
export const callPageSchema = z.object({
  calls: z.array(callListItemSchema),
  nextCursor: z.string().nullable(),
});
