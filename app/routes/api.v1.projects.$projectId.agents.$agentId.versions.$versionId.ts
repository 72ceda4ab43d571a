import { getVersion } from '~/.server/agents/publish.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** One version with its graph and settings (for the diff and for testing it). */
export const loader = projectApiLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.version, versionId: MISSING.version } },
  async ({ access, ids }) =>
    Response.json({ version: await getVersion(access.projectId, ids.agentId, ids.versionId) }),
);
