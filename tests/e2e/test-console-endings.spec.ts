import { expect, test, type APIRequestContext } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 item 3: "a person, please" in the appointment template went to an undefined queue "default",
// past the flow's own Transfer block (to reception); the console then kept taking input and the Inbox kept
// the test "Live". Now it goes to the flow's Transfer block, says so in words, and the test ends.
const copy = {
  en: {
    test: 'Test',
    start: 'Start a test',
    ask: 'I want to talk to a human',
    transferred: 'Transferred to the operator queue “reception”; the test has ended.',
    input: 'Say something…',
    restart: 'Restart',
    back: '← Agents',
  },
  ru: {
    test: 'Тест',
    start: 'Начать тест',
    ask: 'позовите оператора, пожалуйста',
    transferred: 'Переведён в очередь операторов «reception»; тест завершён.',
    input: 'Скажите что-нибудь…',
    restart: 'Заново',
    back: '← Агенты',
  },
} as const;

async function callsOf(
  request: APIRequestContext,
  auth: Record<string, string>,
  projectId: string,
  agentId: string,
) {
  const res = await request.get(`/api/v1/projects/${projectId}/calls?agentId=${agentId}`, { headers: auth });
  return ((await res.json()) as { calls: { status: string; disposition: string | null }[] }).calls;
}

test.use({ viewport: { width: 1440, height: 900 } });

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: "a person, please" goes to the flow's Transfer block, and test conversations end`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(60_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const created = await request.post(`/api/v1/projects/${projectId}/agents`, {
      headers: auth,
      data: { name: `Booking ${locale} ${Date.now()}`, language: locale, template: 'appointment-booking' },
    });
    const agentId = ((await created.json()) as { id: string }).id;

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/agents/${agentId}`);
    await page.getByRole('tab', { name: c.test }).click();
    await page.getByRole('button', { name: c.start }).click();
    await expect(page.getByTestId('bot-reply').first()).toBeVisible();
    await page.getByLabel(c.input).fill(c.ask);
    await page.getByLabel(c.input).press('Enter');
    await expect(page.locator('[data-command="transfer"]')).toHaveText(c.transferred);
    await expect(page.getByLabel(c.input)).toHaveCount(0);
    await expect
      .poll(async () => (await callsOf(request, auth, projectId, agentId)).map((call) => call.status))
      .toEqual(['ended']);

    // A conversation the person walks away from ends too.
    await page.getByRole('button', { name: c.restart }).click();
    await expect(page.getByLabel(c.input)).toBeVisible();
    await expect
      .poll(
        async () =>
          (await callsOf(request, auth, projectId, agentId)).filter((x) => x.status === 'live').length,
      )
      .toBe(1);
    await page.getByRole('link', { name: c.back }).click();
    await expect
      .poll(
        async () =>
          (await callsOf(request, auth, projectId, agentId)).filter((x) => x.status === 'live').length,
      )
      .toBe(0);
  });
}
