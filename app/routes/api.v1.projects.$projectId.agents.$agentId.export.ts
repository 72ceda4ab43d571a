import { exportAgent } from '~/.server/agents/agent-copies.server';
import { projectApiLoader } from '~/.server/http/api-route';
import { MISSING } from '~/.server/http/missing';

/** The agent as a JSON file (settings and draft flow), to import into this or another project. */
export const loader = projectApiLoader(
  { permission: 'agents.read', ids: { agentId: MISSING.agent } },
  async ({ access, ids }) => {
    const file = await exportAgent(access.projectId, ids.agentId);
    const name = file.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-|-$/g, '') || 'agent';
    return Response.json(file, {
      headers: {
        'content-disposition': `attachment; filename="agent.json"; filename*=UTF-8''${encodeURIComponent(name)}.json`,
      },
    });
  },
);
