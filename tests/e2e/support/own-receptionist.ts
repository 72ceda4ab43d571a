// A copy of the demo receptionist, published in a project of its own and reachable at a SIP address of its own.
// Specs that count every call on a project's live board use it, so they can run beside the specs that place
// calls in the demo project (before, they ran alone after all the others, which made the browser suite longer).
import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD } from './ui';
import { demoReceptionist } from './demo-api';

export interface OwnReceptionist {
  projectId: string;
  agentId: string;
  /** The SIP user part that reaches the agent: dial sip:<address>@127.0.0.1:<SIP port>. */
  address: string;
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Who makes these projects, and so owns them and may watch their live monitors: the demo admin. Not the demo
 * owner, whose project creations (20 an hour per person) the scenes of the Russian, pseudo-locale and
 * accessibility checks already use.
 */
export const OWN_RECEPTIONIST_USER = 'admin@demo.local';

/** A copy of the demo receptionist in a new project, published, at a SIP address of its own. */
export async function ownReceptionist(request: APIRequestContext, tag: string): Promise<OwnReceptionist> {
  const login = await ok<{ accessToken: string }>(
    await request.post('/api/v1/auth/login', {
      data: { email: OWN_RECEPTIONIST_USER, password: DEMO_PASSWORD },
    }),
    'sign-in',
  );
  const headers = { authorization: `Bearer ${login.accessToken}` };
  const unique = `${tag}-${Date.now().toString(36)}`;
  const project = await ok<{ id: string }>(
    await request.post('/api/v1/projects', { headers, data: { name: `Monitor ${unique}` } }),
    'project',
  );
  const api = `/api/v1/projects/${project.id}`;
  const demo = await demoReceptionist(request, headers);
  const file = await ok<Record<string, unknown>>(
    await request.get(`/api/v1/projects/${demo.projectId}/agents/${demo.agent.id}/export`, { headers }),
    'export',
  );
  const agent = await ok<{ id: string }>(
    await request.post(`${api}/agents/import`, { headers, data: file }),
    'import',
  );
  await ok(
    await request.post(`${api}/agents/${agent.id}/publish`, { headers, data: { confirmWarnings: true } }),
    'publish',
  );
  const address = unique.toLowerCase();
  await ok(
    await request.post(`${api}/phone-numbers`, { headers, data: { address, agentId: agent.id } }),
    'SIP address',
  );
  return { projectId: project.id, agentId: agent.id, address };
}
