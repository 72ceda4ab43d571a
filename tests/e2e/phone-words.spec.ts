import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// Issue 18 item 6: the registration chip said "Registration failed (—)" for a host that does not resolve,
// a test call went through a broken connection without a word, and no number said how to reach it.
const copy = {
  en: {
    dns: 'Not registered: the carrier’s host name does not resolve (DNS): check it for a typo',
    testCall: 'Test call',
    connection: 'Connection',
    warn: 'This connection is not working',
    reach: 'Reach it at',
  },
  ru: {
    dns: 'Не зарегистрировано: имя сервера оператора не находится в DNS: проверьте написание',
    testCall: 'Тестовый звонок',
    connection: 'Подключение',
    warn: 'Это подключение не работает',
    reach: 'Адрес для звонка',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: numbers show their SIP URI; a broken connection names its cause and warns before a test call`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(60_000);
    const login = await request.post('/api/v1/auth/login', {
      data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const projects = (await (await request.get('/api/v1/projects', { headers: auth })).json()) as {
      projects: { id: string; name: string }[];
    };
    const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
    const name = `Typo ${locale} ${Date.now()}`;
    const created = await request.post(`/api/v1/projects/${projectId}/sip-connections`, {
      headers: auth,
      data: {
        name,
        provider: 'generic',
        host: 'no-such-carrier.invalid',
        port: 5060,
        transport: 'udp',
        authMode: 'registration',
        username: 'trunk',
        password: 'secret',
      },
    });
    expect(created.status()).toBe(201);
    const connectionId = ((await created.json()) as { id: string }).id;

    const page = await signedInPage(browser, locale, 'owner@demo.local');
    await page.goto(`/p/${projectId}/numbers`);
    const sipPort = Number(new URL(page.url()).port) + 2000;
    await expect(page.getByTestId('number-demo').getByTestId('sip-uri')).toHaveText(
      `${c.reach} sip:demo@127.0.0.1:${sipPort}`,
    );
    await expect(page.getByTestId(`status-${name}`)).toHaveText(c.dns, { timeout: 20_000 });

    await page.getByRole('button', { name: c.testCall }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.connection).click();
    await page.getByRole('option', { name }).click();
    await expect(dialog.getByTestId('connection-warning')).toContainText(c.warn);
    // Other specs place calls through the demo project's connections: leave none broken behind.
    await request.delete(`/api/v1/projects/${projectId}/sip-connections/${connectionId}`, { headers: auth });
  });
}
