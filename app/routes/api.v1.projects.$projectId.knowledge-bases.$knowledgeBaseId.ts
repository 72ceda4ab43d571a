import { projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { deleteKnowledgeBase } from '~/.server/knowledge-base/knowledge-bases.server';

/** DELETE removes the knowledge base with all its sources and chunks. */
export const action = projectApiAction(
  { permission: 'knowledge.edit', ids: { knowledgeBaseId: MISSING.knowledgeBase } },
  {
    DELETE: async ({ ctx, ids }) => {
      await deleteKnowledgeBase(ctx, ids.knowledgeBaseId);
      return new Response(null, { status: 204 });
    },
  },
);
