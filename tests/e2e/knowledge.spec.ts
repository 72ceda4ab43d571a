import { expect, test } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';

const copy = {
  en: {
    nav: 'Knowledge',
    create: 'New knowledge base',
    name: 'Name',
    submit: 'Create',
    addQa: 'Add question and answer',
    question: 'Question',
    answer: 'Answer',
    add: 'Add',
    ready: 'Ready',
    searchBox: 'Test search',
    search: 'Search',
    q: 'Do you have parking for patients?',
    a: 'Free parking for patients is in the courtyard, entrance from Lenin street.',
    ask: 'where can I park my car',
    relevance: /relevance \d+%/,
    addUrl: 'Add web page',
    url: 'Address',
    depth: 'Follow links (levels)',
    refused: 'only public web pages can be added',
  },
  ru: {
    nav: 'База знаний',
    create: 'Новая база знаний',
    name: 'Название',
    submit: 'Создать',
    addQa: 'Добавить вопрос и ответ',
    question: 'Вопрос',
    answer: 'Ответ',
    add: 'Добавить',
    ready: 'Готов',
    searchBox: 'Проверить поиск',
    search: 'Найти',
    q: 'Есть ли парковка для пациентов?',
    a: 'Бесплатная парковка для пациентов во дворе, въезд с улицы Ленина.',
    ask: 'где можно парковаться',
    relevance: /релевантность \d+%/,
    addUrl: 'Добавить страницу',
    url: 'Адрес',
    depth: 'Переходить по ссылкам (уровней)',
    refused: 'добавить можно только общедоступные страницы',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: create a knowledge base, add a Q&A entry, find it with the test search`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await page.getByRole('navigation').first().getByRole('link', { name: c.nav }).click();
    await page.getByRole('button', { name: c.create }).click();
    await page.getByRole('dialog').getByLabel(c.name).fill(`FAQ ${locale} ${Date.now()}`);
    await page.getByRole('dialog').getByRole('button', { name: c.submit }).click();
    await expect(page).toHaveURL(/\/knowledge\/[0-9a-f-]{36}$/);

    await page.getByRole('button', { name: c.addQa }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.question).fill(c.q);
    await dialog.getByLabel(c.answer).fill(c.a);
    await dialog.getByRole('button', { name: c.add }).click();
    await expect(page.getByTestId(`source-${c.q}`).getByTestId('source-status')).toHaveText(c.ready);

    await page.getByRole('textbox', { name: c.searchBox }).fill(c.ask);
    await page.getByRole('button', { name: c.search }).click();
    const hit = page.getByTestId('search-hit').first();
    await expect(hit).toContainText(c.a.slice(0, 20));
    await expect(hit.locator('mark').first()).toBeVisible();
    await expect(hit).toContainText(c.relevance);

    // A crawl of a loopback address is refused in the dialog, in the page's language, and nothing is added.
    await page.getByRole('button', { name: c.addUrl }).click();
    const urlDialog = page.getByRole('dialog');
    await urlDialog.getByLabel(c.url).fill('http://127.0.0.1:8080/wiki');
    await urlDialog.getByLabel(c.depth).fill('2');
    await urlDialog.getByRole('button', { name: c.add }).click();
    await expect(urlDialog.getByRole('alert')).toContainText(c.refused);
    await expect(page.getByTestId('source-http://127.0.0.1:8080/wiki')).toHaveCount(0);
    await page.context().close();
  });
}
