import { expect, type Browser, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'demo-password';
/** As `prisma/seed.ts` names it (not imported: the seed runs when loaded). */
export const DEMO_PROJECT = 'Демо: стоматологическая клиника';

const labels = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
  ru: { email: 'Email', password: 'Пароль', submit: 'Войти' },
} as const;

/** A fresh browser context in a language, signed in through the login screen. */
export async function signedInPage(browser: Browser, locale: 'en' | 'ru', email: string): Promise<Page> {
  const context = await browser.newContext({ locale: locale === 'ru' ? 'ru-RU' : 'en-US' });
  const page = await context.newPage();
  await page.goto('/login');
  const l = labels[locale];
  await page.getByLabel(l.email).fill(email);
  await page.getByLabel(l.password).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: l.submit }).click();
  // The picker on a first sign-in, or the project opened last. Checking the password hash is deliberately
  // slow, and slower on a loaded machine: wait longer than for an ordinary expectation.
  await expect(page).toHaveURL(/\/(projects|p\/[0-9a-f-]{36})$/, { timeout: 30_000 });
  return page;
}
