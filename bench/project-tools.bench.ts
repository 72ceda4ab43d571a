// What a project tool costs a call beyond its HTTP request: the tools port reads the project's settings and
// the tool by name, opens the sealed credential and sends through the SSRF guard. Measured against a local
// HTTP server, beside the same request run with a definition held in memory (no database, no decryption).
// Usage: npm run bench -- project-tools [calls]. The last line is one JSON object of figures.
import { applyMigrations } from '../prisma/tools/migrate-lib.ts';
import { adminQuery, pgConfigFromUrl, withDatabase } from '../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL } from '../tests/support/test-env.ts';
import { percentile, round } from './support/bench-db.ts';

const BENCH_DB = 'vp_bench_tools';
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
await adminQuery(pgConfigFromUrl(TEST_SERVER_URL), `CREATE DATABASE "${BENCH_DB}"`);
process.env.DATABASE_URL = withDatabase(TEST_SERVER_URL, BENCH_DB);
await applyMigrations(process.env.DATABASE_URL);
process.env.SECRETS_MASTER_KEY = `kbench:${Buffer.alloc(32, 9).toString('base64')}`;
process.env.LOG_LEVEL = 'silent';
const { db, disconnectDb } = await import('#server/db.ts');
const { createLogger } = await import('#server/logger.ts');
const { parseFlow } = await import('#flow-runtime/index');
const { startLocalHttpServer } = await import('#server/providers/test-support/local-http-server.ts');
const { toolCredentials } = await import('#server/tools/project-tools.server.ts');
const { projectToolsPort } = await import('#server/tools/project-tools-port.server.ts');
const { createToolsPort } = await import('#server/tools/tools-port.ts');
const { createProject } = await import('../tests/support/factories.ts');

const CALLS = Number(process.argv[2] ?? 500);
const logger = createLogger('bench', 'silent');
const server = await startLocalHttpServer((_req, res) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"order":{"status":"shipped"}}'),
);
const projectId = (await createProject(db(), 'Tools bench')).id;
const toolId = crypto.randomUUID();
const credential = await toolCredentials().create(
  projectId,
  { name: `tool:${toolId}`, kind: 'api_key', secret: 'bench-secret' },
  { actorUserId: null, actorType: 'system' },
);
const definition = {
  name: 'get_order',
  method: 'GET' as const,
  urlTemplate: `${server.url}/orders/{{args.orderId}}`,
  parameters: { type: 'object', properties: { orderId: { type: 'string' } } },
  responseMapping: { order_status: 'order.status' },
};
await db().projectTool.create({
  data: { id: toolId, projectId, ...definition, authKind: 'bearer', credentialId: credential.id },
});
await db().projectToolSettings.create({ data: { projectId, allowHosts: ['127.0.0.1'] } });
const parsed = parseFlow({
  schemaVersion: 2,
  nodes: [{ id: 'start', type: 'start', data: {} }],
  tools: [{ name: 'get_order', kind: 'project' }],
});
if (!parsed.success) throw new Error('bench flow does not parse');

const projectPort = projectToolsPort(parsed.flow, projectId, { logger });
const memoryPort = createToolsPort({
  definitions: [
    {
      ...definition,
      kind: 'http',
      headers: { authorization: 'Bearer {{credential:x}}' },
    },
  ],
  resolveCredential: async () => 'bench-secret',
  allowHosts: ['127.0.0.1'],
  logger,
});

async function measure(port: typeof projectPort): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const outcome = await port.invoke({
      name: 'get_order',
      args: { orderId: `A-${i}` },
      signal: AbortSignal.timeout(5000),
    });
    times.push(performance.now() - started);
    if (!outcome.ok) throw new Error(`tool failed: ${outcome.error}`);
  }
  return times.slice(Math.floor(CALLS / 10)); // the first tenth warms up
}

const inMemory = await measure(memoryPort);
const project = await measure(projectPort);
await server.close();
await disconnectDb();
const p50 = (xs: number[]) => percentile(xs, 50);
const p95 = (xs: number[]) => percentile(xs, 95);
console.log(
  JSON.stringify({
    calls: CALLS,
    project_tool_p50_ms: round(p50(project)),
    project_tool_p95_ms: round(p95(project)),
    in_memory_tool_p50_ms: round(p50(inMemory)),
    in_memory_tool_p95_ms: round(p95(inMemory)),
    overhead_p50_ms: round(p50(project) - p50(inMemory)),
  }),
);
