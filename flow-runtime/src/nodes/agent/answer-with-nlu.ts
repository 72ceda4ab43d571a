import { pick } from '../../i18n';
import { matchIntent } from '../../nlu-bridge';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import type { StepContext } from '../../runtime/step';
import type { AgentData } from './agent.node.js';
import type { AgentReply } from './agent-reply';

/** Knowledge chunks are written for reading; a phone answer keeps the first couple of sentences. */
const SPOKEN_SENTENCES = 2;
const MIN_KNOWLEDGE_SCORE = 0.3;

function firstSentences(text: string): string {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .match(/[^.!?]+[.!?]*/g) ?? [text];
  return sentences
    .slice(0, SPOKEN_SENTENCES)
    .map((sentence) => sentence.trim())
    .join(' ');
}

/** Without an LLM: exits by intent examples, answers from knowledge chunks, then a polite rephrase request. */
export async function answerWithNlu(data: AgentData, ctx: StepContext, text: string): Promise<AgentReply> {
  const intents = data.exits.map((exit) => ({ name: exit.id, examples: [...exit.examples, exit.condition] }));
  const match = intents.length > 0 ? matchIntent(text, intents, ctx.language) : null;
  if (match) return { kind: 'exit', port: match.name };
  if (data.knowledgeBaseIds.length > 0) {
    const search = await ctx.searchKnowledge(text, data.knowledgeBaseIds, 1, data.timeoutMs);
    const best = search.ok ? search.value[0] : undefined;
    if (best && best.score >= MIN_KNOWLEDGE_SCORE) return { kind: 'say', text: firstSentences(best.text) };
  }
  const fallback = data.fallbackAnswer ? ctx.render(data.fallbackAnswer) : '';
  return { kind: 'say', text: fallback || pick(builtInPrompts.agentDidNotUnderstand, ctx.language) };
}
