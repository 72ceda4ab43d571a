// The built-in CRM in the browser, in English and Russian: import contacts from CSV (a bad row is
// reported), open one, play its call from the timeline, start a deal and drag it across the board.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

const copy = {
  en: {
    nav: 'CRM',
    import: 'Import CSV',
    submit: 'Import',
    created: 'Created 2',
    bad: 'Line 3',
    search: 'Search',
    newDeal: 'New deal',
    deals: 'Deals',
    call: 'Incoming call',
    moved: 'Moved to',
  },
  ru: {
    nav: 'CRM',
    import: 'Импорт CSV',
    submit: 'Импортировать',
    created: 'Создано: 2',
    bad: 'Строка 3',
    search: 'Найти',
    newDeal: 'Новая сделка',
    deals: 'Сделки',
    call: 'Входящий звонок',
    moved: 'Перенесена в',
  },
} as const;

/** A 3-second mono WAV tone: the call's recording. */
function writeRecording(path: string): void {
  const rate = 8000;
  const data = Buffer.alloc(rate * 3 * 2);
  for (let i = 0; i < rate * 3; i += 1)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** A finished, recorded call from the contact's number, filed on the contact as the call-records worker does. */
async function fileCallOnContact(projectId: string, contactId: string, from: string) {
  // Where the web process serves recordings from (RECORDINGS_DIR of .env, data/recordings by default).
  const dir = resolve(import.meta.dirname, '../../data/recordings');
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `crm-${crypto.randomUUID()}.wav`);
  writeRecording(path);
  const client = new pg.Client({
    connectionString: withDatabase(TEST_SERVER_URL, e2eDatabaseName(process.env.E2E_PORT ?? '3100')),
  });
  await client.connect();
  try {
    const callId = crypto.randomUUID();
    await client.query(
      `INSERT INTO calls (id, "projectId", "externalId", direction, "fromNumber", "toNumber", status, "startedAt",
         "endedAt", "durationMs", "updatedAt", "analysisStatus", summary)
       VALUES ($1, $2, $3, 'inbound', $4, 'demo', 'ended', now() - interval '1 minute', now(), 3000, now(), 'done',
         'Asked about prices')`,
      [callId, projectId, `e2e-${callId}`, from],
    );
    await client.query(
      `INSERT INTO call_recordings (id, "projectId", "callId", path, channels, "sampleRate", "durationMs")
       VALUES ($1, $2, $3, $4, 1, 8000, 3000)`,
      [crypto.randomUUID(), projectId, callId, path],
    );
    await client.query(
      `INSERT INTO crm_activities (id, "projectId", "contactId", type, "callId", body, data, "dedupeKey", "occurredAt", "updatedAt")
       VALUES ($1, $2, $3, 'call', $4, 'Asked about prices', $5, $6, now(), now())`,
      [
        crypto.randomUUID(),
        projectId,
        contactId,
        callId,
        JSON.stringify({ direction: 'inbound', durationMs: 3000, hasRecording: true }),
        `call:${callId}`,
      ],
    );
    return callId;
  } finally {
    await client.end();
  }
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: import contacts, open one, play its call, move its deal across the board`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const suffix = crypto.randomUUID().slice(0, 6);
    const digits = String(Math.floor(1_000_000 + Math.random() * 8_999_999));
    const phone = `+7999${digits}`;
    const name = `Zoya ${suffix}`;

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}`);
    await page.getByRole('navigation').first().getByRole('link', { name: c.nav, exact: true }).click();
    await expect(page.getByTestId('crm-contacts')).toBeVisible();

    // Import: a Russian-Excel file (semicolons), one row that is no phone number.
    await page.getByRole('button', { name: c.import }).click();
    const csv = `Name;Phone;Email\n${name};8 999 ${digits};zoya-${suffix}@example.ru\nBad ${suffix};12;\nMax ${suffix};+7 999 ${String(Number(digits) + 1)};\n`;
    await page
      .getByTestId('crm-import-file')
      .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: c.submit }).click();
    const result = dialog.getByTestId('crm-import-result');
    await expect(result).toContainText(c.created);
    await expect(result).toContainText(c.bad);
    await page.keyboard.press('Escape');

    // Find and open her.
    await page.getByRole('searchbox').fill(suffix);
    await page.getByRole('button', { name: c.search }).click();
    await expect(page.getByTestId('crm-contact-row')).toHaveCount(2);
    await page.getByRole('link', { name }).click();
    await expect(page.getByTestId('crm-contact-name')).toHaveText(name);
    const contactId = /contacts\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // Her call, with its recording, plays from the timeline.
    const callId = await fileCallOnContact(projectId, contactId, phone);
    await page.reload();
    const call = page.getByTestId('crm-activity-call');
    await expect(call).toContainText(c.call);
    const audio = call.getByTestId('crm-call-audio');
    await audio.evaluate((el: HTMLAudioElement) => el.play());
    await expect
      .poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(0);

    // The Inbox's card of that call links back to her.
    await page.goto(`/p/${projectId}/inbox/${callId}`);
    await page.getByTestId('call-contact-link').click();
    await expect(page.getByTestId('crm-contact-name')).toHaveText(name);

    // A deal for her, then across the board.
    await page.getByRole('button', { name: c.newDeal }).click();
    await expect(page.getByTestId('crm-contact-deals')).toContainText(name);
    await page.getByRole('link', { name: c.deals, exact: true }).click();
    const card = page.locator(`[data-testid="crm-deal-card"][data-deal="${name}"]`);
    await expect(card).toBeVisible();
    const columns = page.getByTestId('crm-board-column');
    const target = columns.nth(1);
    const targetStage = (await target.getAttribute('data-stage'))!;
    await card.dragTo(target);
    await expect(page.getByText(c.moved).first()).toBeVisible();
    await expect(target.locator(`[data-deal="${name}"]`)).toBeVisible();
    await page.reload();
    await expect(page.locator(`[data-stage="${targetStage}"] [data-deal="${name}"]`)).toBeVisible();
  });
}

