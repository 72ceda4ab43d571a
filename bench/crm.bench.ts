// The built-in CRM at size: 1,000,000 contacts in one project (plus 10,000 deals on the board).
// - lookup: a contact by phone in the formats callers arrive with (E.164, 8…, spaced), p95, target 5 ms;
// - search: name, surname, company, email and digit fragments (a page of 50), p95, target 50 ms;
// - board: the deals kanban of 10,000 deals in a real browser (Debian's Chromium, production build), from
//   navigation to the first cards drawn, target 1 s.
// `--contacts=N` for a smaller run, `--no-build` reuses build/, `--no-browser` skips the board.
// Progress goes to stdout; the last line is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { percentile, prepareBenchDb, round } from './support/bench-db.ts';
import { chromiumLaunchOptions } from '../tests/support/chromium.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const CONTACTS = Number(arg('contacts') ?? 1_000_000);
const DEALS = Number(arg('deals') ?? 10_000);
const LOOKUPS = 500;
const SEARCHES = 200;
const PORT = 3651;
const base = `http://127.0.0.1:${PORT}`;
const browserToo = !process.argv.includes('--no-browser');

if (browserToo && !process.argv.includes('--no-build')) {
  console.log('building the app…');
  const built = spawnSync(process.execPath, ['node_modules/.bin/remix', 'vite:build'], { stdio: 'ignore' });
  if (built.status !== 0) throw new Error('build failed: run `npm run build` to see why');
}

await prepareBenchDb('vp_bench_crm');
const { db, disconnectDb } = await import('#server/db.ts');
const { addMember, createProject, createUser } = await import('../tests/support/factories.ts');
const { findContactByPhone, listContacts } = await import('#server/crm/contacts.server.ts');
const { contactListQuery } = await import('#server/crm/crm-inputs.ts');
const { ensureDefaultPipeline } = await import('#server/crm/pipelines.server.ts');

const user = await createUser(db(), { email: 'crm-bench@bench.local', password: 'bench-password' });
const project = await createProject(db(), 'CRM bench');
await addMember(db(), project.id, user.id, 'builder');

// Contacts straight in SQL (the import path is tested elsewhere): Russian and Latin names, +7 916 numbers,
// a company for every tenth, tags for some; searchText as the service writes it.
console.log(`inserting ${CONTACTS} contacts…`);
const insertStarted = performance.now();
const CHUNK = 100_000;
for (let from = 0; from < CONTACTS; from += CHUNK) {
  const to = Math.min(CONTACTS, from + CHUNK) - 1;
  await db().$executeRawUnsafe(`
    WITH g AS (
      SELECT i,
        (ARRAY['Анна','Иван','Мария','Пётр','Ольга','Сергей','Елена','Дмитрий','Anna','John','Maria','Oleg'])[1 + i % 12] AS first,
        (ARRAY['Иванова','Петров','Смирнова','Кузнецов','Попова','Соколов','Лебедева','Козлов','Новикова','Морозов',
               'Smith','Brown','Volkov','Orlova','Fedorov','Egorova','Pavlov','Semenova','Golubev','Vinogradova'])[1 + (i / 12) % 20] AS last,
        '+7916' || lpad(i::text, 7, '0') AS phone
      FROM generate_series(${from}, ${to}) AS i)
    INSERT INTO crm_contacts (id, "projectId", name, company, phones, emails, tags, source, "searchText", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), '${project.id}'::uuid, first || ' ' || last || ' ' || i,
      CASE WHEN i % 10 = 0 THEN 'ООО Ромашка ' || (i % 1000) ELSE '' END,
      ARRAY[phone], ARRAY['client' || i || '@example.ru'],
      CASE WHEN i % 7 = 0 THEN ARRAY['vip'] ELSE '{}' END, 'import',
      lower(first || ' ' || last || ' ' || i || ' ' || CASE WHEN i % 10 = 0 THEN 'ооо ромашка ' || (i % 1000) || ' ' ELSE '' END
        || 'client' || i || '@example.ru ' || CASE WHEN i % 7 = 0 THEN 'vip ' ELSE '' END || substr(phone, 2)),
      now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval
    FROM g`);
  console.log(`  ${to + 1} (${Math.round((performance.now() - insertStarted) / 1000)} s)`);
}
// What autovacuum does after a bulk load: folds the GIN indexes' pending lists into the trees (until then
// every lookup also scans the pending list) and refreshes the planner's statistics.
await db().$executeRawUnsafe('VACUUM ANALYZE crm_contacts');
const insertS = (performance.now() - insertStarted) / 1000;

