import { getCallDetail } from '~/.server/calls/call-detail.server';
import { callTagsInput, setCallTags } from '~/.server/calls/call-tags.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

const ids = { callId: MISSING.call };

/** One call: transcript with timings, events, variables, handoff, path, issues. */
export const loader = projectApiLoader({ permission: 'calls.read', ids }, async ({ access, ids }) =>
  Response.json(await getCallDetail(access.projectId, ids.callId)),
);

/** PATCH `{tags}` replaces the call's tags (calls.flag: the people who review calls sort them). */
export const action = projectApiAction(
  { permission: 'calls.flag', ids },
  {
    PATCH: async ({ request, ctx, ids }) =>
      Response.json(await setCallTags(ctx, ids.callId, await jsonBody(request, callTagsInput))),
  },
);
