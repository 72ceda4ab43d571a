import { listCallTags } from '~/.server/calls/call-tags.server';
import { projectApiLoader } from '~/.server/http/api-route';

/** The tags the project's calls have carried, alphabetical. */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ access }) =>
  Response.json({ tags: await listCallTags(access.projectId) }),
);
