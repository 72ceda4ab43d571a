import { pipelineInput } from '~/.server/crm/crm-inputs';
import { toPipelineView } from '~/.server/crm/crm-views';
import { deletePipeline, pipelineRow, updatePipeline } from '~/.server/crm/pipelines.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { pipelineId: MISSING.pipeline };

export const loader = projectApiLoader({ permission: 'crm.read', ids }, async ({ access, ids }) =>
  Response.json({ pipeline: toPipelineView(await pipelineRow(access.projectId, ids.pipelineId)) }),
);

/** PATCH renames and sets the ordered stages (kept by id); DELETE only an empty pipeline. */
export const action = projectApiAction(
  { permission: 'crm.edit', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json({
        pipeline: await updatePipeline(ctx, ids.pipelineId, await jsonBody(request, pipelineInput)),
      }),
    DELETE: async ({ ctx, ids }) => {
      await deletePipeline(ctx, ids.pipelineId);
      return new Response(null, { status: 204 });
    },
  },
);
