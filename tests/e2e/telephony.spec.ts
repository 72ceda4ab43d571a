import { expect, test } from '@playwright/test';
import {
  startFakeCarrier,
  type FakeCarrier,
} from '../../media-server/src/telephony/test-support/fake-carrier.ts';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// The carrier is a digest registrar on loopback (the e2e server allow-lists 127.0.0.1 for the check); the
// e2e media server registers to it, and places the test call through it.
const copy = {
  en: {
    nav: 'Numbers',
    emptyConnections: 'No carrier connected yet',
    add: 'Add connection',
    name: 'Name',
    provider: 'Provider',
    generic: 'Other SIP carrier',
    host: 'SIP server (host)',
    port: 'Port',
    username: 'Username (SIP login)',
    password: 'Password',
    create: 'Add connection',
    registered: 'Registered',
    check: 'Check',
    ok: 'Everything works',
    credentials: 'The credentials are accepted.',
    wrong: 'Wrong username or password',
    edit: 'Edit',
    save: 'Save',
    addNumber: 'Add number',
    address: 'Phone number or SIP address',
    createNumber: 'Add number',
    invalidNumber: 'Not a valid phone number',
    agent: 'Demo receptionist',
    published: /published \(v1\)/,
    testCall: 'Test call',
    to: 'Number to call',
    call: 'Call',
    answered: 'Answered: the agent is talking',
    ended: 'Ended',
  },
  ru: {
    nav: 'Номера',
    emptyConnections: 'Оператор ещё не подключён',
    add: 'Добавить подключение',
    name: 'Название',
    provider: 'Оператор',
    generic: 'Other SIP carrier',
    host: 'SIP-сервер (адрес)',
    port: 'Порт',
    username: 'Логин (SIP-логин)',
    password: 'Пароль',
    create: 'Добавить подключение',
    registered: 'Зарегистрировано',
    check: 'Проверить',
    ok: 'Всё работает',
    credentials: 'Логин и пароль приняты.',
    wrong: 'Неверный логин или пароль',
    edit: 'Изменить',
    save: 'Сохранить',
    addNumber: 'Добавить номер',
    address: 'Номер телефона или SIP-адрес',
    createNumber: 'Добавить номер',
    invalidNumber: 'Это не номер телефона',
    agent: 'Demo receptionist',
    published: /опубликованная \(v1\)/,
    testCall: 'Тестовый звонок',
    to: 'Куда звонить',
    call: 'Позвонить',
    answered: 'Ответили: агент говорит',
    ended: 'Завершён',
  },
} as const;

