// The studio in a real browser (Debian's Chromium) with a 500-node flow, against the production build:
// - open: from navigation to an interactive canvas (nodes drawn, store ready), target < 2 s;
// - drag: frame times sampled with requestAnimationFrame while a node is dragged, target < 16 ms;
// - autosave: the browser's PUT of the draft after each drag, round trip p95, target < 150 ms;
// - publish: POST .../publish of the 500-node flow from the page, target < 500 ms.
// `--no-build` reuses an existing build/. Progress goes to stdout; the last line is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { generateFlow } from '#flow-runtime/testing/generated-flow.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';

const OPENS = 5;
const DRAGS = 12;
const PORT = 3650;
const base = `http://127.0.0.1:${PORT}`;

if (!process.argv.includes('--no-build')) {
  console.log('building the app…');
  const built = spawnSync(process.execPath, ['node_modules/.bin/remix', 'vite:build'], { stdio: 'ignore' });
  if (built.status !== 0) throw new Error('build failed: run `npm run build` to see why');
}

await prepareBenchDb('vp_bench_canvas');
const { db, disconnectDb } = await import('#server/db.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');
const user = await createUser(db(), { email: 'canvas-bench@bench.local', password: 'bench-password' });
const project = await createProject(db(), 'Canvas bench');
await addMember(db(), project.id, user.id, 'builder');
const graph = generateFlow(500);
const agent = await db().agent.create({
  data: { projectId: project.id, name: 'Big flow', language: 'ru', draftGraph: graph as object },
});
console.log(`flow: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);

const web = spawn(process.execPath, ['--import', 'tsx', 'app/.server/processes/web.ts'], {
  env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), HOST: '127.0.0.1', PUBLIC_URL: base },
  stdio: 'ignore',
});
const stopWeb = () => web.kill('SIGTERM');
process.on('exit', stopWeb);
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
const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' });
const page = await context.newPage();
await page.goto(`${base}/login`);
await page.getByLabel('Email').fill(user.email);
await page.getByLabel('Password').fill('bench-password');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL(/\/(projects|p\/)/);
const studioUrl = `${base}/p/${project.id}/agents/${agent.id}`;

/** Navigation to a canvas that has drawn its nodes and answers a frame (the main thread is free). */
const openMs: number[] = [];
for (let i = 0; i < OPENS; i++) {
  const started = performance.now();
  await page.goto(studioUrl, { waitUntil: 'commit' });
  await page.locator('.react-flow__node').first().waitFor();
  await page.getByTestId('save-status').waitFor();
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  openMs.push(performance.now() - started);
}
console.log(`open: p50 ${percentile(openMs, 50).toFixed(0)} ms`);

// Drag a visible node in 60 steps per drag while sampling frame intervals; record each autosave PUT.
const saves: number[] = [];
page.on('requestfinished', (request) => {
  if (request.method() === 'PUT' && request.url().endsWith('/draft')) {
    const t = request.timing();
    saves.push(t.responseEnd - t.requestStart);
  }
});
// Scripts as strings: tsx names functions with a helper the page does not have.
await page.evaluate(`(() => {
  window.__frames = [];
  window.__sampling = false;
  let last = performance.now();
  const tick = (now) => {
    if (window.__sampling) window.__frames.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`);
// The node nearest the middle of the canvas (only visible nodes are drawn on a flow this size).
const pane = (await page.locator('.react-flow__pane').boundingBox())!;
const visibleId = await page.evaluate<string>(`(() => {
  const cx = ${pane.x + pane.width / 2}, cy = ${pane.y + pane.height / 2};
  let best = null, bestDistance = Infinity;
  for (const el of document.querySelectorAll('.react-flow__node')) {
    const r = el.getBoundingClientRect();
    const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
    if (d < bestDistance) { bestDistance = d; best = el.getAttribute('data-id'); }
  }
  return best;
})()`);
const node = page.locator(`.react-flow__node[data-id="${visibleId}"]`);
for (let i = 0; i < DRAGS; i++) {
  const box = (await node.boundingBox())!;
  const x = box.x + 40;
  const y = box.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.evaluate('window.__sampling = true');
  const dx = i % 2 === 0 ? 160 : -160;
  await page.mouse.move(x + dx, y + 40, { steps: 60 });
  await page.evaluate('window.__sampling = false');
  await page.mouse.up();
  await page
    .getByTestId('save-status')
    .and(page.locator('[data-status="saved"]'))
    .waitFor({ timeout: 10_000 });
}
const frames = await page.evaluate<number[]>('window.__frames');
console.log(
  `drag: ${frames.length} frames, p95 ${percentile(frames, 95).toFixed(1)} ms; ${saves.length} autosaves`,
);

const publishMs = await page.evaluate<number[]>(`(async () => {
  const times = [];
  for (let i = 0; i < 8; i++) {
    const started = performance.now();
    const res = await fetch('/api/v1/projects/${project.id}/agents/${agent.id}/publish', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'bench ' + i, confirmWarnings: true }),
    });
    await res.json();
    if (res.status !== 201) throw new Error('publish answered ' + res.status);
    times.push(performance.now() - started);
  }
  return times;
})()`);
console.log(`publish: p50 ${percentile(publishMs, 50).toFixed(0)} ms`);

await browser.close();
stopWeb();
await disconnectDb();
console.log(
  JSON.stringify({
    bench: 'studio-canvas',
    flow_nodes: graph.nodes.length,
    open_p50_ms: round(percentile(openMs, 50), 0),
    open_max_ms: round(Math.max(...openMs), 0),
    drag_frames: frames.length,
    drag_frame_p50_ms: round(percentile(frames, 50), 1),
    drag_frame_p95_ms: round(percentile(frames, 95), 1),
    drag_frame_p99_ms: round(percentile(frames, 99), 1),
    autosave_browser_p50_ms: round(percentile(saves, 50), 1),
    autosave_browser_p95_ms: round(percentile(saves, 95), 1),
    publish_browser_p50_ms: round(percentile(publishMs, 50), 0),
    publish_browser_p95_ms: round(percentile(publishMs, 95), 0),
  }),
);
process.exit(0);
