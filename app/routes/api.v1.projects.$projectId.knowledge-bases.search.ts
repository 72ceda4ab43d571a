import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { enforceProjectRateLimit } from '~/.server/http/rate-limits';
import { searchChunks } from '~/.server/knowledge-base/search.server';
import { searchInput } from '~/.server/knowledge-base/source-input';

/** POST `{query, knowledgeBaseIds?, sourceIds?, limit?}`: the best chunks with their source and score. */
export const action = projectApiAction(
  { permission: 'knowledge.read' },
  {
    POST: async ({ request, access }) => {
      await enforceProjectRateLimit(access, 'knowledge-search');
      const { query, limit, ...filters } = await jsonBody(request, searchInput);
      const started = performance.now();
      const hits = await searchChunks(access.projectId, query, filters, limit);
      return Response.json({ hits, tookMs: Math.round((performance.now() - started) * 10) / 10 });
    },
  },
);
