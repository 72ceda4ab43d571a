import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { sourceChunks } from '~/.server/knowledge-base/chunk-store.server';
import { qaSourceUpdateInput } from '~/.server/knowledge-base/source-input';
import { deleteSource, reindexSource, updateQaSource } from '~/.server/knowledge-base/sources.server';

const ids = { knowledgeBaseId: MISSING.source, sourceId: MISSING.source };

/** The chunks search currently sees for this source (the chunk preview). */
export const loader = projectApiLoader({ permission: 'knowledge.read', ids }, async ({ access, ids }) =>
  Response.json({ chunks: await sourceChunks(access.projectId, ids.sourceId) }),
);

/**
 * PATCH edits a Q&A entry's question and answer (re-indexed at once, so search finds the new answer);
 * POST re-indexes the source (search keeps the old chunks until the new ones are ready); DELETE removes it.
 */
export const action = projectApiAction(
  { permission: 'knowledge.edit', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(
        await updateQaSource(
          ctx,
          ids.knowledgeBaseId,
          ids.sourceId,
          await jsonBody(request, qaSourceUpdateInput),
        ),
      ),
    POST: async ({ ctx, ids }) =>
      Response.json(await reindexSource(ctx, ids.knowledgeBaseId, ids.sourceId), { status: 202 }),
    DELETE: async ({ ctx, ids }) => {
      await deleteSource(ctx, ids.knowledgeBaseId, ids.sourceId);
      return new Response(null, { status: 204 });
    },
  },
);
