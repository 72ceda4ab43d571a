import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { deleteKnowledgeBase, renameKnowledgeBase } from '~/.server/knowledge-base/knowledge-bases.server';
import { updateKnowledgeBaseInput } from '~/.server/knowledge-base/source-input';

/** PATCH renames the knowledge base (agents find it by id, so their flows keep working); DELETE removes it. */
export const action = projectApiAction(
  { permission: 'knowledge.edit', ids: { knowledgeBaseId: MISSING.knowledgeBase } },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(
        await renameKnowledgeBase(
          ctx,
          ids.knowledgeBaseId,
          await jsonBody(request, updateKnowledgeBaseInput),
        ),
      ),
    DELETE: async ({ ctx, ids }) => {
      await deleteKnowledgeBase(ctx, ids.knowledgeBaseId);
      return new Response(null, { status: 204 });
    },
  },
);
