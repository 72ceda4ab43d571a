import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// Issue 18 item 5: removing a number asked nothing (a tester lost the demo number that way). Now every
// delete asks and names what goes; a removed number can be brought back from the toast.
const copy = {
  en: {
    nav: 'Numbers',
    remove: 'Remove',
    cancel: 'Cancel',
    title: (a: string) => `Remove the number ${a}?`,
    agent: 'Demo receptionist',
    removed: (a: string) => `Number ${a} removed`,
    undo: 'Undo',
    restored: (a: string) => `Number ${a} is back`,
  },
  ru: {
    nav: 'Номера',
    remove: 'Удалить',
    cancel: 'Отмена',
    title: (a: string) => `Удалить номер ${a}?`,
    agent: 'Demo receptionist',
    removed: (a: string) => `Номер ${a} удалён`,
    undo: 'Отменить',
    restored: (a: string) => `Номер ${a} восстановлен`,
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: removing a number asks first, names it, and can be undone`, async ({
    browser,
    request,
  }) => {
    const login = await request.post('/api/v1/auth/login', {
      data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const projects = (await (await request.get('/api/v1/projects', { headers: auth })).json()) as {
      projects: { id: string; name: string }[];
    };
    const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
    const agents = (await (
      await request.get(`/api/v1/projects/${projectId}/agents`, { headers: auth })
    ).json()) as {
      agents: { id: string; name: string }[];
    };
    const agentId = agents.agents.find((a) => a.name === c.agent)!.id;
    const address = `confirm-${locale}-${Date.now()}`;
    const created = await request.post(`/api/v1/projects/${projectId}/phone-numbers`, {
      headers: auth,
      data: { address, agentId, label: 'Front desk' },
    });
    expect(created.status()).toBe(201);

    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto(`/p/${projectId}/numbers`);
    const row = page.getByTestId(`number-${address}`);
    await row.getByRole('button', { name: c.remove }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(c.title(address));
    await expect(dialog).toContainText(c.agent);
    await dialog.getByRole('button', { name: c.cancel }).click();
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: c.remove }).click();
    await page.getByRole('dialog').getByRole('button', { name: c.remove }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText(c.removed(address), { exact: true })).toBeVisible();
    await page.getByRole('button', { name: c.undo }).click();
    await expect(page.getByText(c.restored(address), { exact: true })).toBeVisible();
    await expect(row).toBeVisible();
    await expect(row).toContainText(c.agent);
    await expect(row).toContainText('Front desk');
  });
}
