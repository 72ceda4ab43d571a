import { expect, test } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// The compliance screen's consent ledger and holiday calendar: record a consent, see it listed, revoke it
// (it stays, marked revoked); load the Russian public holidays into the quiet hours and save them.
const copy = {
  en: {
    phone: 'Number',
    source: 'Where it was given',
    add: 'Record consent',
    revoke: 'Revoke',
    revoked: 'revoked',
    load: /Load Russian public holidays/,
    save: 'Save rules',
    saved: 'Rules saved',
  },
  ru: {
    phone: 'Номер',
    source: 'Где получено',
    add: 'Записать согласие',
    revoke: 'Отозвать',
    revoked: 'отозвано',
    load: /Загрузить праздники РФ/,
    save: 'Сохранить правила',
    saved: 'Правила сохранены',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: record and revoke a consent, load the public holidays into the calling rules`, async ({
    browser,
  }) => {
    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: DEMO_PROJECT }).first().click();
    await expect(page).toHaveURL(/\/p\/[0-9a-f-]{36}/);
    const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1];
    await page.goto(`/p/${projectId}/campaigns/compliance`);

    const local = locale === 'ru' ? '8 (916) 555-12-' : '+7 916 555 13 ';
    const suffix = String(Date.now() % 100).padStart(2, '0');
    const e164 = `+7916555${locale === 'ru' ? '12' : '13'}${suffix}`;
    const consents = page.getByTestId('consents');
    await consents.getByLabel(c.phone, { exact: true }).fill(`${local}${suffix}`);
    await consents.getByLabel(c.source, { exact: true }).fill('https://example.test/form');
    await consents.getByRole('button', { name: c.add }).click();
    const row = page.getByTestId(`consent-${e164}`);
    await expect(row).toContainText('https://example.test/form');
    await row.getByRole('button', { name: c.revoke }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.revoke }).click();
    await expect(row).toContainText(c.revoked);
    await expect(row.getByRole('button', { name: c.revoke })).toHaveCount(0);

    await page.getByRole('button', { name: c.load }).click();
    const year = new Date().getFullYear();
    await expect(page.getByTestId('compliance-holidays')).toHaveValue(new RegExp(`${year}-01-01`));
    await page.getByRole('button', { name: c.save }).click();
    await expect(page.getByText(c.saved)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('compliance-holidays')).toHaveValue(new RegExp(`${year + 1}-06-12`));
  });
}
