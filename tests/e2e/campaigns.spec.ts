import { expect, test } from '@playwright/test';
import {
  startFakeCarrier,
  type FakeCarrier,
} from '../../media-server/src/telephony/test-support/fake-carrier.ts';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// A campaign end to end: the wizard with a CSV that has one bad row, the dialer (workers) placing the calls
// through the media server to a carrier on loopback that answers, the live page's progress, pause and
// resume, and the CSV export.
const copy = {
  en: {
    nav: 'Campaigns',
    create: 'New campaign',
    name: 'Campaign name',
    connection: 'SIP connection',
    next: 'Next',
    errors: '1 rows with problems (not added)',
    invalid: 'Not a valid phone number',
    add: 'Add 3 contacts',
    added: '3 contacts added',
    callsPerMinute: 'New calls per minute',
    maxConcurrent: 'Calls at once',
    from: 'From',
    to: 'To',
    start: 'Start the campaign',
    pause: 'Pause',
    resume: 'Resume',
    running: 'Running',
    paused: 'Paused',
    completed: 'Completed',
    export: 'Export CSV',
  },
  ru: {
    nav: 'Обзвоны',
    create: 'Новый обзвон',
    name: 'Название обзвона',
    connection: 'SIP-подключение',
    next: 'Далее',
    errors: 'Строк с ошибками (не добавлены): 1',
    invalid: 'Неверный номер',
    add: 'Добавить контакты: 3',
    added: 'Добавлено контактов: 3',
    callsPerMinute: 'Новых звонков в минуту',
    maxConcurrent: 'Звонков одновременно',
    from: 'С',
    to: 'До',
    start: 'Запустить обзвон',
    pause: 'Пауза',
    resume: 'Продолжить',
    running: 'Идёт',
    paused: 'На паузе',
    completed: 'Завершён',
    export: 'Выгрузить CSV',
  },
} as const;

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: create a campaign from a CSV with a bad row, start, watch it progress, pause, resume, export`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const carrier: FakeCarrier = await startFakeCarrier({ users: {}, holdMs: 6000 });
    try {
      // The connection to the loopback carrier, through the API (the telephony spec covers its screen).
      const login = await request.post('/api/v1/auth/login', {
        data: { email: 'owner@demo.local', password: DEMO_PASSWORD },
      });
      const auth = {
        authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
      };
      const projects = (await (await request.get('/api/v1/projects', { headers: auth })).json()) as {
        projects: { id: string; name: string }[];
      };
      const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
      const trunk = `Campaign trunk ${locale} ${Date.now()}`;
      const created = await request.post(`/api/v1/projects/${projectId}/sip-connections`, {
        headers: auth,
        data: {
          name: trunk,
          provider: 'generic',
          host: '127.0.0.1',
          port: carrier.port,
          authMode: 'ip',
          codecs: ['PCMU', 'PCMA'],
        },
      });
      expect(created.status()).toBe(201);

      const page = await signedInPage(browser, locale, 'owner@demo.local');
      await page.goto(`/p/${projectId}`);
      await page.getByRole('navigation').first().getByRole('link', { name: c.nav }).click();
      await page.getByRole('link', { name: c.create }).click();

      const name = `Reminders ${locale} ${Date.now()}`;
      await page.getByLabel(c.name, { exact: true }).fill(name);
      await page.getByLabel(c.connection, { exact: true }).selectOption({ label: trunk });
      await page.getByRole('button', { name: c.next }).click();

      const base = locale === 'en' ? 4951110000 : 4951120000;
      const csv = [
        'phone,name,visit',
        `+7${base + 1},Ann,Mon`,
        `8${base + 2},Bob,Tue`,
        'twelve,Carl,Wed',
        `+7 ${base + 3},Dina,Thu`,
      ].join('\n');
      await page
        .getByTestId('contacts-file')
        .setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await expect(page.getByTestId('import-summary')).toContainText(c.errors);
      await expect(page.getByTestId('import-errors')).toContainText('twelve');
      await expect(page.getByTestId('import-errors')).toContainText(c.invalid);
      await page.getByRole('button', { name: c.add }).click();
      await expect(page.getByTestId('contacts-added')).toHaveText(c.added);
      await page.getByRole('button', { name: c.next }).click();

      // Any hour and day, so the test runs whenever it is run; one call at a time, so pausing finds work left.
      for (const box of await page.getByRole('checkbox').all()) await box.check();
      await page.getByLabel(c.from, { exact: true }).fill('00:00');
      await page.getByLabel(c.to, { exact: true }).fill('23:59');
      await page.getByLabel(c.maxConcurrent, { exact: true }).fill('1');
      await page.getByLabel(c.callsPerMinute, { exact: true }).fill('60');
      await page.getByRole('button', { name: c.next }).click();
      await page.getByRole('button', { name: c.next }).click();
      await page.getByRole('button', { name: c.start }).click();

      const status = page.getByTestId('campaign-status');
      await expect(status).toHaveText(c.running);
      // Progress: the first answered calls are counted done.
      await expect(page.getByTestId('count-completed')).not.toHaveText('0', { timeout: 45_000 });
      await page.getByRole('button', { name: c.pause }).click();
      await expect(status).toHaveText(c.paused);
      await page.getByRole('button', { name: c.resume }).click();
      await expect(page.getByTestId('count-completed')).toHaveText('3', { timeout: 60_000 });
      await expect(status).toHaveText(c.completed, { timeout: 15_000 });
      expect(carrier.invites.length).toBe(3);

      const download = page.waitForEvent('download');
      await page.getByTestId('export-csv').click();
      const file = await download;
      const text = await (await file.createReadStream()).toArray();
      const exported = Buffer.concat(text as Buffer[]).toString('utf8');
      expect(exported.split('\n')[0]).toBe('phone,name,visit,status,attempts,last_outcome,outcomes');
      expect(exported).toContain(`+7${base + 2},Bob,Tue,completed,1,completed`);

      // Each contact is a CRM contact: the live page links to it, and its call lands on its timeline.
      await page.getByTestId('contacts-table').getByRole('link', { name: 'Bob' }).click();
      await expect(page.getByTestId('crm-contact-name')).toHaveText('Bob');
      await expect(page.getByTestId('crm-activity-call').first()).toBeVisible({ timeout: 30_000 });
    } finally {
      await carrier.close();
    }
  });
}
