import { expect, test } from '@playwright/test';
import { startFakeBitrix24, type FakeBitrix24 } from '#server/integrations/bitrix24/testing/fake-bitrix24.ts';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// The Integrations screen end to end, in English and Russian: a Bitrix24 portal on loopback (the local
// Bitrix24-speaking server) is refused until the Tools screen allows the host, then connected by its webhook
// URL (its code never shown), tested, and its request appears in the connection's log with the health.

let fake: FakeBitrix24;
test.beforeAll(async () => {
  fake = await startFakeBitrix24();
});
test.afterAll(async () => {
  await fake.close();
});

const copy = {
  en: {
    tools: 'Tools',
    allowHosts: 'Allowed private hosts',
    saveSettings: 'Save settings',
    saved: 'Settings saved',
    nav: 'Integrations',
    name: 'Name',
    url: 'Webhook URL',
    refused: 'Not a Bitrix24 webhook URL, or its address is private and not among the allowed hosts.',
    connect: 'Connect',
    untested: 'Not tested yet',
    test: 'Test connection',
    works: 'The connection works.',
    connected: 'Connected',
    log: 'Log',
  },
  ru: {
    tools: 'Инструменты',
    allowHosts: 'Разрешённые внутренние адреса',
    saveSettings: 'Сохранить настройки',
    saved: 'Настройки сохранены',
    nav: 'Интеграции',
    name: 'Название',
    url: 'Адрес вебхука',
    refused: 'Это не адрес вебхука Битрикс24, или он внутренний и не входит в разрешённые хосты.',
    connect: 'Подключить',
    untested: 'Ещё не проверено',
    test: 'Проверить подключение',
    works: 'Подключение работает.',
    connected: 'Подключено',
    log: 'Журнал',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  test(`an admin connects Bitrix24 by webhook, tests it and sees the request in its log (${locale})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const c = copy[locale];
    const name = `Bitrix24 ${locale}`;
    const page = await signedInPage(browser, locale, 'admin@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    const nav = page.getByRole('navigation').first();

    await nav.getByRole('link', { name: c.nav }).click();
    await expect(page.getByRole('heading', { name: c.nav, level: 1 })).toBeVisible();
    await page.getByLabel(c.name, { exact: true }).fill(name);
    await page.getByLabel(c.url).fill('https://10.20.30.40/rest/1/abc/');
    await page.getByRole('button', { name: c.connect, exact: true }).click();
    await expect(page.getByText(c.refused)).toBeVisible();

    // The portal on loopback is allowed through the project's allowed hosts (Tools screen).
    await nav.getByRole('link', { name: c.tools }).click();
    await page.getByLabel(c.allowHosts).fill('127.0.0.1');
    await page.getByRole('button', { name: c.saveSettings }).click();
    await expect(page.getByText(c.saved).first()).toBeVisible();

    await nav.getByRole('link', { name: c.nav }).click();
    await page.getByLabel(c.name, { exact: true }).fill(name);
    await page.getByLabel(c.url).fill(fake.webhookUrl);
    await page.getByRole('button', { name: c.connect, exact: true }).click();
    const card = page.locator('[data-integration]').filter({ hasText: name });
    await expect(card).toContainText(c.untested);
    await expect(card).toContainText(new URL(fake.base).host);
    // The webhook's code is the secret: never on the page.
    await page.reload();
    await expect(page.locator('body')).not.toContainText('abc123def456');

    const before = fake.state.requests.length;
    await card.getByRole('button', { name: c.test }).click();
    await expect(card.getByRole('status')).toHaveText(c.works);
    await expect(card).toContainText(c.connected);
    expect(fake.state.requests.slice(before)).toEqual([{ method: 'profile', auth: 'webhook' }]);
    const log = page.getByRole('region', { name: new RegExp(name) });
    await expect(log.getByRole('row').filter({ hasText: 'profile' })).toContainText('200');
  });
}
