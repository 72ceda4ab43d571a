// amoCRM by OAuth end to end, in English and Russian: the admin enters the account (the local amoCRM-speaking
// server, allowed through the Tools screen) and its integration on the Integrations screen, allows it on
// amoCRM's consent screen and comes back connected. A call then ends in the project: the workers' post-call
// step logs it in amoCRM (`POST /api/v4/calls`) on a contact created for the number, seen in the account and
// in the connection's log on the screen.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startFakeAmoCrm, type FakeAmoCrm } from '#server/integrations/amocrm/testing/fake-amocrm.ts';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { DEMO_PROJECT, signedInPage } from './support/ui';

let amo: FakeAmoCrm;
test.beforeAll(async () => {
  amo = await startFakeAmoCrm();
});
test.afterAll(async () => {
  await amo.close();
});

const copy = {
  en: {
    tools: 'Tools',
    allowHosts: 'Allowed private hosts',
    saveSettings: 'Save settings',
    saved: 'Settings saved',
    nav: 'Integrations',
    redirectUri: 'Redirect address for the amoCRM integration',
    name: 'amoCRM connection name',
    account: 'Account address',
    clientId: 'Integration ID',
    clientSecret: 'Secret key',
    connect: 'Connect with amoCRM',
    done: 'Connected: amoCRM allowed the integration.',
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
    redirectUri: 'Адрес перенаправления для интеграции amoCRM',
    name: 'Название подключения amoCRM',
    account: 'Адрес аккаунта',
    clientId: 'Идентификатор интеграции',
    clientSecret: 'Секретный ключ',
    connect: 'Подключить через amoCRM',
    done: 'Подключено: amoCRM разрешила доступ интеграции.',
    connected: 'Подключено',
    log: 'Журнал',
    disconnect: 'Отключить',
  },
} as const;

/** A call that just ended in the project, waiting for the workers' post-call step. */
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
  test(`an admin connects amoCRM by OAuth and a call that ends is logged there (${locale})`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const c = copy[locale];
    const name = `amoCRM ${locale} ${crypto.randomUUID().slice(0, 6)}`;
    const page = await signedInPage(browser, locale, 'admin@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}/);
    const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const nav = page.getByRole('navigation').first();

    await nav.getByRole('link', { name: c.tools }).click();
    await page.getByLabel(c.allowHosts).fill('127.0.0.1');
    await page.getByRole('button', { name: c.saveSettings }).click();
    await expect(page.getByText(c.saved).first()).toBeVisible();

    await nav.getByRole('link', { name: c.nav }).click();
    // What the admin copies into the integration's settings in amoCRM.
    const redirectUri = await page.getByLabel(c.redirectUri).inputValue();
    expect(redirectUri).toMatch(new RegExp(`/p/${projectId}/integrations/amocrm/callback$`));
    amo.state.redirectUri = redirectUri;
    await page.getByLabel(c.name, { exact: true }).fill(name);
    await page.getByLabel(c.account).fill(amo.base);
    await page.getByLabel(c.clientId).fill(amo.clientId);
    await page.getByLabel(c.clientSecret).fill(amo.clientSecret);
    await page.getByRole('button', { name: c.connect }).click();

    await expect(page).toHaveURL(new RegExp(`^${amo.base}/oauth`));
    await page.getByRole('button', { name: 'Allow' }).click();
    await expect(page.getByRole('status').filter({ hasText: c.done })).toBeVisible();
    const card = page.locator('[data-integration]').filter({ hasText: name });
    await expect(card).toContainText(c.connected);
    await expect(page.locator('body')).not.toContainText(amo.clientSecret);

    const phone = `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const callId = await endCall(projectId, phone);
    await expect
      .poll(() => amo.state.calls.filter((x) => x.uniq === callId).length, { timeout: 60_000 })
      .toBe(1);
    expect(amo.state.calls.find((x) => x.uniq === callId)).toMatchObject({ phone, duration: 42 });

    await card.getByRole('button', { name: c.log }).click();
    const log = page.getByRole('region', { name: new RegExp(name) });
    await expect(log.getByRole('row').filter({ hasText: 'POST /api/v4/calls' }).first()).toContainText('200');

    // Leave the shared demo project as it was.
    await card.getByRole('button', { name: c.disconnect }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.disconnect }).click();
    await expect(card).toHaveCount(0);
  });
}
