import { createProject, createProjectInput } from '~/.server/access/create-project.server';
import { userProjects } from '~/.server/access/user-projects.server';
import { clientInfo } from '~/.server/auth/client-info.server';
import { jsonBody, userApiAction, userApiLoader } from '~/.server/http/api-route';
import { rateLimitedResponse } from '~/.server/http/rate-limit';
import { consumeAccountRate } from '~/.server/http/rate-limits';

/** Every signed-in user lists their own projects. */
export const loader = userApiLoader(async ({ user }) =>
  Response.json({ projects: await userProjects(user.id) }),
);

/** POST: anyone signed in may create a project (and becomes its owner), a limited number per hour. */
export const action = userApiAction({
  POST: async ({ request, user }) => {
    const rate = await consumeAccountRate('project-create', user.id);
    if (!rate.ok) return rateLimitedResponse(rate.retryAfterSeconds);
    const { name } = await jsonBody(request, createProjectInput);
    const project = await createProject(user.id, name, clientInfo(request));
    return Response.json(
      { id: project.id, name: project.name, role: 'owner', createdAt: project.createdAt },
      { status: 201 },
    );
  },
});
