// The studio's server side with a 500-node flow, against the real PostgreSQL, in-process (no HTTP):
// - autosave: PUT .../draft (parse, save by revision, validate) round trip, target p95 < 150 ms;
// - publish: POST .../publish (validate, snapshot, switch the live version), target < 500 ms.
// Progress goes to stdout; the last line is one JSON object of figures.
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { generateFlow } from '#flow-runtime/testing/generated-flow.ts';

await prepareBenchDb();
const { db, disconnectDb } = await import('#server/db.ts');
const { authContext } = await import('#server/auth/auth-context.server.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');
const { bearerFor, callRoute } = await import('../tests/support/route-call.ts');
const agentsRoute = await import('../app/routes/api.v1.projects.$projectId.agents.ts');
const draftRoute = await import('../app/routes/api.v1.projects.$projectId.agents.$agentId.draft.ts');
const publishRoute = await import('../app/routes/api.v1.projects.$projectId.agents.$agentId.publish.ts');

const SAVES = 60;
const PUBLISHES = 15;

const user = await createUser(db());
const projectId = (await createProject(db(), 'Studio bench')).id;
await addMember(db(), projectId, user.id, 'builder');
const headers = await bearerFor(user.id);
const created = await callRoute(agentsRoute, {
  method: 'POST',
  path: '/x',
  params: { projectId },
  headers,
  body: { name: 'Big', language: 'ru' },
});
const agentId = ((await created.json()) as { id: string }).id;
const graph = generateFlow(500);
const bytes = JSON.stringify(graph).length;
console.log(
  `flow: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${(bytes / 1024).toFixed(0)} KB`,
);

const saveMs: number[] = [];
for (let revision = 1; revision <= SAVES; revision++) {
  graph.nodes[1]!.position = { x: revision, y: revision }; // a drag, as autosave would send it
  const started = performance.now();
  const res = await callRoute(draftRoute, {
    method: 'PUT',
    path: '/x',
    params: { projectId, agentId },
    headers,
    body: { graph, revision },
  });
  await res.json();
  saveMs.push(performance.now() - started);
  if (res.status !== 200) throw new Error(`save answered ${res.status}`);
}
console.log(`autosave: p50 ${percentile(saveMs, 50).toFixed(1)} ms`);

const publishMs: number[] = [];
for (let i = 0; i < PUBLISHES; i++) {
  const started = performance.now();
  const res = await callRoute(publishRoute, {
    method: 'POST',
    path: '/x',
    params: { projectId, agentId },
    headers,
    body: { note: `v${i + 1}`, confirmWarnings: true },
  });
  await res.json();
  publishMs.push(performance.now() - started);
  if (res.status !== 201) throw new Error(`publish answered ${res.status}`);
}
console.log(`publish: p50 ${percentile(publishMs, 50).toFixed(1)} ms`);

await authContext().redis.quit();
await disconnectDb();
console.log(
  JSON.stringify({
    bench: 'studio-api',
    flow_nodes: graph.nodes.length,
    flow_kb: round(bytes / 1024, 0),
    autosave_p50_ms: round(percentile(saveMs, 50), 1),
    autosave_p95_ms: round(percentile(saveMs, 95), 1),
    publish_p50_ms: round(percentile(publishMs, 50), 1),
    publish_p95_ms: round(percentile(publishMs, 95), 1),
  }),
);
