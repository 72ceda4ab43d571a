import { getHandoff } from '~/.server/handoffs/operators.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** One handoff with its packet (an operator reads only the ones offered to or taken by them). */
export const loader = projectApiLoader(
  { permission: 'handoffs.handle', ids: { handoffId: MISSING.handoff } },
  async ({ access, ids }) => Response.json(await getHandoff(access, ids.handoffId)),
);
