import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { en } from '../../../app/i18n/en';
import { pseudoDictionary } from '../../../app/i18n/pseudo';
import { ru } from '../../../app/i18n/ru';
import { createTranslator } from '../../../app/i18n/translate';
import type { TFunction } from '../../../app/i18n/types';

// The main screens and the dialogs over them, walked once in one signed-in page by every spec that reads whole
// screens: the Russian check, the pseudo-locale check and the accessibility check. Buttons are found by the
// words the dictionaries give them, so the same walk works in every language.

export type UiLanguage = 'en' | 'ru' | 'pseudo';

/** The app's own translator for a language, to name what the spec clicks. */
export function translatorFor(language: UiLanguage): TFunction {
  if (language === 'pseudo') return createTranslator('en', pseudoDictionary());
  return createTranslator(language, language === 'ru' ? ru : en);
}

export interface Scene {
  projectId: string;
  api: string;
  auth: { authorization: string };
  agentId: string;
}

/**
 * A project of its own, so rows other specs leave in the demo project never show here, with an agent made
 * from a template. Its data is Russian (a Russian clinic's), as a user types it.
 */
export async function scene(request: APIRequestContext): Promise<Scene> {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'owner@demo.local', password: 'demo-password' },
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const created = await request.post('/api/v1/projects', {
    headers: auth,
    data: { name: `Клиника ${Date.now()}` },
  });
  // Said here, not as a 404 on the first screen (a 429: the owner's 20 new projects an hour are used up).
  if (!created.ok()) throw new Error(`the scene's project: ${created.status()} ${await created.text()}`);
  const project = (await created.json()) as { id: string };
  const api = `/api/v1/projects/${project.id}`;
  // As a Russian clinic sets its project up: its own words (the CRM's first pipeline) come in Russian.
  await request.patch(`${api}/settings`, {
    headers: auth,
    data: { defaultLanguage: 'ru', timeZone: 'Europe/Moscow' },
  });
  const agent = (await (
    await request.post(`${api}/agents`, {
      headers: auth,
      data: { name: 'Запись на приём', language: 'ru', template: 'appointment-booking' },
    })
  ).json()) as { id: string };
  return { projectId: project.id, api, auth, agentId: agent.id };
}

/** Rows for the screens to show: a test conversation, a webhook, a knowledge base. */
export async function withRows(request: APIRequestContext, { api, auth, agentId }: Scene): Promise<void> {
  const sessions = `${api}/agents/${agentId}/test-sessions`;
  const started = (await (await request.post(sessions, { headers: auth, data: {} })).json()) as {
    session: { id: string };
  };
  await request.post(`${sessions}/${started.session.id}/turns`, {
    headers: auth,
    data: { text: 'Здравствуйте' },
  });
  await request.post(`${api}/webhooks`, {
    headers: auth,
    data: { url: 'https://127.0.0.1:9/hooks', description: 'Журнал звонков', eventTypes: ['call.ended'] },
  });
  await request.post(`${api}/knowledge-bases`, { headers: auth, data: { name: 'Справка клиники' } });
}

/** Every main screen of a project, as the sidebar reaches them. */
export function mainScreens({ projectId, agentId }: Scene): string[] {
  const p = `/p/${projectId}`;
  return [
    `${p}`,
    `${p}/agents`,
    `${p}/agents/${agentId}`,
    `${p}/inbox?tests=show`,
    `${p}/inbox/issues`,
    `${p}/knowledge`,
    `${p}/numbers`,
    `${p}/tools`,
    `${p}/webhooks`,
    `${p}/api-keys`,
    `${p}/members`,
    `${p}/audit`,
    `${p}/settings`,
    `${p}/settings/providers`,
    `${p}/monitor`,
    `${p}/campaigns`,
    `${p}/campaigns/new`,
    `${p}/campaigns/compliance`,
    `${p}/crm`,
    `${p}/crm/deals`,
    `${p}/crm/tasks`,
    `${p}/crm/settings`,
    `${p}/messages`,
    `${p}/integrations`,
    `${p}/operator`,
    `${p}/queues`,
  ];
}

/** Reads a screen (`scope` narrows it to a part, such as an open dialog). */
export type ScreenCheck = (screen: string, scope?: string) => Promise<void>;

/**
 * Opens every main screen, then the dialogs over them and a call card, and hands each to `check`. Screen names
 * are paths without the project prefix.
 */
export async function walkMainScreens(page: Page, s: Scene, t: TFunction, check: ScreenCheck): Promise<void> {
  const p = `/p/${s.projectId}`;
  for (const screen of mainScreens(s)) {
    await page.goto(screen);
    await expect(page.locator('h1').first()).toBeVisible();
    await check(screen.replace(p, '') || '/');
  }
  const dialog = async (path: string, button: string, name: string, inline = false) => {
    await page.goto(`${p}${path}`);
    await page.getByRole('button', { name: button }).first().click();
    if (!inline) await expect(page.getByRole('dialog')).toBeVisible();
    await check(name);
  };
  // The new-webhook dialog (its event types), the new-provider and new-tool dialogs, a new messaging channel.
  await dialog('/webhooks', t('webhooks.create'), 'webhook dialog');
  await dialog('/settings/providers', t('providers.add'), 'provider dialog');
  await dialog('/tools', t('tools.add'), 'tool dialog');
  // The new-queue dialog, with working hours on.
  await page.goto(`${p}/queues`);
  await page
    .getByRole('button', { name: t('queues.add') })
    .first()
    .click();
  await page
    .getByRole('dialog')
    .getByRole('checkbox', { name: t('queues.form.hours') })
    .click();
  await check('queue dialog');
  // A new messaging channel's form opens in the page.
  await dialog('/messages', t('messaging.addChannel'), 'new channel form', true);
  // The call card of the test conversation, opened from the Inbox.
  await page.goto(`${p}/inbox?tests=show`);
  await page.getByTestId('call-row').first().click();
  await expect(page).toHaveURL(/inbox\/[0-9a-f-]{36}/);
  await check('call card');
}
