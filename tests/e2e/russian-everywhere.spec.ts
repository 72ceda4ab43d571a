import { expect, test, type Page } from '@playwright/test';
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
  'UDP',
  'TCP',
  'DNS',
  'PCM',
  'WAV',
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
async function wordsOnPage(page: Page): Promise<{ text: string; where: string }[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text) continue;
      if (el.closest('script,style,noscript,code,pre,[translate="no"]')) continue;
      if (!el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true })) continue;
      out.push({ text, where: describe(el) });
    }
    for (const el of document.body.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')) {
      if (el.closest('[translate="no"]')) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const v = el.getAttribute(attr)?.trim();
        if (v) out.push({ text: v, where: `${describe(el)}@${attr}` });
      }
    }
    return out;
  });
}

/** Latin words left in a string once addresses, emails, ids and the names above are taken out. */
export function untranslatedWords(text: string): string[] {
  const stripped = text
    .replace(/\b(?:https?|wss?|sip|tel):\/?\/?\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27,}\b/gi, ' ')
    .replace(/\{\{[\w.]+\}\}/g, ' ') // a flow's {{variable}} in a prompt
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ') // an IANA zone such as Europe/Moscow
    .replace(/\bv\d+\b/g, ' '); // a version, v3
  return (stripped.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []).filter((w) => w.length > 1 && !NAMES.has(w));
}

/** What on the page is not Russian, as `where: "text"` lines. */
async function untranslatedOn(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const found = (await wordsOnPage(page))
    .filter((w) => untranslatedWords(w.text).length > 0)
    .map((w) => `${w.where}: "${w.text}"`);
  return [...new Set(found)];
}

test('ru: every main screen speaks Russian only', async ({ browser, request }) => {
  test.setTimeout(180_000);
  // A project of its own, so rows other specs leave in the demo project (in English) never show here; and a
  // scene, so the screens have rows to show: an agent with a test conversation, a webhook, a knowledge base.
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'owner@demo.local', password: 'demo-password' },
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const project = (await (
    await request.post('/api/v1/projects', { headers: auth, data: { name: `Клиника ${Date.now()}` } })
  ).json()) as { id: string };
  const projectId = project.id;
  const api = `/api/v1/projects/${projectId}`;
  const agent = (await (
    await request.post(`${api}/agents`, {
      headers: auth,
      data: { name: 'Запись на приём', language: 'ru', template: 'appointment-booking' },
    })
  ).json()) as { id: string };
  const sessions = `${api}/agents/${agent.id}/test-sessions`;
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
    `${p}/agents/${agent.id}`,
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
  ];
  const failures: string[] = [];
  const check = async (screen: string) => {
    for (const line of await untranslatedOn(page)) failures.push(`${screen} ${line}`);
  };
  for (const screen of screens) {
    await page.goto(screen);
    await expect(page.locator('h1').first()).toBeVisible();
    await check(screen.replace(p, ''));
  }
  // The new-webhook dialog: its event types.
  await page.goto(`${p}/webhooks`);
  await page.getByRole('button', { name: 'Добавить вебхук' }).first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('webhook dialog');
  // The call card of the test conversation, opened from the Inbox.
  await page.goto(`${p}/inbox?tests=show`);
  await page.getByTestId('call-row').first().click();
  await expect(page).toHaveURL(/inbox\/[0-9a-f-]{36}/);
  await check('call card');
  expect(failures.join('\n')).toBe('');
});