const more = {
  en: {
    table: 'Table',
    newDeal: 'New deal',
    title: 'Title',
    save: 'Save',
    numberError: 'Enter a number',
    edit: 'Edit',
    newPipeline: 'New pipeline',
    pipelineName: 'Pipeline name',
    pipeline: 'Pipeline',
    saveStages: 'Save stages',
    firstStage: 'New',
    wonStage: 'Won',
    deletePipeline: 'Delete pipeline',
    hasDeals: 'This pipeline still has deals',
    deleted: 'Pipeline deleted.',
  },
  ru: {
    table: 'Таблица',
    newDeal: 'Новая сделка',
    title: 'Название',
    save: 'Сохранить',
    numberError: 'Введите число',
    edit: 'Изменить',
    newPipeline: 'Новая воронка',
    pipelineName: 'Название воронки',
    pipeline: 'Воронка',
    saveStages: 'Сохранить этапы',
    firstStage: 'Новая',
    wonStage: 'Успешно',
    deletePipeline: 'Удалить воронку',
    hasDeals: 'В этой воронке есть сделки',
    deleted: 'Воронка удалена.',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = more[locale];
  test(`${locale}: deal custom fields on the deal screens; pipelines made, renamed, reordered and deleted`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const suffix = crypto.randomUUID().slice(0, 6);
    const api = `/api/v1/projects/${projectId}/crm`;
    const label = `Budget ${suffix}`;
    const field = await request.post(`${api}/fields`, {
      headers: auth,
      data: { entity: 'deal', type: 'number', key: `budget_${suffix}`, label },
    });
    expect(field.status()).toBe(201);

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/crm/deals?view=table`);
    await expect(page.getByTestId('crm-deals')).toBeVisible();

    // New deal: the deal field is there and a wrong value gets its own message.
    const title = `Deal ${suffix}`;
    await page.getByRole('button', { name: c.newDeal }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.title, { exact: true }).fill(title);
    await dialog.getByLabel(label).fill('lots');
    await dialog.getByRole('button', { name: c.save }).click();
    await expect(dialog.getByText(c.numberError)).toBeVisible();
    await dialog.getByLabel(label).fill('1500');
    await dialog.getByRole('button', { name: c.save }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId('crm-deal-row').filter({ hasText: title });
    await expect(page.getByRole('columnheader', { name: label })).toBeVisible();
    await expect(row.locator(`[data-field="budget_${suffix}"]`)).toHaveText('1500');

    // Edit it from the table.
    await row.getByRole('button', { name: c.edit }).click();
    dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel(label)).toHaveValue('1500');
    await dialog.getByLabel(label).fill('2500,5');
    await dialog.getByRole('button', { name: c.save }).click();
    await expect(dialog).toBeHidden();
    await expect(row.locator(`[data-field="budget_${suffix}"]`)).toHaveText('2500.5');

    // A second pipeline, from the stages settings: made, renamed, its stages reordered.
    await page.goto(`/p/${projectId}/crm/settings`);
    const settings = page.getByTestId('crm-pipeline-settings');
    await settings.getByRole('button', { name: c.newPipeline }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.pipelineName).fill(`Pipe ${suffix}`);
    await dialog.getByRole('button', { name: c.newPipeline }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/pipeline=/);
    const pipelineId = new URL(page.url()).searchParams.get('pipeline')!;
    await expect(settings.getByLabel(c.pipelineName)).toHaveValue(`Pipe ${suffix}`);
    await settings.getByLabel(c.pipelineName).fill(`Renewals ${suffix}`);
    const stageNames = settings.getByRole('listitem').getByRole('textbox');
    await expect(stageNames.first()).toHaveValue(c.firstStage);
    await settings.getByRole('listitem').nth(1).getByRole('button', { name: '↑' }).click();
    // Reload only once the save has answered (a reload racing the PATCH shows the old name).
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes(`/pipelines/${pipelineId}`),
    );
    await settings.getByRole('button', { name: c.saveStages }).click();
    expect((await saved).ok()).toBe(true);
    await page.reload();
    await expect(settings.getByLabel(c.pipelineName)).toHaveValue(`Renewals ${suffix}`);
    await expect(stageNames.first()).toHaveValue(c.wonStage);

    // The board switches to it and shows its stages in that order.
    await page.goto(`/p/${projectId}/crm/deals`);
    await page.getByRole('combobox', { name: c.pipeline }).click();
    await page.getByRole('option', { name: `Renewals ${suffix}` }).click();
    await expect(page).toHaveURL(new RegExp(`pipeline=${pipelineId}`));
    await expect(page.getByTestId('crm-board-column').first()).toContainText(c.wonStage);

    // With a deal in it, it is not deleted; without, it is.
    const deal = await request.post(`${api}/deals`, {
      headers: auth,
      data: { title: `In ${suffix}`, pipelineId },
    });
    expect(deal.status()).toBe(201);
    await page.goto(`/p/${projectId}/crm/settings?pipeline=${pipelineId}`);
    await settings.getByRole('button', { name: c.deletePipeline }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.deletePipeline }).click();
    await expect(settings.getByText(c.hasDeals)).toBeVisible();
    const dealId = ((await deal.json()) as { deal: { id: string } }).deal.id;
    expect((await request.delete(`${api}/deals/${dealId}`, { headers: auth })).status()).toBe(204);
    await settings.getByRole('button', { name: c.deletePipeline }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.deletePipeline }).click();
    await expect(page.getByText(c.deleted).first()).toBeVisible();
    await expect(page.getByRole('combobox', { name: c.pipeline })).not.toContainText(`Renewals ${suffix}`);
  });
}
