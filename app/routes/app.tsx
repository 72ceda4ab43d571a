import { redirect } from '@remix-run/node';
import { lastOpenedProject } from '~/.server/access/user-projects.server';
import { userLoader } from '~/.server/http/project-route';

/** After sign-in: straight into the project opened last (if still a member), else the project picker. */
export const loader = userLoader(async ({ user }): Promise<never> => {
  const last = await lastOpenedProject(user.id);
  throw redirect(last ? `/p/${last}` : '/projects');
});
