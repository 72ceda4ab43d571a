import { expect, test, type Page } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';

const copy = {
  en: {
    pickTitle: 'Choose a project',
    projectName: 'Project name',
    create: 'Create project',
    welcome: /Welcome/,
    members: 'Members',
    apiKeys: 'API keys',
    audit: 'Audit log',
    invite: 'Invite member',
    role: 'Role',
    createLink: 'Create link',
    join: /Join /,
    name: 'Your name',
    email: 'Email',
    password: 'Password',
    register: 'Create account and join',
    denied: 'Access denied',
    owner: 'Owner',
  },
  ru: {
    pickTitle: 'Выберите проект',
    projectName: 'Название проекта',
    create: 'Создать проект',
    welcome: /Добро пожаловать/,
    members: 'Участники',
    apiKeys: 'API-ключи',
    audit: 'Журнал аудита',
    invite: 'Пригласить',
    role: 'Роль',
    createLink: 'Создать ссылку',
    join: /Вступить в/,
    name: 'Ваше имя',
    email: 'Эл. почта',
    password: 'Пароль',
    register: 'Создать и вступить',
    denied: 'Доступ запрещён',
    owner: 'Владелец',
  },
} as const;

const roleLabel = {
  en: { operator: 'Operator', builder: 'Builder' },
  ru: { operator: 'Оператор', builder: 'Конструктор' },
} as const;

async function nav(page: Page) {
  return page.getByRole('navigation', { name: /Main navigation|Основная навигация/ }).first();
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  const invitedRole = locale === 'en' ? 'operator' : 'builder';

  test(`${locale}: pick a project, create one, invite a member who joins in another browser, UI limited by role`, async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const owner = await signedInPage(browser, locale, 'owner@demo.local');
    await owner.goto('/projects');
    await expect(owner.getByRole('heading', { name: c.pickTitle })).toBeVisible();
    await expect(owner.getByRole('link', { name: new RegExp(DEMO_PROJECT) })).toContainText(c.owner);

    // Pick the demo project, then create a new one from the picker.
    await owner.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await expect(owner.getByRole('heading', { name: c.welcome })).toBeVisible();
    await expect(owner.getByTestId('current-project')).toHaveText(DEMO_PROJECT);
    await owner.goto('/projects');
    const projectName = `Acme ${locale} ${Date.now()}`;
    await owner.getByLabel(c.projectName).fill(projectName);
    await owner.getByRole('button', { name: c.create }).click();
    await expect(owner).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
    await expect(owner.getByTestId('current-project')).toHaveText(projectName);
    const projectUrl = owner.url();

    // Invite by link.
    await (await nav(owner)).getByRole('link', { name: c.members }).click();
    await owner.getByRole('button', { name: c.invite }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel(c.role).click();
    await owner.getByRole('option', { name: new RegExp(roleLabel[locale][invitedRole]) }).click();
    await dialog.getByRole('button', { name: c.createLink }).click();
    const link = await dialog.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);

    // A colleague opens it in a browser of their own and creates an account.
    const context = await browser.newContext({ locale: locale === 'ru' ? 'ru-RU' : 'en-US' });
    const colleague = await context.newPage();
    await colleague.goto(link);
    await expect(colleague.getByRole('heading', { name: c.join })).toContainText(projectName);
    const email = `colleague-${locale}-${Date.now()}@test.local`;
    await colleague.getByLabel(c.name).fill(`Colleague ${locale}`);
    await colleague.getByLabel(c.email).fill(email);
    await colleague.getByLabel(c.password).fill('a-long-password');
    await colleague.getByRole('button', { name: c.register }).click();
    await expect(colleague).toHaveURL(projectUrl);
    await expect(colleague.getByTestId('current-project')).toHaveText(projectName);

    // What the role cannot do is not offered, and is refused when asked for directly.
    const colleagueNav = await nav(colleague);
    await expect(colleagueNav.getByRole('link', { name: c.members })).toHaveCount(0);
    await expect(colleagueNav.getByRole('link', { name: c.apiKeys })).toHaveCount(0);
    await expect(colleagueNav.getByRole('link', { name: c.audit })).toHaveCount(0);
    await colleague.goto(`${projectUrl}/members`);
    await expect(colleague.getByRole('heading', { name: c.denied })).toBeVisible();
    const refused = await colleague.request.post(
      `${projectUrl.replace(/\/p\//, '/api/v1/projects/')}/members`,
      {
        data: { role: 'admin' },
        headers: { origin: new URL(projectUrl).origin },
      },
    );
    expect(refused.status()).toBe(403);

    // The owner sees the new member with the invited role, and the audit log tells the story.
    await owner.reload();
    await expect(owner.getByTestId(`member-${email}`).getByRole('combobox')).toHaveText(
      roleLabel[locale][invitedRole],
    );
    await (await nav(owner)).getByRole('link', { name: c.audit }).click();
    await expect(owner.getByText('member.join')).toBeVisible();
    await expect(owner.getByText('member.invite', { exact: true })).toBeVisible();
    await context.close();
    await owner.context().close();
  });
}

test('en: an API key is shown once, works as a Bearer token, and dies when revoked', async ({ browser }) => {
  test.setTimeout(60_000);
  const admin = await signedInPage(browser, 'en', 'admin@demo.local');
  await admin.goto('/projects');
  await admin.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await expect(admin).toHaveURL(/\/p\/[0-9a-f-]{36}$/);
  const projectId = /\/p\/([0-9a-f-]{36})/.exec(admin.url())![1]!;
  await (await nav(admin)).getByRole('link', { name: 'API keys' }).click();
  await admin.getByRole('button', { name: 'Create key' }).click();
  const dialog = admin.getByRole('dialog');
  const name = `CRM sync ${Date.now()}`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Role').click();
  await admin.getByRole('option', { name: 'Admin' }).click();
  await dialog.getByRole('button', { name: 'Create' }).click();
  const token = await dialog.getByTestId('new-api-key').inputValue();
  expect(token).toMatch(/^vpk_/);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(admin.getByTestId(`api-key-${name}`)).not.toContainText(token);

  const api = await admin.context().request;
  const ok = await api.get(`/api/v1/projects/${projectId}/members`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(ok.status()).toBe(200);

  await admin.getByTestId(`api-key-${name}`).getByRole('button', { name: 'Revoke' }).click();
  // The badge shows at once (optimistic); the reload waits for the revocation to be answered (reloading
  // earlier would cancel it), then shows what the server stored.
  const revoked = admin.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/api-keys') && r.status() < 400,
  );
  await admin.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(admin.getByTestId(`api-key-${name}`)).toContainText('Revoked');
  await revoked;
  await admin.reload();
  await expect(admin.getByTestId(`api-key-${name}`)).toContainText('Revoked');
  const after = await api.get(`/api/v1/projects/${projectId}/members`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(after.status()).toBe(401);
  await admin.context().close();
});

test('a cookie session cannot be used from another site (Origin check)', async ({ browser }) => {
  const page = await signedInPage(browser, 'en', 'analyst@demo.local');
  const res = await page.request.post('/api/v1/projects', {
    data: { name: 'CSRF' },
    headers: { origin: 'https://evil.example' },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('origin_mismatch');
  await page.context().close();
});