// Lookups: random existing numbers in the formats carriers and people use, and some unknown numbers.
const formats = [
  (n: string) => `+7916${n}`,
  (n: string) => `8916${n}`,
  (n: string) => `8 (916) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (n: string) => `sip:+7916${n}@carrier.example`,
];
const lookupMs: number[] = [];
let found = 0;
for (let i = 0; i < LOOKUPS; i++) {
  const n = String(Math.floor(Math.random() * CONTACTS * 1.1)).padStart(7, '0');
  const started = performance.now();
  if (await findContactByPhone(project.id, formats[i % formats.length]!(n))) found++;
  lookupMs.push(performance.now() - started);
}
console.log(
  `lookup: p50 ${percentile(lookupMs, 50).toFixed(2)} ms, p95 ${percentile(lookupMs, 95).toFixed(2)} ms (${found}/${LOOKUPS} found)`,
);

const terms = [
  'иванова',
  'петров',
  'smith',
  'ромашка 42',
  'client12345@',
  '9160012',
  'анна смирнова',
  'volkov',
  'орлова',
  '123456',
];
const searchMs: number[] = [];
for (let i = 0; i < SEARCHES; i++) {
  const q = i % 3 === 0 ? String(Math.floor(Math.random() * CONTACTS)) : terms[i % terms.length]!;
  const started = performance.now();
  await listContacts(project.id, contactListQuery.parse({ q, limit: 50 }));
  searchMs.push(performance.now() - started);
}
console.log(
  `search: p50 ${percentile(searchMs, 50).toFixed(1)} ms, p95 ${percentile(searchMs, 95).toFixed(1)} ms`,
);

// The board: 10,000 deals over the default pipeline's stages.
const pipeline = await ensureDefaultPipeline(project.id, 'en');
const stages = await db().crmStage.findMany({
  where: { pipelineId: pipeline.id },
  orderBy: { position: 'asc' },
});
await db().$executeRawUnsafe(`
  INSERT INTO crm_deals (id, "projectId", title, "contactId", "pipelineId", "stageId", amount, currency, position, "createdAt", "updatedAt")
  SELECT gen_random_uuid(), '${project.id}'::uuid, 'Deal ' || i, NULL, '${pipeline.id}'::uuid,
    (ARRAY[${stages.map((s) => `'${s.id}'::uuid`).join(',')}])[1 + i % ${stages.length}], (i % 500) * 100, 'RUB', i, now(), now()
  FROM generate_series(1, ${DEALS}) AS i`);
await db().$executeRawUnsafe('ANALYZE crm_deals');

let boardMs: number[] = [];
if (browserToo) {
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
  const page = await (
    await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'en-US' })
  ).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('bench-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(projects|p\/)/);
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await page.goto(`${base}/p/${project.id}/crm/deals`, { waitUntil: 'commit' });
    await page.getByTestId('crm-deal-card').first().waitFor();
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    boardMs.push(performance.now() - started);
  }
  console.log(
    `board of ${DEALS} deals: p50 ${percentile(boardMs, 50).toFixed(0)} ms, max ${Math.max(...boardMs).toFixed(0)} ms`,
  );
  await browser.close();
  web.kill('SIGTERM');
} else boardMs = [NaN];

await disconnectDb();
console.log(
  JSON.stringify({
    contacts: CONTACTS,
    deals: DEALS,
    insert_s: round(insertS, 1),
    lookup_p50_ms: round(percentile(lookupMs, 50), 2),
    lookup_p95_ms: round(percentile(lookupMs, 95), 2),
    lookup_target_ms: 5,
    search_p50_ms: round(percentile(searchMs, 50), 1),
    search_p95_ms: round(percentile(searchMs, 95), 1),
    search_target_ms: 50,
    board_first_render_p50_ms: round(percentile(boardMs, 50), 0),
    board_first_render_max_ms: round(Math.max(...boardMs), 0),
    board_target_ms: 1000,
  }),
);
process.exit(0);
