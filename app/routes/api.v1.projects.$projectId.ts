import { projectSummary } from '~/.server/access/user-projects.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { deleteProject, deleteProjectInput } from '~/.server/projects/delete-project.server';

/** The project: id, name, the caller's role in it. */
export const loader = projectApiLoader({ permission: 'project.read' }, async ({ access }) =>
  Response.json({ ...(await projectSummary(access.projectId)), role: access.role }),
);

/**
 * DELETE `{name}`: owners only, confirmed by the project's exact name. Everything that reaches the project
 * stops at once (its pages and API answer 404, its live calls end, its trunks un-register); its data is
 * removed by a worker shortly after. Answers 202.
 */
export const action = projectApiAction(
  { permission: 'project.delete' },
  {
    DELETE: async ({ request, ctx }) => {
      await deleteProject(ctx, (await jsonBody(request, deleteProjectInput)).name);
      return new Response(null, { status: 202 });
    },
  },
);
