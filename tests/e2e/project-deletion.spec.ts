import { expect, test } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// Issue 14, item 21: an owner deletes a project from its settings screen, confirming with its name; the
// project is gone from the picker and its pages answer 404 at once. An admin sees settings but no delete.
const copy = {
  en: {
    projectName: 'Project name',
    create: 'Create project',
    settings: 'Settings',
    danger: 'Danger zone',
    deleteButton: 'Delete this project',
    pickTitle: 'Choose a project',
    notFound: 'Page not found',
    ownersOnly: 'Only an owner can delete the project.',
  },
  ru: {
    projectName: 'Название проекта',
    create: 'Создать проект',
    settings: 'Настройки',
    danger: 'Опасная зона',
    deleteButton: 'Удалить этот проект',
    pickTitle: 'Выберите проект',
    notFound: 'Страница не найдена',
    ownersOnly: 'Удалить проект может только владелец.',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];

  test(`${locale}: an owner deletes a project from its settings, confirming with its name`, async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    const owner = await signedInPage(browser, locale, 'owner@demo.local');
    await owner.goto('/projects');
    const name = `Doomed ${locale} ${Date.now()}`;
    await owner.getByLabel(c.projectName).fill(name);
    await owner.getByRole('button', { name: c.create }).click();
    await expect(owner).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
    const projectUrl = owner.url();

    await owner
      .getByRole('navigation', { name: /Main navigation|Основная навигация/ })
      .first()
      .getByRole('link', { name: c.settings })
      .click();
    await expect(owner.getByRole('heading', { name: c.danger })).toBeVisible();
    const submit = owner.getByTestId('delete-project-submit');
    await expect(submit).toHaveText(c.deleteButton);
    await expect(submit).toBeDisabled();
    // A near miss is not enough.
    await owner.getByTestId('delete-confirm').fill(name.slice(0, -1));
    await expect(submit).toBeDisabled();
    await owner.getByTestId('delete-confirm').fill(name);
    await expect(submit).toBeEnabled();
    await submit.click();

    await expect(owner).toHaveURL(/\/projects$/);
    await expect(owner.getByRole('heading', { name: c.pickTitle })).toBeVisible();
    await expect(owner.getByRole('link', { name: new RegExp(name) })).toHaveCount(0);
    const gone = await owner.goto(projectUrl);
    expect(gone?.status()).toBe(404);
    await expect(owner.getByRole('heading', { name: c.notFound })).toBeVisible();
    const api = await owner.request.get(projectUrl.replace('/p/', '/api/v1/projects/'));
    expect(api.status()).toBe(404);
  });
}

test('an admin sees the project settings but not the delete action', async ({ browser }) => {
  const admin = await signedInPage(browser, 'en', 'admin@demo.local');
  await admin.goto('/projects');
  await admin.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(admin).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  await admin.goto(`${admin.url()}/settings`);
  await expect(admin.getByText(copy.en.ownersOnly)).toBeVisible();
  await expect(admin.getByTestId('delete-project-submit')).toHaveCount(0);
});
