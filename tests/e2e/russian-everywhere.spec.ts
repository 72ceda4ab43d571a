import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { checker } from './support/page-words';
import { scene, translatorFor, walkMainScreens, withRows } from './support/screens';
import { signedInPage } from './support/ui';

// Issue 18 item 8: every word on every main screen goes through the dictionaries. The screens are opened in
// Russian and every visible text node and accessible name (aria-label, placeholder, title, alt) is read: a
// Latin word there is a string that skipped translation (hard-coded copy, a raw enum value, an English date or
// unit), unless it is one of the names in `support/page-words.ts` that are not copy. `tests/unit/i18n-literals.test.ts` is the
// static half (literal JSX text and attributes) and `app/i18n/dictionaries.test.ts` keeps en and ru in step.

// The live monitor needs a call in progress: the studio's voice test, with Chromium's fake microphone saying a
// Russian sentence. The call is in this spec's own project, so the demo project's live board never sees it.
const wav = resolve(import.meta.dirname, '../../test-results/voice-caller.wav');
test.use({
  launchOptions: {
    ...chromiumLaunchOptions,
    args: [
      ...chromiumLaunchOptions.args,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

test('ru: every main screen speaks Russian only', async ({ browser, request }) => {
  test.setTimeout(360_000);
  const s = await scene(request);
  await withRows(request, s);
  const page = await signedInPage(browser, 'ru', 'owner@demo.local');
  const { failures, check } = checker(page);
  await walkMainScreens(page, s, translatorFor('ru'), check);
  expect(failures.join('\n')).toBe('');
});

test('ru: CRM contact and deal, a campaign and a knowledge base in detail speak Russian only', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const { projectId, api, auth, agentId } = await scene(request);
  const contact = (await (
    await request.post(`${api}/crm/contacts`, {
      headers: auth,
      data: { name: 'Анна Петрова', phones: ['+79123450099'], email: 'anna@example.ru' },
    })
  ).json()) as { contact: { id: string } };
  await request.post(`${api}/crm/contacts/${contact.contact.id}/notes`, {
    headers: auth,
    data: { text: 'Просила перезвонить вечером' },
  });
  const deal = await request.post(`${api}/crm/deals`, {
    headers: auth,
    data: { title: 'Имплантация', contactId: contact.contact.id, amount: 120000 },
  });
  expect(deal.status()).toBe(201);
  expect(
    (
      await request.post(`${api}/agents/${agentId}/publish`, { headers: auth, data: { note: 'Первая' } })
    ).ok(),
  ).toBe(true);
  const connection = (await (
    await request.post(`${api}/sip-connections`, {
      headers: auth,
      data: { name: 'Оператор связи', provider: 'generic', host: '127.0.0.1', port: 5999, authMode: 'ip' },
    })
  ).json()) as { id: string };
  const campaign = (await (
    await request.post(`${api}/campaigns`, {
      headers: auth,
      data: { name: 'Напоминание о визите', agentId, connectionId: connection.id },
    })
  ).json()) as { id: string };
  await request.post(`${api}/campaigns/${campaign.id}/contacts`, {
    headers: auth,
    data: { csv: 'phone,name\n+79123450098,Иван\nне номер,Пётр\n' },
  });
  const kb = (await (
    await request.post(`${api}/knowledge-bases`, { headers: auth, data: { name: 'Прайс' } })
  ).json()) as { id: string };
  await request.post(`${api}/knowledge-bases/${kb.id}/sources`, {
    headers: auth,
    data: { kind: 'qa', question: 'Сколько стоит чистка?', answer: 'Чистка стоит 5000 рублей.' },
  });

  const page = await signedInPage(browser, 'ru', 'owner@demo.local');
  const p = `/p/${projectId}`;
  const { failures, check } = checker(page);
  for (const screen of [
    `${p}/crm/contacts/${contact.contact.id}`,
    `${p}/campaigns/${campaign.id}`,
    `${p}/knowledge/${kb.id}`,
    `${p}/crm`,
  ]) {
    await page.goto(screen);
    await expect(page.locator('h1').first()).toBeVisible();
    await check(screen);
  }
  // The deal, opened for editing from the deals table.
  await page.goto(`${p}/crm/deals?view=table`);
  await page
    .getByTestId('crm-deal-row')
    .filter({ hasText: 'Имплантация' })
    .getByRole('button', { name: 'Изменить' })
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('deal dialog');
  await page.keyboard.press('Escape');
  // The board of the same deals.
  await page.goto(`${p}/crm/deals`);
  await expect(page.getByTestId('crm-deal-card').first()).toBeVisible();
  await check('deal board');
  expect(failures.join('\n')).toBe('');
});

test("ru: the studio's side panels, every block's form, publishing and versions speak Russian only", async ({
  browser,
  request,
}) => {
  test.setTimeout(420_000);
  const { projectId, agentId } = await scene(request);
  const page = await signedInPage(browser, 'ru', 'owner@demo.local');
  const p = `/p/${projectId}`;
  const { failures, check } = checker(page);
  await page.goto(`${p}/agents/${agentId}`);
  // The canvas loads its layout engine first: slow on a loaded machine.
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  const tab = (name: string) => page.getByRole('tab', { name, exact: true }).click();

  // The test console: a conversation and the trace of a turn.
  await tab('Тест');
  await page.getByRole('button', { name: 'Начать тест' }).click();
  await expect(page.getByTestId('bot-reply').first()).toBeVisible();
  await page.getByLabel('Скажите что-нибудь…').fill('Хочу записаться к врачу');
  await page.getByTestId('test-console').getByRole('button', { name: 'Отправить', exact: true }).click();
  await expect(page.getByTestId('bot-reply').nth(1)).toBeVisible();
  await page.getByRole('button', { name: 'Почему?' }).last().click();
  await expect(page.getByTestId('turn-trace').last()).toBeVisible();
  await check('test console', 'aside:has([role="tablist"])');
  for (const name of ['Переменные', 'Голос и речь', 'Итоги']) {
    if ((await page.getByRole('tab', { name, exact: true }).count()) === 0) continue;
    await tab(name);
    await check(`tab ${name}`, 'aside:has([role="tablist"])');
  }

  // Publishing: the dialog, then the versions.
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  const publish = page.getByRole('dialog');
  await expect(publish).toBeVisible();
  await check('publish dialog', '[role="dialog"]');
  await publish.getByLabel('Что изменилось').fill('Первая версия');
  await publish.getByRole('button', { name: /^Опубликовать/ }).click();
  await expect(publish).toBeHidden();
  await tab('Версии');
  await expect(page.getByTestId('version-row')).toHaveCount(1);
  await check('versions', 'aside:has([role="tablist"])');

  // Every block of the palette, added and opened in the inspector.
  const types = await page
    .locator('[data-palette-type]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-palette-type') ?? ''));
  expect(types.length).toBeGreaterThan(10);
  for (const type of types) {
    await page.locator(`[data-palette-type="${type}"]`).click();
    await expect(page.getByTestId('inspector')).toBeVisible();
    await check(`inspector of ${type}`, '[data-testid="inspector"]');
  }
  // The new blocks are not connected: the problems panel lists them, and publishing says why it cannot.
  await page.getByRole('tab', { name: /^Проблемы/ }).click();
  await check('problems', 'aside:has([role="tablist"])');
  await check('canvas', '.react-flow');
  await page.getByRole('button', { name: 'Опубликовать', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('publish dialog with errors', '[role="dialog"]');
  expect(failures.join('\n')).toBe('');
});

test('ru: the live monitor with a call in progress speaks Russian only', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const { projectId, agentId } = await scene(request);
  const p = `/p/${projectId}`;
  const supervisor = await signedInPage(browser, 'ru', 'owner@demo.local');
  await supervisor.goto(`${p}/monitor`);
  await expect(supervisor.getByTestId('monitor-connection')).toHaveText('В эфире');
  const { failures, check } = checker(supervisor);

  const builder = await signedInPage(browser, 'ru', 'owner@demo.local');
  await builder.goto(`${p}/agents/${agentId}`);
  await builder.getByRole('button', { name: 'Голосовой тест' }).click();
  await builder.getByTestId('voice-test').getByRole('button', { name: 'Начать разговор' }).click();
  await expect(builder.getByTestId('voice-status')).toHaveAttribute('data-status', 'live', {
    timeout: 20_000,
  });
  const row = supervisor.getByTestId('monitor-row');
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.click();
  const panel = supervisor.getByTestId('monitor-call-panel');
  await expect(panel.getByTestId('monitor-transcript').locator('li').first()).toBeVisible({
    timeout: 60_000,
  });
  await check('monitor with a call');
  const studio = checker(builder);
  await studio.check('studio voice test', '[data-testid="voice-test"]');
  failures.push(...studio.failures);
  await builder.getByTestId('voice-test').getByRole('button', { name: 'Завершить' }).click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  await check('monitor after the call');
  // Its alert rules.
  await supervisor.getByRole('button', { name: 'Правила оповещений' }).click();
  await expect(supervisor.getByRole('dialog')).toBeVisible();
  await check('alert rules', '[role="dialog"]');
  await builder.context().close();
  expect(failures.join('\n')).toBe('');
});
