import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';
import { getTestCall } from '~/.server/telephony/trial-calls.server';

/** A test call's progress: trying → ringing → answered → ended (or failed), with SIP code and duration. */
export const loader = projectApiLoader(
  { permission: 'telephony.read', ids: { testCallId: MISSING.testCall } },
  async ({ access, ids }) =>
    Response.json(await getTestCall(access.projectId, ids.testCallId), {
      headers: { 'Cache-Control': 'no-store' },
    }),
);
