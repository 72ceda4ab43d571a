import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

const copy = {
  en: {
    nav: 'Inbox',
    showTests: 'Show test conversations',
    said: 'I would like a pineapple appointment please',
    search: 'pineapples',
    flag: 'Flag this line',
    reason: 'Not understood',
    submit: 'Flag turn',
    flagged: 'Not understood',
    play: 'Play',
    openInStudio: 'Open in studio',
    issues: 'Issues',
    statusLabel: 'Status',
    inProgress: 'In progress',
    save: 'Save',
    tagInput: 'Add tag',
    filters: 'Filters',
    tagFilter: 'Tag',
    apply: 'Apply',
    remove: 'Remove tag {tag}',
    comma: 'A tag cannot contain a comma',
    recorded: ['Hello, this is the clinic.', 'I need a cleaning next week.', 'Tuesday at ten works.'],
  },
  ru: {
    nav: 'Входящие',
    showTests: 'Показывать тестовые разговоры',
    said: 'Хочу записаться, у меня ананас застрял',
    search: 'ананасы',
    flag: 'Отметить реплику',
    reason: 'Не понял',
    submit: 'Отметить',
    flagged: 'Не понял',
    play: 'Воспроизвести',
    openInStudio: 'Открыть в студии',
    issues: 'Замечания',
    statusLabel: 'Статус',
    inProgress: 'В работе',
    save: 'Сохранить',
    tagInput: 'Добавить тег',
    filters: 'Фильтры',
    tagFilter: 'Тег',
    apply: 'Применить',
    remove: 'Убрать тег {tag}',
    comma: 'В теге не может быть запятой',
    recorded: [
      'Здравствуйте, клиника слушает.',
      'Мне нужна чистка на следующей неделе.',
      'Вторник в десять подойдёт.',
    ],
  },
} as const;

