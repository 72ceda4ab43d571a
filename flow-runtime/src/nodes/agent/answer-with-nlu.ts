import { pick } from '../../i18n';
import { matchIntent } from '../../nlu-bridge';
import { builtInPrompts } from '../../runtime/built-in-prompts';
import type { StepContext } from '../../runtime/step';
import type { AgentData } from './agent.node.js';
import type { AgentReply } from './agent-reply';
import { MIN_ANSWER_MATCH, spokenAnswer } from '../knowledge/spoken-answer';

const MIN_KNOWLEDGE_SCORE = 0.3;
const CANDIDATES = 3;

/** Without an LLM: exits by intent examples, answers from knowledge chunks, then a polite rephrase request. */
export async function answerWithNlu(data: AgentData, ctx: StepContext, text: string): Promise<AgentReply> {
  const intents = data.exits.map((exit) => ({ name: exit.id, examples: [...exit.examples, exit.condition] }));
  const match = intents.length > 0 ? matchIntent(text, intents, ctx.language) : null;
  if (match) return { kind: 'exit', port: match.name };
  const fallback = data.fallbackAnswer ? ctx.render(data.fallbackAnswer) : '';
  if (data.knowledgeBaseIds.length > 0) {
    const search = await ctx.searchKnowledge(text, data.knowledgeBaseIds, CANDIDATES, data.timeoutMs);
    const chunks = search.ok ? search.value.filter((chunk) => chunk.score >= MIN_KNOWLEDGE_SCORE) : [];
    const answer = spokenAnswer(chunks, text);
    if (answer && answer.match >= MIN_ANSWER_MATCH) return { kind: 'say', text: answer.text, answered: true };
    // Low confidence: say so and offer a person (a "yes" next goes where "a person, please" goes).
    return {
      kind: 'say',
      text: fallback || pick(builtInPrompts.dontKnowOfferPerson, ctx.language),
      offeredPerson: true,
    };
  }
  return { kind: 'say', text: fallback || pick(builtInPrompts.agentDidNotUnderstand, ctx.language) };
}
