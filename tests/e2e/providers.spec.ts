import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { DEMO_PASSWORD, signedInPage } from './support/ui';

// A provider account against a loopback server that refuses every key (as Azure answers a bad one), its
// Test explained in words; then the agent's recogniser and voice chosen in the studio and the voice
// previewed (synthesized by the e2e media server).
const copy = {
  en: {
    settings: 'AI providers: language models, recognition, voices',
    add: 'Add provider',
    provider: 'Provider',
    kind: 'Azure Speech',
    name: 'Name',
    key: 'API key',
    url: 'Address (URL)',
    create: 'Add',
    test: 'Test',
    refused: 'The provider refused the key',
    tab: 'Voice and speech',
    preview: 'Preview',
  },
  ru: {
    settings: 'ИИ-провайдеры: языковые модели, распознавание, голоса',
    add: 'Добавить провайдера',
    provider: 'Провайдер',
    kind: 'Azure Speech',
    name: 'Название',
    key: 'API-ключ',
    url: 'Адрес (URL)',
    create: 'Добавить',
    test: 'Проверить',
    refused: 'Провайдер не принял ключ',
    tab: 'Голос и речь',
    preview: 'Прослушать',
  },
} as const;

let refusing: Server;
let refusingUrl: string;
test.beforeAll(async () => {
  refusing = createServer((_req, res) => res.writeHead(401).end());
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: add a provider, test a bad key, choose the agent's recogniser and voice, preview it`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const { projectId, agent } = await demoReceptionist(request, await builderBearer(request));
    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto(`/p/${projectId}/settings`);
    await page.getByTestId('providers-link').click();
    await expect(page).toHaveURL(new RegExp(`/p/${projectId}/settings/providers$`));

    const name = `Azure ${locale} ${Date.now()}`;
    await page.getByRole('button', { name: c.add }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.provider, { exact: true }).click();
    await page.getByRole('option', { name: c.kind }).click();
    await dialog.getByLabel(c.name, { exact: true }).fill(name);
    await dialog.getByLabel(c.key, { exact: true }).fill('not-a-real-key-1234');
    await dialog.getByLabel(c.url, { exact: true }).fill(refusingUrl);
    await dialog.getByRole('button', { name: c.create }).click();
    await expect(dialog).toBeHidden();
    const card = page.getByTestId(`provider-${name}`);
    await expect(card).toContainText('••••');
    await expect(page.getByText('not-a-real-key-1234')).toHaveCount(0);
    await card.getByRole('button', { name: c.test }).click();
    await expect(card.getByTestId('provider-test-result')).toContainText(c.refused);

    // A second recogniser, through the API, for the fallback (owners manage accounts).
    const backup = `Backup ${locale} ${Date.now()}`;
    const login = await request.post('/api/v1/auth/login', {
      data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
    });
    const owner = {
      authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
    };
    const added = await request.post(`/api/v1/projects/${projectId}/providers`, {
      headers: owner,
      data: {
        name: backup,
        provider: 'yandex',
        apiKey: 'AQVN-backup',
        settings: { folderId: 'b1g', baseUrl: refusingUrl },
      },
    });
    expect(added.status()).toBe(201);
    const backupId = ((await added.json()) as { id: string }).id;

    // The agent hears with this account and speaks with the embedded voice; the preview plays it.
    await page.goto(`/p/${projectId}/agents/${agent.id}`);
    await page.getByRole('tab', { name: c.tab }).click();
    const panel = page.getByTestId('voice-panel');
    await panel.getByTestId('speech-recognizer-provider').selectOption({ label: name });
    await panel.getByTestId('speech-recognizer-language').selectOption('ru-RU');
    // When it fails mid-call, the backup recogniser takes over: saved with the flow, still chosen after a reload.
    await panel.getByTestId('speech-recognizer-fallback').selectOption({ label: backup });
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved', {
      timeout: 15_000,
    });
    const draft = (await (
      await page.request.get(`/api/v1/projects/${projectId}/agents/${agent.id}/draft`)
    ).json()) as { graph: { settings: { speech: { recognizer: { fallbackProviderId?: string } } } } };
    expect(draft.graph.settings.speech.recognizer.fallbackProviderId).toBe(backupId);
    await page.reload();
    await page.getByRole('tab', { name: c.tab }).click();
    await expect(panel.getByTestId('speech-recognizer-fallback')).toHaveValue(backupId);
    await panel.getByTestId('speech-voice-provider').selectOption('embedded');
    await panel.getByTestId('speech-voice-voice').selectOption('rhvoice:Anna');
    const answer = page.waitForResponse((r) => r.url().endsWith('/voice-preview'));
    await panel.getByTestId('voice-preview').click();
    const preview = await answer;
    expect(preview.status()).toBe(200);
    expect(preview.headers()['content-type']).toBe('audio/wav');
    // The same request from the page, to weigh what came back: a second or more of speech.
    const bytes = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/projects/${id}/voice-preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          providerId: 'embedded',
          voice: 'rhvoice:Anna',
          language: 'ru',
          text: 'Здравствуйте!',
        }),
      });
      return (await res.arrayBuffer()).byteLength;
    }, projectId);
    expect(bytes).toBeGreaterThan(16_000);
  });
}
