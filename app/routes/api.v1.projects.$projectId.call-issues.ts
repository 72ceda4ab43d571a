import { issueListQuery, listIssues } from '~/.server/calls/call-issues.server';
import { projectApiLoader, queryInput } from '~/.server/http/api-route';

/** Flagged turns of the project, newest first, by status, assignee or agent. */
export const loader = projectApiLoader({ permission: 'calls.read' }, async ({ request, access }) =>
  Response.json(await listIssues(access.projectId, queryInput(request, issueListQuery))),
);
