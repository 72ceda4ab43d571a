// A new user, scripted in a real browser (Debian's Chromium) against the production build: from the sign-in
// screen to a template agent's first answer in the studio's test console. Measured two ways on the same
// build, each run on a fresh user and project:
// - before: the path a new user had before issue 18: home had no button for "Create an agent", so the
//   sidebar's Agents, then New agent, a template, Create, the Test tab, Start;
// - after: home's "Create agent" step opens the new-agent dialog at once, then the same steps.
// Clicks are counted as the script makes them (typing is not a click). `--no-build` reuses build/.
// The last line is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';

const RUNS = 3;
const PORT = 3660;
const base = `http://127.0.0.1:${PORT}`;

if (!process.argv.includes('--no-build')) {
  console.log('building the app…');
  const built = spawnSync(process.execPath, ['node_modules/.bin/remix', 'vite:build'], { stdio: 'ignore' });
  if (built.status !== 0) throw new Error('build failed: run `npm run build` to see why');
}

await prepareBenchDb('vp_bench_first_answer');
const { db } = await import('#server/db.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');

const web = spawn(process.execPath, ['--import', 'tsx', 'app/.server/processes/web.ts'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), HOST: '127.0.0.1', PUBLIC_URL: base },
  stdio: 'ignore',
});
process.on('exit', () => web.kill('SIGTERM'));
for (let i = 0; ; i++) {
  if (
    await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 120) throw new Error('the web server did not start');
  await new Promise((r) => setTimeout(r, 500));
}

const browser = await chromium.launch(chromiumLaunchOptions);

async function newUser(n: string) {
  const user = await createUser(db(), {
    email: `new-${n}@bench.local`,
    password: 'bench-password',
    name: 'New',
  });
  const project = await createProject(db(), `First answer ${n}`);
  await addMember(db(), project.id, user.id, 'owner');
  return { email: user.email, projectName: project.name };
}

async function run(path: 'before' | 'after', n: string): Promise<{ ms: number; clicks: number }> {
  const who = await newUser(`${path}-${n}`);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  const page: Page = await context.newPage();
  let clicks = 0;
  const click = async (locator: ReturnType<Page['locator']>) => {
    clicks++;
    await locator.click();
  };
  await page.goto(`${base}/login`);
  const t0 = performance.now();
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill('bench-password');
  await click(page.getByRole('button', { name: 'Sign in' }));
  await page.waitForURL(/\/(projects|p\/[0-9a-f-]{36})$/);
  if (page.url().endsWith('/projects'))
    await click(page.getByRole('link', { name: new RegExp(who.projectName) }));
  await page.waitForURL(/\/p\/[0-9a-f-]{36}$/);
  if (path === 'before') {
    await click(page.getByRole('navigation').first().getByRole('link', { name: 'Agents' }));
    await click(page.getByRole('button', { name: 'New agent' }));
  } else {
    await click(page.getByTestId('step-agent').getByRole('link'));
  }
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill('Front desk');
  await click(dialog.getByLabel(/Appointment booking/));
  await click(dialog.getByRole('button', { name: 'Create and open' }));
  await page.waitForURL(/\/agents\/[0-9a-f-]{36}$/);
  await click(page.getByRole('tab', { name: 'Test' }));
  await click(page.getByRole('button', { name: 'Start a test' }));
  await page.getByTestId('bot-reply').first().waitFor();
  const ms = performance.now() - t0;
  await context.close();
  return { ms, clicks };
}

const results: Record<'before' | 'after', { ms: number[]; clicks: number }> = {
  before: { ms: [], clicks: 0 },
  after: { ms: [], clicks: 0 },
};
// A warm-up run of each, not counted: the first page loads compile nothing, but fill caches.
await run('before', 'warm');
await run('after', 'warm');
for (let i = 0; i < RUNS; i++) {
  for (const path of ['before', 'after'] as const) {
    const r = await run(path, String(i));
    results[path].ms.push(r.ms);
    results[path].clicks = r.clicks;
    console.log(`${path} #${i + 1}: ${Math.round(r.ms)} ms, ${r.clicks} clicks`);
  }
}
await browser.close();
web.kill('SIGTERM');
console.log(
  JSON.stringify({
    before_median_ms: round(percentile(results.before.ms, 50), 0),
    after_median_ms: round(percentile(results.after.ms, 50), 0),
    before_clicks: results.before.clicks,
    after_clicks: results.after.clicks,
    runs: RUNS,
  }),
);
process.exit(0);
