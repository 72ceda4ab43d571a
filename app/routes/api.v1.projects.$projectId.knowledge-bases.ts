import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { createKnowledgeBase, listKnowledgeBases } from '~/.server/knowledge-base/knowledge-bases.server';
import { createKnowledgeBaseInput } from '~/.server/knowledge-base/source-input';

export const loader = projectApiLoader({ permission: 'knowledge.read' }, async ({ access }) =>
  Response.json({ knowledgeBases: await listKnowledgeBases(access.projectId) }),
);

/** POST `{name, description?}`. */
export const action = projectApiAction(
  { permission: 'knowledge.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(await createKnowledgeBase(ctx, await jsonBody(request, createKnowledgeBaseInput)), {
        status: 201,
      }),
  },
);