/** A 6-second stereo WAV: a tone on the caller's side, then on the agent's, so the waveform has shape. */
function writeRecording(path: string): void {
  const rate = 8000;
  const frames = rate * 6;
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    const s = Math.round(Math.sin((2 * Math.PI * 300 * i) / rate) * 12000);
    const second = Math.floor(i / rate);
    data.writeInt16LE(second % 2 === 0 ? s : 0, i * 4);
    data.writeInt16LE(second % 2 === 1 ? s : 0, i * 4 + 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/**
 * A finished phone call with a recording, filed in the e2e database the way the call-records writer
 * leaves one (the writer itself is tested against real gateway events in the unit suite).
 */
async function fileRecordedCall(
  projectId: string,
  agentId: string,
  versionId: string,
  lines: readonly string[],
  from = '+79995550101',
) {
  const dir = resolve(import.meta.dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `inbox-${crypto.randomUUID()}.wav`);
  writeRecording(path);
  const client = new pg.Client({
    connectionString: withDatabase(TEST_SERVER_URL, e2eDatabaseName(process.env.E2E_PORT ?? '3100')),
  });
  await client.connect();
  try {
    const callId = crypto.randomUUID();
    await client.query(
      `INSERT INTO calls (id, "projectId", "externalId", direction, "fromNumber", "toNumber", "agentId", "versionId",
         "versionNumber", status, "startedAt", "endedAt", "durationMs", disposition, "endReason", "turnCount",
         path, "updatedAt", "analysisStatus", "sipCause")
       VALUES ($1, $2, $3, 'inbound', $6, 'demo', $4, $5, 1, 'ended', now() - interval '1 minute',
         now(), 6000, 'completed', 'flow_hangup', 2, '{start,greet}', now(), 'done',
         'BYE sent by platform')`,
      [callId, projectId, `e2e-${callId}`, agentId, versionId, from],
    );
    for (const [i, text] of lines.entries()) {
      await client.query(
        `INSERT INTO call_turns (id, "projectId", "callId", seq, "turnIndex", speaker, text, "startMs", "nodeId",
           timings, "responseMs")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'greet', '{"runtimeMs": 3, "sttMs": 150}', 700)`,
        [
          crypto.randomUUID(),
          projectId,
          callId,
          i,
          Math.floor(i / 2),
          i % 2 ? 'caller' : 'agent',
          text,
          i * 2000,
        ],
      );
    }
    await client.query(
      `INSERT INTO call_recordings (id, "projectId", "callId", path, "sampleRate", "durationMs")
       VALUES ($1, $2, $3, $4, 8000, 6000)`,
      [crypto.randomUUID(), projectId, callId, path],
    );
    await client.query(
      `INSERT INTO inbox.call_search (call_id, project_id, started_at, text) VALUES ($1, $2, now() - interval '1 minute', $3)`,
      [callId, projectId, lines.join('\n')],
    );
    // What the media server publishes when a call ends (ADR 018): open lists refresh from the bus.
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
    const event = {
      id: crypto.randomUUID(),
      type: 'call.ended',
      version: 1,
      projectId,
      at: Date.now(),
      data: { callId: `e2e-${callId}`, reason: 'flow_hangup', durationMs: 6000, turns: 2 },
    };
    await redis.xadd(
      `vpe2e${process.env.E2E_PORT ?? 3100}:events:bus`,
      '*',
      'type',
      event.type,
      'event',
      JSON.stringify(event),
    );
    await redis.quit();
    return callId;
  } finally {
    await client.end();
  }
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: a test conversation shows in the Inbox, found by a word; play, seek, flag, open in studio`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(180_000); // many steps; slow only on a loaded machine
    const auth = await builderBearer(request);
    const { projectId, agent } = await demoReceptionist(request, auth);
    // A test-console conversation, through the API, with a word we will search for.
    const started = await request.post(`/api/v1/projects/${projectId}/agents/${agent.id}/test-sessions`, {
      headers: auth,
      data: {},
    });
    expect(started.status()).toBe(201);
    const sessionId = ((await started.json()) as { session: { id: string } }).session.id;
    // A word of this attempt's own keeps a retry (or the other locale's run) from finding an earlier conversation.
    const nonce = `zq${Date.now().toString(36)}`;
    const said = `${c.said} ${nonce}`;
    const turn = await request.post(
      `/api/v1/projects/${projectId}/agents/${agent.id}/test-sessions/${sessionId}/turns`,
      { headers: auth, data: { text: said } },
    );
    expect(turn.status()).toBe(200);

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}`);
    await page.getByRole('navigation').first().getByRole('link', { name: c.nav }).click();
    await expect(page).toHaveURL(/\/inbox$/);
    // Test conversations are hidden until asked for.
    await page.getByLabel(c.showTests).check();
    await expect(page).toHaveURL(/tests=show/);
    // Find it by a word it contains, in another form of the word.
    await page.getByRole('searchbox').fill(`${c.search} ${nonce}`);
    await page.getByRole('searchbox').press('Enter');
    const rows = page.getByTestId('call-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first().locator('mark').first()).toBeVisible();
    await rows.first().click();
    await expect(page).toHaveURL(/\/inbox\/[^/?]+/);
    const conversationUrl = page.url();
    const card = page.getByTestId('call-card');
    await expect(card.getByTestId('transcript')).toContainText(c.said);
    await expect(card.getByTestId('flow-path')).toBeVisible();

    // Flag the caller's line.
    const line = card.getByTestId('transcript-line').filter({ hasText: c.said });
    await line.getByRole('button', { name: c.flag }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: c.reason }).click();
    await dialog.getByRole('textbox').fill('e2e');
    await dialog.getByRole('button', { name: c.submit }).click();
    await expect(dialog).toBeHidden();
    await expect(card.getByTestId('issue')).toContainText(c.flagged);
    const studio = card.getByTestId('issue').getByRole('link', { name: c.openInStudio });
    await expect(studio).toHaveAttribute('href', new RegExp(`/p/${projectId}/agents/${agent.id}\\?.*node=`));

    // The issue list: take the issue into work.
    await page.getByRole('link', { name: c.issues, exact: true }).click();
    const row = page.getByTestId('issue-row').filter({ hasText: said });
    await row.getByRole('combobox', { name: c.statusLabel }).click();
    await page.getByRole('option', { name: c.inProgress }).click();
    await row.getByRole('button', { name: c.save }).click();
    await expect(row.getByRole('button', { name: c.save })).toBeEnabled();
    await page.reload();
    await expect(page.getByTestId('issue-row').filter({ hasText: said })).toContainText(c.inProgress);

    // A recorded phone call: play it, click a transcript line and see the player seek there.
    const recordedId = await fileRecordedCall(projectId, agent.id, agent.liveVersion!.id, c.recorded);
    await page.goto(`/p/${projectId}/inbox/${recordedId}?tests=show`);
    const player = page.getByTestId('waveform-player');
    await expect(player).toBeVisible();
    await expect(page.getByTestId('sip-cause')).toContainText('BYE sent by platform');
    await player.getByRole('button', { name: c.play }).click();
    const third = page.getByTestId('transcript-line').filter({ hasText: c.recorded[2] });
    await third.locator('button').first().click();
    await expect(player).toHaveAttribute('data-position-ms', /^(4\d{3}|5\d{3})$/);
    await expect(third).toHaveAttribute('data-active', 'true');
    // Keyboard: k moves to the newer call in the list (the test conversation is newer).
    await expect(page.locator('[data-testid="call-row"][aria-selected="true"]')).toContainText(
      '+79995550101',
    );
    // Pressed again until the page has hydrated and its key handler listens.
    await expect(async () => {
      await page.keyboard.press('k');
      await expect(page).not.toHaveURL(new RegExp(recordedId), { timeout: 1_000 });
    }).toPass();

    // Open the node in the studio, from the flagged conversation (other specs add calls to the same list).
    await page.goto(conversationUrl);
    await expect(page.getByTestId('issue').first()).toBeVisible();
    const href = await page
      .getByTestId('issue')
      .first()
      .getByRole('link', { name: c.openInStudio })
      .getAttribute('href');
    await page.getByTestId('issue').first().getByRole('link', { name: c.openInStudio }).click();
    await expect(page).toHaveURL(new RegExp(href!.replace(/[?]/g, '\\?')));
  });

  test(`${locale}: tag a call, filter the list by the tag, and see a new call arrive without reloading`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(180_000); // many steps; slow only on a loaded machine
    const auth = await builderBearer(request);
    const { projectId, agent } = await demoReceptionist(request, auth);
    const caller = `+7998${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const first = await fileRecordedCall(projectId, agent.id, agent.liveVersion!.id, c.recorded, caller);

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/inbox/${first}`);
    const tags = page.getByTestId('call-card').getByTestId('call-tags');
    const input = tags.getByRole('combobox', { name: c.tagInput });
    const tag = `${locale} VIP ${caller.slice(-4)}`;
    const stored = tag.toLowerCase();
    await input.fill('a,b');
    await input.press('Enter');
    await expect(tags.getByRole('alert')).toHaveText(c.comma);
    await input.fill(tag);
    await input.press('Enter');
    await expect(tags.getByTestId('call-tag')).toHaveText([stored]);
    await expect(input).toHaveValue('');
    await page.reload();
    await expect(page.getByTestId('call-card').getByTestId('call-tag')).toHaveText([stored]);

    // The list, narrowed to this caller and then to the tag.
    await page.goto(`/p/${projectId}/inbox?caller=${encodeURIComponent(caller)}`);
    const rows = page.getByTestId('call-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(stored);
    const second = await fileRecordedCall(projectId, agent.id, agent.liveVersion!.id, c.recorded, caller);
    await expect(rows).toHaveCount(2, { timeout: 20_000 });
    const filters = page.getByTestId('call-filters');
    await filters.getByRole('combobox', { name: c.tagFilter }).click();
    await page.getByRole('option', { name: stored, exact: true }).click();
    await filters.getByRole('button', { name: c.apply }).click();
    await expect(page).toHaveURL(/tag=/);
    await expect(rows).toHaveCount(1);
    await rows.first().click();
    await expect(page).toHaveURL(new RegExp(first));

    // Untag: the chip goes, and the other call never had it.
    await page.getByRole('button', { name: c.remove.replace('{tag}', stored) }).click();
    await expect(page.getByTestId('call-card').getByTestId('call-tag')).toHaveCount(0);
    await page.goto(`/p/${projectId}/inbox/${second}`);
    await expect(page.getByTestId('call-card').getByTestId('call-tag')).toHaveCount(0);
  });
}
