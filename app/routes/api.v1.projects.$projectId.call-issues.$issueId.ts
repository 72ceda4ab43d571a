import { updateIssue, updateIssueInput } from '~/.server/calls/call-issues.server';
import { jsonBody, projectApiAction } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** PATCH `{status?, assigneeId?, comment?}` works an issue. */
export const action = projectApiAction(
  { permission: 'calls.flag', ids: { issueId: MISSING.issue } },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json({
        issue: await updateIssue(ctx, ids.issueId, await jsonBody(request, updateIssueInput)),
      }),
  },
);
