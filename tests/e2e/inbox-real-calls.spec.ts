import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 item 7: the Inbox listed every test-console conversation among real calls. They are hidden by
// default now, and one toggle shows them.
const copy = {
  en: { showTests: 'Show test conversations' },
  ru: { showTests: 'Показывать тестовые разговоры' },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: test conversations are hidden from the Inbox until the toggle shows them`, async ({
    browser,
    request,
  }) => {
    const auth = await builderBearer(request);
    const { projectId, agent } = await demoReceptionist(request, auth);
    const base = `/api/v1/projects/${projectId}/agents/${agent.id}/test-sessions`;
    const word = `zebra${locale}${Date.now()}`;
    const started = (await (await request.post(base, { headers: auth, data: {} })).json()) as {
      session: { id: string };
    };
    await request.post(`${base}/${started.session.id}/turns`, { headers: auth, data: { text: word } });

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/inbox?q=${word}`);
    await expect(page.getByTestId('call-row')).toHaveCount(0);
    await page.getByLabel(c.showTests).check();
    await expect(page).toHaveURL(/tests=show/);
    await expect(page.getByTestId('call-row')).toHaveCount(1);
  });
}
