import { saveDraftInput } from '~/.server/agents/agent-input';
import { getDraft, saveDraft } from '~/.server/agents/draft.server';
import { jsonBody, projectApiAction, projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** A 500-node flow is about 300 KB of JSON; leave room, but not for abuse. */
const MAX_DRAFT_BYTES = 5 * 1024 * 1024;
const ids = { agentId: MISSING.agent };

/** The draft graph, its revision, and its validation report. */
export const loader = projectApiLoader({ permission: 'agents.read', ids }, async ({ access, ids }) =>
  Response.json(await getDraft(access.projectId, ids.agentId)),
);

/** PUT `{graph, revision}`: saved only if the draft is still at `revision` (else 409 stale_revision). */
export const action = projectApiAction(
  { permission: 'agents.edit', ids },
  {
    PUT: async ({ request, ctx, ids }) =>
      Response.json(
        await saveDraft(ctx, ids.agentId, await jsonBody(request, saveDraftInput, MAX_DRAFT_BYTES)),
      ),
  },
);
