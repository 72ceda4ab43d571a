import { listVersions } from '~/.server/agents/publish.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** Published versions, newest first; `live` marks the one calls are routed to. */
export const loader = projectApiLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.agent } },
  async ({ access, ids }) => Response.json({ versions: await listVersions(access.projectId, ids.agentId) }),
);
