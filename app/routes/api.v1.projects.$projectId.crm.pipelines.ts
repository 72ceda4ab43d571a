import { pipelineInput } from '~/.server/crm/crm-inputs';
import { createPipeline, listPipelines } from '~/.server/crm/pipelines.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';

/** Pipelines with their ordered stages (a project starts with one). */
export const loader = projectApiLoader({ permission: 'crm.read' }, async ({ access }) =>
  Response.json({ pipelines: await listPipelines(access.projectId) }),
);

export const action = projectApiAction(
  { permission: 'crm.edit' },
  {
    POST: async ({ request, ctx }) =>
      Response.json(
        { pipeline: await createPipeline(ctx, await jsonBody(request, pipelineInput)) },
        { status: 201 },
      ),
  },
);
