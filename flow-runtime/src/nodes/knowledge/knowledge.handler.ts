import { MIN_ANSWER_MATCH, spokenAnswer } from './spoken-answer';
import type { NodeHandler } from '../../runtime/step';
import type { KnowledgeData } from './knowledge.node.js';

/** A search that fails or times out is treated as "not found": the flow author already handles that port. */
export const handleKnowledge: NodeHandler<KnowledgeData> = async (node, ctx) => {
  const data = node.data;
  const query = ctx.render(data.query).trim();
  if (!query) return { outcome: 'next', port: 'not_found' };
  const search = await ctx.searchKnowledge(query, data.knowledgeBaseIds, data.limit, data.timeoutMs);
  if (!search.ok) {
    return {
      outcome: 'next',
      port: 'not_found',
      logs: [{ level: 'warn', nodeId: node.id, message: `knowledge search failed: ${search.error}` }],
    };
  }
  const chunks = search.value.filter((chunk) => chunk.score >= data.minScore);
  const best = chunks[0];
  if (!best) return { outcome: 'next', port: 'not_found' };
  // `_text` is what a Say block speaks: the answer of the entry that matches, never a question or heading.
  const answer = spokenAnswer(chunks, query);
  if (!answer || answer.match < MIN_ANSWER_MATCH) return { outcome: 'next', port: 'not_found' };
  return {
    outcome: 'next',
    port: 'found',
    patch: {
      variables: {
        [data.resultVariable]: chunks.map((chunk) => ({
          text: chunk.text,
          score: chunk.score,
          title: chunk.source.title,
        })),
        [`${data.resultVariable}_text`]: answer.text,
      },
    },
  };
};
