import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { DEMO_PASSWORD, signedInPage } from './support/ui';

// Issue 18 item 1: home said "Your workspace is empty" in a project with a live agent and a number, and
// three of its four steps had no button. Now it shows what is done, a link per step, the figures of today
// and the week, and a home per role; settings rename the project and set its time zone and language;
// agents are renamed, duplicated, exported, imported and deleted from the UI.
const copy = {
  en: {
    progress: /of 4 done/,
    figures: 'Handled by the bot',
    operator: 'Calls transferred to people',
    name: 'Name',
    timeZone: 'Time zone',
    language: 'Default language',
    save: 'Save',
    saved: 'Settings saved',
    rename: 'Rename',
    duplicate: 'Duplicate',
    copy: '(copy)',
    export: 'Export',
    del: 'Delete',
    deleteTitle: (n: string) => `Delete the agent “${n}”?`,
    import: 'Import agent',
  },
  ru: {
    progress: /Сделано \d из 4/,
    figures: 'Закрыл бот',
    operator: 'Звонки, переведённые на сотрудников',
    name: 'Название',
    timeZone: 'Часовой пояс',
    language: 'Язык по умолчанию',
    save: 'Сохранить',
    saved: 'Настройки сохранены',
    rename: 'Переименовать',
    duplicate: 'Дублировать',
    copy: '(копия)',
    export: 'Экспорт',
    del: 'Удалить',
    deleteTitle: (n: string) => `Удалить агента «${n}»?`,
    import: 'Импортировать агента',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];

  test(`${locale}: home shows done steps with links and the figures; an operator gets a home of their own`, async ({
    browser,
    request,
  }) => {
    const { projectId } = await demoReceptionist(request, await builderBearer(request));
    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}`);
    await expect(page.getByTestId('steps-done')).toHaveText(c.progress);
    // The demo has an agent and a number: those steps are done, and every step links somewhere.
    await expect(page.getByTestId('step-agent')).toHaveAttribute('data-done', 'true');
    await expect(page.getByTestId('step-number')).toHaveAttribute('data-done', 'true');
    for (const step of ['agent', 'number', 'test', 'call'])
      await expect(page.getByTestId(`step-${step}`).getByRole('link')).toHaveCount(1);
    await expect(page.getByTestId('home-figures')).toContainText(c.figures);
    await expect(page.getByTestId('figures-today').locator('[data-figure="calls"]')).toHaveText(/^\d+$/);

    const operator = await signedInPage(browser, locale, 'operator@demo.local');
    await operator.goto(`/p/${projectId}`);
    await expect(operator.getByTestId('home-operator')).toContainText(c.operator);
    await expect(operator.getByTestId('step-agent')).toHaveCount(0);
  });

  test(`${locale}: settings rename the project and set its time zone and default language`, async ({
    browser,
    request,
  }) => {
    const login = await request.post('/api/v1/auth/login', {
      data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const created = await request.post('/api/v1/projects', {
      headers: auth,
      data: { name: `Settings ${locale} ${Date.now()}` },
    });
    const projectId = ((await created.json()) as { id: string }).id;
    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto(`/p/${projectId}/settings`);
    const renamed = `Renamed ${locale} ${Date.now()}`;
    await page.getByLabel(c.name, { exact: true }).fill(renamed);
    await page.getByLabel(c.timeZone).selectOption('Asia/Novosibirsk');
    await page.getByLabel(c.language).selectOption('en');
    await page.getByRole('button', { name: c.save }).click();
    await expect(page.getByText(c.saved, { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel(c.name, { exact: true })).toHaveValue(renamed);
    await expect(page.getByLabel(c.timeZone)).toHaveValue('Asia/Novosibirsk');
    await expect(page.getByLabel(c.language)).toHaveValue('en');
  });

  test(`${locale}: an agent is renamed, duplicated, exported, imported and deleted from the UI`, async ({
    browser,
    request,
  }) => {
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const original = `Desk ${locale} ${Date.now()}`;
    await request.post(`/api/v1/projects/${projectId}/agents`, {
      headers: auth,
      data: { name: original, language: locale, template: 'appointment-booking' },
    });
    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/agents`);
    const renamed = `${original} R`;
    await page.getByTestId(`agent-actions-${original}`).getByRole('button', { name: c.rename }).click();
    await page.getByRole('dialog').getByLabel(c.name).fill(renamed);
    await page.getByRole('dialog').getByRole('button', { name: c.save }).click();
    const actions = page.getByTestId(`agent-actions-${renamed}`);
    await expect(actions).toBeVisible();

    await actions.getByRole('button', { name: c.duplicate }).click();
    await expect(page.getByTestId(`agent-actions-${renamed} ${c.copy}`)).toBeVisible();

    const download = page.waitForEvent('download');
    await actions.getByRole('link', { name: c.export }).click();
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as {
      name: string;
      graph: { nodes: unknown[] };
    };
    expect(exported.name).toBe(renamed);
    expect(exported.graph.nodes.length).toBeGreaterThan(3);

    // Import the file back under another name: the studio opens on the new agent.
    const imported = `${original} imported`;
    await page.getByTestId('import-agent-file').setInputFiles({
      name: 'agent.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ ...exported, name: imported })),
    });
    await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: imported })).toBeVisible();

    await page.goto(`/p/${projectId}/agents`);
    await page.getByTestId(`agent-actions-${renamed}`).getByRole('button', { name: c.del }).click();
    await expect(page.getByRole('dialog')).toContainText(c.deleteTitle(renamed));
    await page.getByRole('dialog').getByRole('button', { name: c.del }).click();
    await expect(page.getByTestId(`agent-actions-${renamed}`)).toHaveCount(0);
  });
}
