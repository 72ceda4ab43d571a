import { expect, test } from '@playwright/test';
import { DEMO_PROJECT } from './support/ui';

const password = 'demo-password';

test.describe('sign-in screen', () => {
  test('in English: field errors, wrong password, sign in, sign out', async ({ browser }) => {
    // Eleven steps and three page loads: a loaded machine needs more than the default 30 s.
    test.setTimeout(90_000);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/app');
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fapp/);
    await expect(page.getByRole('heading', { name: 'Sign in to your workspace' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();

    await page.getByLabel('Email').fill('admin@demo.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('The email or password is incorrect.')).toBeVisible();

    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back to where sign-in was asked for: /app, which opens the last project or the picker.
    await expect(page).toHaveURL(/\/(projects|p\/[0-9a-f-]{36})$/, { timeout: 30_000 }); // argon2 waits its turn on a busy machine
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'vp_at')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // A click before the page hydrates opens nothing: open the menu until its item shows.
    const signOut = page.getByRole('menuitem', { name: 'Sign out', exact: true });
    await expect(async () => {
      await page.getByRole('button', { name: 'Account menu' }).first().click();
      await expect(signOut).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await signOut.click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/app');
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });

  test('in Russian, detected from the browser, and the switch remembers English', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Вход в рабочее пространство' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');

    await page.getByLabel('Email').fill('builder@demo.local');
    await page.getByLabel('Пароль').fill('wrong');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByText('Неверный email или пароль.')).toBeVisible();

    await page.getByLabel('Пароль').fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page).toHaveURL(/\/(projects|p\/[0-9a-f-]{36})$/, { timeout: 30_000 }); // argon2 waits its turn on a busy machine
    await page.goto('/projects');
    await expect(page.getByRole('heading', { name: 'Выберите проект' })).toBeVisible();
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await expect(page.getByRole('heading', { name: /Добро пожаловать/ })).toBeVisible();

    await page
      .getByRole('button', { name: /English/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await context.close();
  });

  test('says how long to wait when sign-in is throttled', async ({ browser }) => {
    // Six sign-ins, each hashing a password while the other browser worker signs in too: on a loaded
    // machine that takes longer than the default allowance.
    test.setTimeout(90_000);
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/login');
    const email = `throttled-${Date.now()}@demo.local`;
    for (let i = 0; i < 6; i++) {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Пароль').fill('wrong');
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.waitForLoadState('networkidle');
    }
    await expect(page.getByText(/Слишком много попыток входа\. Повторите через \d+ минут/)).toBeVisible();
    await context.close();
  });
});
