import { expect, test } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';
import { startLocalSmtpServer } from '../support/local-smtp-server';

// The Messages screen end to end in Russian: an owner adds a Telegram bot channel (its token goes to the
// server and is not shown again), writes a Russian template and sees the SMS segment counter change as they
// type (Cyrillic is UCS-2: 70 characters fit one segment, 71 make two), saves it, sends a test message that
// the workers deliver to the local Telegram-shaped server, and finds it as sent in the log.

test('an owner writes a Russian template, watches its segments, and sends a test message (ru)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const page = await signedInPage(browser, 'ru', 'owner@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Сообщения' }).click();
  await expect(page.getByRole('heading', { name: 'Сообщения', level: 1 })).toBeVisible();

  const name = `Бот ${Date.now()}`;
  await page.getByLabel('Название', { exact: true }).fill(name);
  await page.getByLabel('Провайдер').selectOption('telegram');
  await page.getByLabel('API-ключ или токен бота').fill('123456:e2e-token');
  await page.getByRole('button', { name: 'Добавить канал' }).click();
  const row = page.getByTestId('channel-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(page.getByText('123456:e2e-token')).toHaveCount(0);

  // The template goes out through the new channel: chosen first, because an e-mail channel (the SMTP test may
  // have added one) shows a subject instead of the SMS counter.
  await page.getByLabel('Отправлять через').selectOption({ label: name });
  const count = page.getByTestId('segment-count');
  const body = page.getByLabel('Текст');
  await body.fill('Здравствуйте! Вы записаны на приём.');
  await expect(count).toHaveText('1 сегмент');
  await expect(page.getByTestId('segment-counter')).toContainText('UCS-2');
  await body.fill('Я'.repeat(70));
  await expect(count).toHaveText('1 сегмент');
  await body.pressSequentially('Я');
  await expect(count).toHaveText('2 сегмента');
  await body.fill('Ждём вас в {{time}}, {{contact.name}}!');
  await expect(page.getByTestId('template-preview')).toContainText('Ждём вас в [time], [contact.name]!');
  await page.getByLabel('Название шаблона').fill(`Напоминание ${Date.now()}`);
  await page.getByRole('button', { name: 'Сохранить шаблон' }).click();
  await expect(page.getByText('Шаблон сохранён.')).toBeVisible();
  await expect(page.getByTestId('template-list')).toContainText('Ждём вас в {{time}}');

  await row.getByLabel('Получатель теста').fill('4242');
  await row.getByRole('button', { name: 'Отправить тест' }).click();
  await expect(page.getByText('Тестовое сообщение в очереди')).toBeVisible();
  // The workers send it through the local Telegram-shaped server; the log shows it as sent.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('message-row').filter({ hasText: '4242' }).first()).toHaveAttribute(
      'data-status',
      'sent',
      { timeout: 1_000 },
    );
  }).toPass({ timeout: 30_000 });
  // Chosen again if the page was still hydrating after the reload above and reset the list.
  await expect(async () => {
    await page.getByLabel('Статус').selectOption('sent');
    await page.getByRole('button', { name: 'Показать' }).click();
    await expect(page).toHaveURL(/status=sent/, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('message-row').first()).toHaveAttribute('data-status', 'sent');
});

// E-mail: an owner adds an SMTP server (a real one the spec starts on loopback) with its login in Russian,
// sends a test, and the server receives the letter while the log shows it as sent.
test('an owner adds an SMTP server and a test letter arrives (ru)', async ({ browser }) => {
  const smtp = await startLocalSmtpServer();
  try {
    const page = await signedInPage(browser, 'ru', 'owner@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await page.getByRole('navigation').first().getByRole('link', { name: 'Сообщения' }).click();
    const name = `Почта ${Date.now()}`;
    await page.getByLabel('Название', { exact: true }).fill(name);
    await page.getByLabel('Провайдер').selectOption('smtp');
    await page.getByLabel('Сервер').fill(smtp.host);
    await page.getByLabel('Порт').fill(String(smtp.port));
    await page.getByLabel('Шифрование').selectOption('none');
    await page.getByLabel('Логин').fill('mailer');
    await page.getByLabel('Пароль').fill('mail-secret');
    await page.getByLabel('Адрес отправителя').fill('Клиника <desk@clinic.test>');
    await page.getByRole('button', { name: 'Добавить канал' }).click();
    const row = page.getByTestId('channel-row').filter({ hasText: name });
    await expect(row).toContainText('Электронная почта (SMTP)');
    await row.getByLabel('Получатель теста').fill('anna@example.test');
    await row.getByRole('button', { name: 'Отправить тест' }).click();
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes('anna@example.test')).length).toBe(1);
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByTestId('message-row').filter({ hasText: 'anna@example.test' }).first(),
      ).toHaveAttribute('data-status', 'sent', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  } finally {
    await smtp.close();
  }
});
