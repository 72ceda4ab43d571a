// Sign-in and authorisation costs, against the real PostgreSQL and Redis, in-process (no HTTP):
// - login: the POST /api/v1/auth/login action (argon2id verify, throttle check, refresh token, audit entry);
// - authz: requireProjectPermission per request, for a JWT (verify + user + membership) and an API key.
// Progress goes to stdout; the last line is one JSON object of figures.
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';

await prepareBenchDb('vp_bench_access');
const { db, disconnectDb } = await import('#server/db.ts');
const { authContext } = await import('#server/auth/auth-context.server.ts');
const { signAccessToken } = await import('#server/auth/jwt.server.ts');
const { requireProjectPermission } = await import('#server/access/project-access.server.ts');
const { issueApiKeyToken } = await import('#server/api-keys/api-key-token.ts');
const { action: loginAction } = await import('../app/routes/api.v1.auth.login.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');

const LOGINS = 40;
const AUTHZ = 3000;

const user = await createUser(db(), { email: 'bench@bench.local', password: 'bench-password' });
const project = await createProject(db(), 'Bench');
await addMember(db(), project.id, user.id, 'builder');
const key = issueApiKeyToken();
await db().apiKey.create({
  data: {
    projectId: project.id,
    name: 'bench',
    role: 'builder',
    prefix: key.prefix,
    secretHash: key.secretHash,
  },
});

const loginMs: number[] = [];
for (let i = 0; i < LOGINS; i++) {
  const request = new Request('http://localhost/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-vp-client-ip': `10.0.${i >> 8}.${i & 255}` },
    body: JSON.stringify({ email: 'bench@bench.local', password: 'bench-password' }),
  });
  const started = performance.now();
  const res = (await loginAction({ request, params: {}, context: {} })) as Response;
  loginMs.push(performance.now() - started);
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
}
console.log(`login: ${LOGINS} sign-ins, p50 ${percentile(loginMs, 50).toFixed(1)} ms`);

const jwt = await signAccessToken(authContext().keys, { userId: user.id, sessionId: crypto.randomUUID() });
async function measure(authorization: string): Promise<number[]> {
  const times: number[] = [];
  const request = new Request(`http://localhost/api/v1/projects/${project.id}/agents`, {
    headers: { authorization },
  });
  for (let i = 0; i < AUTHZ; i++) {
    const started = performance.now();
    await requireProjectPermission(request, project.id, 'agents.read');
    times.push(performance.now() - started);
  }
  return times.slice(AUTHZ / 10); // the first tenth warms the JIT and the connection pool
}
const userMs = await measure(`Bearer ${jwt}`);
console.log(`authz (JWT): p50 ${percentile(userMs, 50).toFixed(3)} ms`);
const keyMs = await measure(`Bearer ${key.token}`);
console.log(`authz (API key): p50 ${percentile(keyMs, 50).toFixed(3)} ms`);

await authContext().redis.quit();
await disconnectDb();
console.log(
  JSON.stringify({
    bench: 'access',
    login_p50_ms: round(percentile(loginMs, 50), 1),
    login_p95_ms: round(percentile(loginMs, 95), 1),
    authz_jwt_p50_ms: round(percentile(userMs, 50)),
    authz_jwt_p99_ms: round(percentile(userMs, 99)),
    authz_api_key_p50_ms: round(percentile(keyMs, 50)),
    authz_api_key_p99_ms: round(percentile(keyMs, 99)),
  }),
);
