import type { KnowledgePort } from '#flow-runtime/index';
import { searchChunks } from './search.server.ts';

/**
 * The runtime's knowledge port for one project (each chunk's score is its 0..1 relevance, which nodes
 * compare with their minimum score): Knowledge lookup and Agent nodes search the knowledge bases the flow
 * names, within this project only: an id of another project's base finds nothing, whatever the flow says.
 * Each chunk comes with its source, so answers can cite it and the trace shows it.
 */
export function projectKnowledgePort(projectId: string): KnowledgePort {
  return {
    async search({ query, knowledgeBaseIds, limit, signal }) {
      if (knowledgeBaseIds.length === 0) return [];
      const hits = await searchChunks(projectId, query, { knowledgeBaseIds }, limit, { signal });
      return hits.map((h) => ({
        id: h.chunkId,
        text: h.headingPath.length ? `${h.headingPath.join(' › ')}\n${h.text}` : h.text,
        ...(h.headingPath.length ? { heading: h.headingPath.join(' › ') } : {}),
        score: h.relevance,
        source: { id: h.sourceId, title: h.sourceName, ...(h.sourceUrl ? { url: h.sourceUrl } : {}) },
      }));
    },
  };
}
