import { resolve } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../support/chromium';
import { signedInPage } from './support/ui';

// Issue 18 item 8: every word on every main screen goes through the dictionaries. The screens are opened in
// Russian and every visible text node and accessible name (aria-label, placeholder, title, alt) is read: a
// Latin word there is a string that skipped translation (hard-coded copy, a raw enum value, an English date or
// unit), unless it is one of the names below that are not copy. `tests/unit/i18n-literals.test.ts` is the
// static half (literal JSX text and attributes) and `app/i18n/dictionaries.test.ts` keeps en and ru in step.

/** Words that are names, not copy: products, protocols, and the seeded demo's own data. */
const NAMES = new Set([
  // Protocols, formats and units that are written the same in Russian.
  'SIP',
  'SMS',
  'URI',
  'URL',
  'API',
  'JSON',
  'CSV',
  'HTTP',
  'HTTPS',
  'https',
  'LLM',
  'STT',
  'TTS',
  'DTMF',
  'IVR',
  'CRM',
  'ID',
  'UTC',
  'WebRTC',
  'RTP',
  'TLS',
  'STARTTLS',
  'SMTP',
  'SMPP',
  'UDP',
  'TCP',
  'DNS',
  'PCM',
  'WAV',
  'PDF',
  'DOCX',
  'TXT',
  'HTML',
  'Markdown',
  'GSM',
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'Schema',
  // Speech engines, shown by their ids on a voice test's lines.
  'pocketsphinx',
  'rhvoice',
  'espeak',
  'p95',
  'Email',
  'email',
  'E',
  'QR',
  'GMT',
  'MSK',
  'localhost',
  'IANA',
  'Ctrl',
  'Shift',
  'Alt',
  'Enter',
  'Escape',
  'Delete',
  'Esc',
  'F8',
  // Product and vendor names.
  'OpenAI',
  'Yandex',
  'SpeechKit',
  'YandexGPT',
  'Azure',
  'Google',
  'Deepgram',
  'ElevenLabs',
  'Bitrix24',
  'amoCRM',
  'Voice',
  'Platform',
  'Mango',
  'Office',
  'Zadarma',
  'Novofon',
  'Twilio',
  'Telegram',
  'WhatsApp',
  'Asterisk',
  'FreeSWITCH',
  'GigaChat',
  'Sber',
  'Vosk',
  'Whisper',
  'Silero',
  'Ollama',
  'Anthropic',
  'Claude',
  'English',
  'Cloud',
  'MTS',
  'Exolve',
  // The seeded demo's addresses and the API keys' prefix (its people have Russian names).
  'demo',
  'local',
  'vpk',
  // The appointment template's transfer queue id (an identifier the builder types, shown in its block).
  'reception',
]);

/** Everything a user reads on the page: visible text nodes and accessible names. */
async function wordsOnPage(page: Page, scope: string): Promise<{ text: string; where: string }[]> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) ?? document.body;
    const out: { text: string; where: string }[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text) continue;
      // A textarea's text is its value: what the user typed or a default they may change, not copy.
      if (el.closest('script,style,noscript,code,pre,textarea,[translate="no"]')) continue;
      if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      out.push({ text, where: describe(el) });
    }
    for (const el of root.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
      if (el.closest('[translate="no"]')) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push({ text: v, where: `${describe(el)}@${attr}` });
      }
    }
    return out;
  }, scope);
}

/** Latin words left in a string once addresses, emails, ids and the names above are taken out. */
export function untranslatedWords(text: string): string[] {
  const stripped = text
    .replace(/\b(?:https?|wss?|sip|tel):\/?\/?\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27,}\b/gi, ' ')
    .replace(/\{\{[\w.]+\}\}/g, ' ') // a flow's {{variable}} in a prompt
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ') // an IANA zone such as Europe/Moscow
    .replace(/\bv\d+\b/g, ' ') // a version, v3
    .replace(/\b[\w-]+\.(?:ru|com)\b/g, ' '); // a service named by its domain, SMS.ru
  return (stripped.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []).filter((w) => w.length > 1 && !NAMES.has(w));
}

/** What on the page (or in the part of it `scope` selects) is not Russian, as `where: "text"` lines. */
async function untranslatedOn(page: Page, scope = 'body'): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const found = (await wordsOnPage(page, scope))
    .filter((w) => untranslatedWords(w.text).length > 0)
    .map((w) => `${w.where}: "${w.text}"`);
  return [...new Set(found)];
}

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

interface Scene {
  projectId: string;
  api: string;
  auth: { authorization: string };
  agentId: string;
}

