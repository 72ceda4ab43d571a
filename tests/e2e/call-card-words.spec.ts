import { expect, test } from '@playwright/test';
import pg from 'pg';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 items 7 and 8 on the call card, in English and Russian: the title names caller and callee (an
// outbound call showed only our own number); a caller's unrecognised speech is a line ("not recognised"), not
// nothing; a pressed key reads as one; the outcome and end reason are words, not codes; blocks are named as
// the canvas names them, not by id; and at 1280 px no header fact runs over another.
const copy = {
  en: {
    more: 'Filters',
    labels: ['Direction', 'Agent', 'Sort'],
    notRecognised: 'Not recognised',
    pressed: 'Pressed 2',
    disposition: 'Booked',
    ended: 'Caller hung up',
    block: 'Block “Ask”',
  },
  ru: {
    more: 'Фильтры',
    labels: ['Направление', 'Агент', 'Сортировка'],
    notRecognised: 'Не распознано',
    pressed: 'Нажато: 2',
    disposition: 'Записан',
    ended: 'Абонент положил трубку',
    block: 'Блок «Вопрос»',
  },
} as const;

/** An ended outbound call with an unrecognised line and a key press, as the call-records writer stores them. */
async function fileCall(projectId: string, agentId: string, versionId: string, to: string) {
  const client = new pg.Client({
    connectionString: withDatabase(TEST_SERVER_URL, e2eDatabaseName(process.env.E2E_PORT ?? '3100')),
  });
  await client.connect();
  try {
    const callId = crypto.randomUUID();
    await client.query(
      `INSERT INTO calls (id, "projectId", "externalId", direction, "fromNumber", "toNumber", "agentId", "versionId",
         "versionNumber", status, "startedAt", "endedAt", "durationMs", disposition, "endReason", "turnCount",
         path, "updatedAt", "analysisStatus")
       VALUES ($1, $2, $3, 'outbound', '+74950001122', $6, $4, $5, 1, 'ended', now() - interval '1 minute',
         now(), 9000, 'booked', 'remote_hangup', 3, '{start,find_caller,greet,menu}', now(), 'none')`,
      [callId, projectId, `e2e-${callId}`, agentId, versionId, to],
    );
    const turns: [speaker: string, text: string, trigger: string | null, nodeId: string | null][] = [
      ['agent', 'Здравствуйте! Нажмите 1 или 2.', 'start', 'greet'],
      ['caller', '', 'utterance', null],
      ['agent', 'Простите, не расслышала.', 'utterance', 'menu'],
      ['caller', '2', 'dtmf', null],
      ['agent', 'Соединяю.', 'dtmf', 'menu'],
    ];
    for (const [i, [speaker, text, trigger, nodeId]] of turns.entries())
      await client.query(
        `INSERT INTO call_turns (id, "projectId", "callId", seq, "turnIndex", speaker, text, trigger, "startMs", "nodeId")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          crypto.randomUUID(),
          projectId,
          callId,
          i,
          Math.floor((i + 1) / 2),
          speaker,
          text,
          trigger,
          i * 1500,
          nodeId,
        ],
      );
    await client.query(
      `INSERT INTO inbox.call_search (call_id, project_id, started_at, text) VALUES ($1, $2, now() - interval '1 minute', $3)`,
      [callId, projectId, turns.map((t) => t[1]).join('\n')],
    );
    return callId;
  } finally {
    await client.end();
  }
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: the call card names both parties, unrecognised speech and keys, outcomes in words`, async ({
    browser,
    request,
  }) => {
    const auth = await builderBearer(request);
    const { projectId, agent } = await demoReceptionist(request, auth);
    const to = `+7999${String(Date.now()).slice(-7)}`;
    const callId = await fileCall(projectId, agent.id, agent.liveVersion!.id, to);

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/p/${projectId}/inbox/${callId}`);
    const card = page.getByTestId('call-card');
    await expect(card.getByRole('heading', { level: 2 })).toHaveText(`+74950001122 → ${to}`);
    await expect(card.getByTestId('transcript-unrecognised')).toHaveText(c.notRecognised);
    await expect(card.getByTestId('transcript-dtmf')).toHaveText(c.pressed);
    await expect(card.getByTestId('call-fact').filter({ hasText: c.disposition })).toHaveCount(1);
    await expect(card.getByTestId('call-fact').filter({ hasText: c.ended })).toHaveCount(1);
    // Blocks by their names on the canvas, not their ids.
    await expect(card.getByTestId('transcript')).toContainText(c.block);
    await expect(card.getByTestId('flow-path')).not.toContainText('find_caller');

    // At 1280 px every header fact stays in its own box.
    const boxes = await card.getByTestId('call-fact').evaluateAll((facts) =>
      facts.map((f) => {
        const r = f.getBoundingClientRect();
        const dd = f.querySelector('dd')!;
        return {
          left: r.left,
          right: r.right,
          top: r.top,
          bottom: r.bottom,
          overflow: dd.scrollWidth - dd.clientWidth,
        };
      }),
    );
    expect(boxes.length).toBeGreaterThan(4);
    for (const [i, a] of boxes.entries()) {
      expect(a.overflow, `fact ${i} overflows`).toBeLessThanOrEqual(1);
      for (const b of boxes.slice(i + 1)) {
        const apart =
          a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
        expect(apart, `facts overlap: ${JSON.stringify([a, b])}`).toBe(true);
      }
    }

    // Issue 18 item 10: the Inbox's filter selects had no visible label (only their chosen value showed).
    await page.goto(`/p/${projectId}/inbox`);
    await page.getByText(c.more, { exact: true }).click();
    for (const label of c.labels) {
      await expect(page.locator('label').filter({ hasText: label }).getByRole('combobox')).toBeVisible();
      await expect(page.getByRole('combobox', { name: label })).toBeVisible();
    }
  });
}
