// Bitrix24 by OAuth end to end, in English and Russian: the admin enters the portal (the local
// Bitrix24-speaking server, allowed through the Tools screen) and its local application on the Integrations
// screen, is sent to the portal's consent screen, denies once (the screen says so in words), authorizes again
// and comes back connected. Then a call ends in the project: the workers' post-call step logs it in the
// portal as a telephony call (register → finish), seen in the portal's request log and the connection's log.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startFakeBitrix24, type FakeBitrix24 } from '#server/integrations/bitrix24/testing/fake-bitrix24.ts';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { DEMO_PROJECT, signedInPage } from './support/ui';

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
    redirectUri: 'Redirect address for the application',
    name: 'Connection name',
    portal: 'Portal address',
    clientId: 'Client ID (application code)',
    clientSecret: 'Client key (application secret)',
    connect: 'Connect with Bitrix24',
    denied: 'Bitrix24 did not allow the application: access was denied. Authorize again when ready.',
    pending: 'Waiting for authorization in Bitrix24',
    authorize: 'Authorize in Bitrix24',
    done: 'Connected: Bitrix24 allowed the application.',
    connected: 'Connected',
    log: 'Log',
    disconnect: 'Disconnect',
  },
  ru: {
    tools: 'Инструменты',
    allowHosts: 'Разрешённые внутренние адреса',
    saveSettings: 'Сохранить настройки',
    saved: 'Настройки сохранены',
    nav: 'Интеграции',
    redirectUri: 'Адрес перенаправления для приложения',
    name: 'Название подключения',
    portal: 'Адрес портала',
    clientId: 'Код приложения',
    clientSecret: 'Ключ приложения',
    connect: 'Подключить через Битрикс24',
    denied:
      'Битрикс24 не разрешил доступ приложению: в доступе отказано. Разрешите снова, когда будете готовы.',
    pending: 'Ждёт разрешения в Битрикс24',
    authorize: 'Разрешить в Битрикс24',
    done: 'Подключено: Битрикс24 разрешил доступ приложению.',
    connected: 'Подключено',
    log: 'Журнал',
    disconnect: 'Отключить',
  },
} as const;

/** A call that just ended in the project, waiting for the workers' post-call step (as the media server files one). */
async function endCall(projectId: string, from: string) {
  const client = new pg.Client({
    connectionString: withDatabase(TEST_SERVER_URL, e2eDatabaseName(process.env.E2E_PORT ?? '3100')),
  });
  await client.connect();
  try {
    const callId = crypto.randomUUID();
    await client.query(
      `INSERT INTO calls (id, "projectId", "externalId", direction, "fromNumber", "toNumber", status, "startedAt",
         "endedAt", "durationMs", "updatedAt", "analysisStatus")
       VALUES ($1, $2, $3, 'inbound', $4, '+74950000000', 'ended', now() - interval '1 minute', now(), 42000,
         now(), 'pending')`,
      [callId, projectId, `e2e-${callId}`, from],
    );
    return callId;
  } finally {
    await client.end();
  }
}

for (const locale of ['en', 'ru'] as const) {
  test(`an admin connects Bitrix24 by OAuth in the browser and a call that ends reaches the portal (${locale})`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const c = copy[locale];
    const name = `Bitrix24 OAuth ${locale} ${crypto.randomUUID().slice(0, 6)}`;
    const page = await signedInPage(browser, locale, 'admin@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}/);
    const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const nav = page.getByRole('navigation').first();

    // The portal on loopback is allowed through the project's allowed hosts (Tools screen).
    await nav.getByRole('link', { name: c.tools }).click();
    await page.getByLabel(c.allowHosts).fill('127.0.0.1');
    await page.getByRole('button', { name: c.saveSettings }).click();
    await expect(page.getByText(c.saved).first()).toBeVisible();

    await nav.getByRole('link', { name: c.nav }).click();
    await expect(page.getByRole('heading', { name: c.nav, level: 1 })).toBeVisible();
    // What the admin copies into the local application's settings in Bitrix24.
    const redirectUri = await page.getByLabel(c.redirectUri).inputValue();
    expect(redirectUri).toMatch(new RegExp(`/p/${projectId}/integrations/bitrix24/callback$`));
    fake.state.redirectUri = redirectUri;

    await page.getByLabel(c.name, { exact: true }).fill(name);
    await page.getByLabel(c.portal).fill(fake.base);
    await page.getByLabel(c.clientId).fill(fake.clientId);
    await page.getByLabel(c.clientSecret).fill(fake.clientSecret);
    await page.getByRole('button', { name: c.connect }).click();

    // On the portal: deny first; the screen says why nothing connected, in words.
    await expect(page).toHaveURL(new RegExp(`^${fake.base}/oauth/authorize/`));
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('alert').filter({ hasText: c.denied })).toBeVisible();
    const card = page.locator('[data-integration]').filter({ hasText: name });
    await expect(card).toContainText(c.pending);
    await expect(page.locator('body')).not.toContainText(fake.clientSecret);

    // Authorize again from the card, and allow.
    await card.getByRole('button', { name: c.authorize }).click();
    await expect(page).toHaveURL(new RegExp(`^${fake.base}/oauth/authorize/`));
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page.getByRole('status').filter({ hasText: c.done })).toBeVisible();
    await expect(card).toContainText(c.connected);
    await expect(card).not.toContainText(c.pending);

    // A call ends in the project; the workers' post-call step logs it in the portal through this connection.
    const phone = `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const callId = await endCall(projectId, phone);
    await expect
      .poll(() => fake.state.calls.filter((x) => x.key.includes(callId) && x.finished).length, {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(1);
    const logged = fake.state.calls.filter((x) => x.key.includes(callId));
    expect(logged.every((x) => x.phone === phone && x.activityId !== null)).toBe(true);
    const methods = fake.state.requests.filter((r) => r.method.startsWith('telephony.'));
    expect(methods).toEqual(
      expect.arrayContaining([
        { method: 'telephony.externalcall.register', auth: 'oauth' },
        { method: 'telephony.externalcall.finish', auth: 'oauth' },
      ]),
    );

    // The connection's log on the screen shows the call's requests (written by the workers).
    await card.getByRole('button', { name: c.log }).click();
    const log = page.getByRole('region', { name: new RegExp(name) });
    await expect(
      log.getByRole('row').filter({ hasText: 'telephony.externalcall.finish' }).first(),
    ).toContainText('200');
    await expect(
      log.getByRole('row').filter({ hasText: 'telephony.externalcall.register' }).first(),
    ).toBeVisible();

    // Leave the shared demo project as it was: later calls of other specs do not go to a closed portal.
    await card.getByRole('button', { name: c.disconnect }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.disconnect }).click();
    await expect(card).toHaveCount(0);
  });
}
