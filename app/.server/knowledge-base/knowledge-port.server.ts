import type { KnowledgePort } from '#flow-runtime/index';
import { db } from '../db.ts';
import { searchChunks } from './search.server.ts';

/**
 * The runtime's knowledge port for one project (each chunk's score is its 0..1 relevance, which nodes
 * compare with their minimum score): Knowledge lookup and Agent nodes search only the knowledge
 * bases the flow names, and get each chunk with its source, so answers can cite it and the trace shows it.
 */
export function projectKnowledgePort(projectId: string): KnowledgePort {
  return {
    async search({ query, knowledgeBaseIds, limit, signal }) {
      if (knowledgeBaseIds.length === 0) return [];
      const hits = await searchChunks(projectId, query, { knowledgeBaseIds }, limit, { signal });
      return hits.map((h) => ({
        id: h.chunkId,
        text: h.headingPath.length ? `${h.headingPath.join(' › ')}\n${h.text}` : h.text,
        score: h.relevance,
        source: { id: h.sourceId, title: h.sourceName, ...(h.sourceUrl ? { url: h.sourceUrl } : {}) },
      }));
    },
  };
}

/**
 * For calls, where the runtime knows the flow but not the project: the knowledge bases the flow names
 * decide it. Publishing checks that a flow names only its own project's knowledge bases; here a set that
 * spans projects finds nothing, so a pasted foreign id can never read another project's documents.
 */
export function flowKnowledgePort(): KnowledgePort {
  return {
    async search(query) {
      if (query.knowledgeBaseIds.length === 0) return [];
      const owners = await db().knowledgeBase.findMany({
        where: { id: { in: query.knowledgeBaseIds } },
        select: { projectId: true },
        distinct: ['projectId'],
      });
      if (owners.length !== 1) return [];
      return projectKnowledgePort(owners[0]!.projectId).search(query);
    },
  };
}

/** The knowledge base ids a flow names that are not the project's own (publishing refuses them). */
export async function foreignKnowledgeBases(projectId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const own = await db().knowledgeBase.findMany({
    where: { projectId, id: { in: [...ids].filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } },
    select: { id: true },
  });
  const mine = new Set(own.map((k) => k.id));
  return ids.filter((id) => !mine.has(id));
}