/** The number each language adds, as typed and as stored; a retry adds another (the first try's stays). */
function numberFor(locale: 'en' | 'ru', retry: number): { typed: string; stored: string } {
  const last = String((locale === 'en' ? 1 : 2) + 10 * retry).padStart(2, '0');
  return {
    typed: locale === 'en' ? `+7 495 100-00-${last}` : `8 (495) 100-00-${last}`,
    stored: `+749510000${last}`,
  };
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: add a connection, check it, add a number with an agent, place a test call`, async ({
    browser,
  }) => {
    // A connection, its check, a number and a real test call: long on a busy machine.
    test.setTimeout(150_000);
    const number = numberFor(locale, test.info().retry);
    const user = `trunk-${locale}`;
    const carrier: FakeCarrier = await startFakeCarrier({
      users: { [user]: 'e2e-secret' },
      challengeInvites: true,
      holdMs: 1500,
    });
    try {
      const page = await signedInPage(browser, locale, 'owner@demo.local');
      await page.goto('/projects');
      await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
      await page.getByRole('navigation').first().getByRole('link', { name: c.nav }).click();

      // A connection, with the generic preset pointed at the loopback carrier.
      const name = `Loopback ${locale} ${Date.now()}`;
      await page.getByRole('button', { name: c.add }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(c.name, { exact: true }).fill(name);
      await dialog.getByLabel(c.provider, { exact: true }).click();
      await page.getByRole('option', { name: c.generic }).click();
      await dialog.getByLabel(c.host, { exact: true }).fill('127.0.0.1');
      await dialog.getByLabel(c.port, { exact: true }).fill(String(carrier.port));
      await dialog.getByLabel(c.username, { exact: true }).fill(user);
      await dialog.getByLabel(c.password, { exact: true }).fill('e2e-secret');
      await dialog.getByRole('button', { name: c.create }).click();
      await expect(dialog).toBeHidden();
      const card = page.getByTestId(`connection-${name}`);
      await expect(card).toBeVisible();
      await expect(page.getByText('e2e-secret')).toHaveCount(0);
      // The running media server registers at once; the screen shows it live.
      await expect(card.getByTestId(`status-${name}`)).toHaveText(c.registered, { timeout: 15_000 });

      await card.getByRole('button', { name: c.check }).click();
      const result = card.getByTestId('check-result');
      await expect(result).toContainText(c.ok);
      await expect(result.getByTestId('check-step-register')).toContainText(c.credentials);
      await expect(result.getByTestId('check-step-options')).toContainText('SIP 200');

      // A wrong password: the check says so in words.
      await card.getByRole('button', { name: c.edit }).click();
      const edit = page.getByRole('dialog');
      await edit.getByLabel(c.password, { exact: true }).fill('not-the-password');
      await edit.getByRole('button', { name: c.save }).click();
      await expect(edit).toBeHidden();
      await card.getByRole('button', { name: c.check }).click();
      await expect(card.getByTestId('check-step-register')).toContainText(c.wrong);
      await card.getByRole('button', { name: c.edit }).click();
      await page.getByRole('dialog').getByLabel(c.password, { exact: true }).fill('e2e-secret');
      await page.getByRole('dialog').getByRole('button', { name: c.save }).click();
      await expect(card.getByTestId(`status-${name}`)).toHaveText(c.registered, { timeout: 15_000 });

      // A number: refused when invalid, listed with its agent when valid.
      await page.getByRole('button', { name: c.addNumber }).first().click();
      const numberDialog = page.getByRole('dialog');
      await numberDialog.getByLabel(c.address, { exact: true }).fill('+7 123');
      await numberDialog.getByRole('button', { name: c.createNumber }).click();
      await expect(numberDialog).toContainText(c.invalidNumber);
      await numberDialog.getByLabel(c.address, { exact: true }).fill(number.typed);
      await numberDialog.getByLabel(locale === 'ru' ? 'Подключение' : 'Connection', { exact: true }).click();
      await page.getByRole('option', { name }).click();
      await numberDialog.getByLabel(locale === 'ru' ? 'Агент' : 'Agent', { exact: true }).click();
      await page.getByRole('option', { name: c.agent }).click();
      await numberDialog.getByRole('button', { name: c.createNumber }).click();
      await expect(numberDialog).toBeHidden();
      const row = page.getByTestId(`number-${number.stored}`);
      await expect(row).toContainText(name);
      await expect(row).toContainText(c.agent);
      await expect(row).toContainText(c.published);

      // A test call through the connection: the carrier challenges, answers, and hangs up.
      await page.getByRole('button', { name: c.testCall }).click();
      const callDialog = page.getByRole('dialog');
      await callDialog.getByLabel(locale === 'ru' ? 'Подключение' : 'Connection', { exact: true }).click();
      await page.getByRole('option', { name }).click();
      await callDialog.getByLabel(locale === 'ru' ? 'Агент' : 'Agent', { exact: true }).click();
      await page.getByRole('option', { name: c.agent }).click();
      await callDialog.getByLabel(c.to, { exact: true }).fill('+74957654321');
      await callDialog.getByRole('button', { name: c.call }).click();
      const progress = callDialog.getByTestId('test-call-progress');
      await expect(progress).toHaveAttribute('data-status', 'ended', { timeout: 30_000 });
      await expect(progress.getByRole('status')).toContainText(c.ended);
      await expect(progress.getByRole('status')).toContainText('SIP 200');
      expect(carrier.invites.some((i) => i.authorized)).toBe(true);
      expect(carrier.rtpPackets()).toBeGreaterThan(0);
      await page.context().close();
    } finally {
      await carrier.close();
    }
  });
}

test('en: a builder sees numbers and connections but is offered no changes', async ({ browser }) => {
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Numbers' }).click();
  await expect(page.getByText('only owners and admins change telephony')).toBeVisible();
  for (const name of ['Add connection', 'Add number', 'Test call', 'Check', 'Edit', 'Remove'])
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await page.context().close();
});
