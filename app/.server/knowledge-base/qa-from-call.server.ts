import type { ServiceContext } from '../access/service-context.ts';
import { qaSourceInput } from './source-input.ts';
import { addQaSource, type SourceView } from './sources.server.ts';

/**
 * "Add to knowledge base" from a call: the caller's question and the corrected answer become a Q&A entry,
 * indexed before this returns (so the next call already finds it) and linked back to the call. The
 * Inbox's flagged-turn action calls this; the input is checked like any API input.
 */
export async function addQaFromCall(
  ctx: ServiceContext,
  input: { knowledgeBaseId: string; callId: string; question: string; answer: string },
): Promise<SourceView> {
  const parsed = qaSourceInput.parse({
    question: input.question,
    answer: input.answer,
    originCallId: input.callId,
  });
  return addQaSource(ctx, input.knowledgeBaseId, parsed);
}
