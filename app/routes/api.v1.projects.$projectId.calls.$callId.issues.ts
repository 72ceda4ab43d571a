import { createIssue, createIssueInput, listIssues } from '~/.server/calls/call-issues.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { callId: MISSING.call };

/** The issues flagged on this call. */
export const loader = projectApiLoader({ permission: 'calls.read', ids }, async ({ access, ids }) =>
  Response.json(await listIssues(access.projectId, { callId: ids.callId, limit: 200 })),
);

/** POST `{turnId, reason, comment}` flags one line of the call (calls.flag). */
export const action = projectApiAction(
  { permission: 'calls.flag', ids },
  {
    POST: async ({ request, ctx, ids }) =>
      Response.json(
        { issue: await createIssue(ctx, ids.callId, await jsonBody(request, createIssueInput)) },
        { status: 201 },
      ),
  },
);