/**
 * A project of its own, so rows other specs leave in the demo project (in English) never show here; and a
 * scene, so the screens have rows to show: an agent with a test conversation, a webhook, a knowledge base.
 */
async function scene(request: APIRequestContext): Promise<Scene> {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'owner@demo.local', password: 'demo-password' },
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const project = (await (
    await request.post('/api/v1/projects', { headers: auth, data: { name: `Клиника ${Date.now()}` } })
  ).json()) as { id: string };
  const api = `/api/v1/projects/${project.id}`;
  // As a Russian clinic sets its project up: its own words (the CRM's first pipeline) come in Russian.
  await request.patch(`${api}/settings`, {
    headers: auth,
    data: { defaultLanguage: 'ru', timeZone: 'Europe/Moscow' },
  });
  const agent = (await (
    await request.post(`${api}/agents`, {
      headers: auth,
      data: { name: 'Запись на приём', language: 'ru', template: 'appointment-booking' },
    })
  ).json()) as { id: string };
  return { projectId: project.id, api, auth, agentId: agent.id };
}

/** Collects what is not Russian, screen by screen, and fails once at the end with all of it. */
function checker(page: Page, p: string) {
  const failures: string[] = [];
  return {
    failures,
    check: async (screen: string, scope?: string) => {
      for (const line of await untranslatedOn(page, scope)) failures.push(`${screen.replace(p, '')} ${line}`);
    },
  };
}

test('ru: every main screen speaks Russian only', async ({ browser, request }) => {
  test.setTimeout(360_000);
  const { projectId, api, auth, agentId } = await scene(request);
  const sessions = `${api}/agents/${agentId}/test-sessions`;
  const started = (await (await request.post(sessions, { headers: auth, data: {} })).json()) as {
    session: { id: string };
  };
  await request.post(`${sessions}/${started.session.id}/turns`, {
    headers: auth,
    data: { text: 'Здравствуйте' },
  });
  await request.post(`${api}/webhooks`, {
    headers: auth,
    data: { url: 'https://127.0.0.1:9/hooks', description: 'Журнал звонков', eventTypes: ['call.ended'] },
  });
  await request.post(`${api}/knowledge-bases`, { headers: auth, data: { name: 'Справка клиники' } });
  const page = await signedInPage(browser, 'ru', 'owner@demo.local');

  const p = `/p/${projectId}`;
  const screens = [
    `${p}`,
    `${p}/agents`,
    `${p}/agents/${agentId}`,
    `${p}/inbox?tests=show`,
    `${p}/inbox/issues`,
    `${p}/knowledge`,
    `${p}/numbers`,
    `${p}/tools`,
    `${p}/webhooks`,
    `${p}/api-keys`,
    `${p}/members`,
    `${p}/audit`,
    `${p}/settings`,
    `${p}/settings/providers`,
    `${p}/monitor`,
    `${p}/campaigns`,
    `${p}/campaigns/new`,
    `${p}/campaigns/compliance`,
    `${p}/crm`,
    `${p}/crm/deals`,
    `${p}/crm/tasks`,
    `${p}/crm/settings`,
    `${p}/messages`,
    `${p}/integrations`,
    `${p}/operator`,
  ];
  const { failures, check } = checker(page, p);
  for (const screen of screens) {
    await page.goto(screen);
    await expect(page.locator('h1').first()).toBeVisible();
    await check(screen);
  }
  // The new-webhook dialog: its event types.
  await page.goto(`${p}/webhooks`);
  await page.getByRole('button', { name: 'Добавить вебхук' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('webhook dialog');
  // The new-provider and new-tool dialogs.
  await page.goto(`${p}/settings/providers`);
  await page.getByRole('button', { name: 'Добавить провайдера' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('provider dialog');
  await page.goto(`${p}/tools`);
  await page.getByRole('button', { name: 'Добавить инструмент' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('tool dialog');
  // The Messages screen's new-channel dialog.
  await page.goto(`${p}/messages`);
  await page.getByRole('button', { name: 'Добавить канал' }).first().click();
  await check('new channel');
  // The call card of the test conversation, opened from the Inbox.
  await page.goto(`${p}/inbox?tests=show`);
  await page.getByTestId('call-row').first().click();
  await expect(page).toHaveURL(/inbox\/[0-9a-f-]{36}/);
  await check('call card');
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
  const { failures, check } = checker(page, p);
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
  const { failures, check } = checker(page, p);
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
  const { failures, check } = checker(supervisor, p);

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
  const studio = checker(builder, p);
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
