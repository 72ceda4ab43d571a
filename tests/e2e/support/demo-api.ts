// The seeded demo through the API, for specs that set up a scene before opening the browser.
import type { APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT } from './ui';

/** A Bearer header for the demo builder. */
export async function builderBearer(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/v1/auth/login', {
    data: { email: 'builder@demo.local', password: DEMO_PASSWORD },
  });
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

export interface DemoAgent {
  id: string;
  name: string;
  liveVersion: { id: string } | null;
}

/** The demo project's id and its receptionist agent. */
export async function demoReceptionist(
  request: APIRequestContext,
  auth: Record<string, string>,
): Promise<{ projectId: string; agent: DemoAgent }> {
  const projects = (await (await request.get('/api/v1/projects', { headers: auth })).json()) as {
    projects: { id: string; name: string }[];
  };
  const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
  const agents = (await (
    await request.get(`/api/v1/projects/${projectId}/agents`, { headers: auth })
  ).json()) as { agents: DemoAgent[] };
  return { projectId, agent: agents.agents.find((a) => a.name === 'Demo receptionist')! };
}
