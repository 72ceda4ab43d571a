import type { KnowledgePort } from '#flow-runtime/index';
import { searchChunks } from './search.server.ts';

/**
 * The runtime's knowledge port for one project: Knowledge lookup and Agent nodes search only the knowledge
 * bases the flow names, and get each chunk with its source, so answers can cite it and the trace shows it.
 */
export function projectKnowledgePort(projectId: string): KnowledgePort {
  return {
    async search({ query, knowledgeBaseIds, limit }) {
      if (knowledgeBaseIds.length === 0) return [];
      const hits = await searchChunks(projectId, query, { knowledgeBaseIds }, limit);
      return hits.map((h) => ({
        id: h.chunkId,
        text: h.headingPath.length ? `${h.headingPath.join(' › ')}\n${h.text}` : h.text,
        score: h.score,
        source: { id: h.sourceId, title: h.sourceName, ...(h.sourceUrl ? { url: h.sourceUrl } : {}) },
      }));
    },
  };
}
