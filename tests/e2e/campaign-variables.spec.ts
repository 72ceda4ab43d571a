import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// An agent a campaign calls with: its list's columns (and the fixed campaign variables) are offered in the
// studio's variables panel, marked as coming from the campaign.
const copy = {
  en: { tab: 'Variables', badge: 'from campaign' },
  ru: { tab: 'Переменные', badge: 'из кампании' },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: a campaign's columns appear in the agent's variables panel`, async ({
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
    const base = `/api/v1/projects/${projectId}`;
    const agent = (await (
      await request.post(`${base}/agents`, {
        headers: auth,
        data: {
          name: `Reminder vars ${locale} ${Date.now()}`,
          language: locale,
          template: 'appointment-booking',
        },
      })
    ).json()) as { id?: string; agent?: { id: string } };
    const agentId = agent.id ?? agent.agent!.id;
    const connection = (await (
      await request.post(`${base}/sip-connections`, {
        headers: auth,
        data: {
          name: `Vars trunk ${locale} ${Date.now()}`,
          provider: 'generic',
          host: '127.0.0.1',
          authMode: 'ip',
        },
      })
    ).json()) as { id: string };
    const campaign = await request.post(`${base}/campaigns`, {
      headers: auth,
      data: { name: `Vars ${locale} ${Date.now()}`, agentId, connectionId: connection.id },
    });
    expect(campaign.status()).toBe(201);
    const campaignId = ((await campaign.json()) as { id: string }).id;
    const contacts = await request.post(`${base}/campaigns/${campaignId}/contacts`, {
      headers: auth,
      data: { csv: 'phone,visit_date,doctor\n+74951110000,12.12,Иванова' },
    });
    expect(contacts.status()).toBe(201);

    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto(`/p/${projectId}/agents/${agentId}`);
    await page.getByRole('tab', { name: c.tab }).click();
    for (const name of ['visit_date', 'doctor', 'contact_name', 'answered_by'])
      await expect(page.getByTestId(`variable-${name}`)).toContainText(c.badge);
  });
}
