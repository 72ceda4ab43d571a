// The operator panel in the browser, in English and Russian (issue 20): an operator goes online and is
// offered the caller waiting in a queue, reads the handoff packet, declines; the next caller's offer arrives
// over the realtime gateway without a reload; they accept, finish the call and are in wrap-up.
import { expect, test } from '@playwright/test';
import { createDb } from '#server/db.ts';
import { dispatchProject, enqueueHandoff } from '#server/handoffs/handoff-routing.server.ts';
import { createRedis } from '#server/redis.ts';
import { withDatabase } from '../../prisma/tools/pg-config.ts';
import { TEST_SERVER_URL, e2eDatabaseName } from '../support/test-env.ts';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

const port = process.env.E2E_PORT ?? '3100';
const db = createDb(withDatabase(TEST_SERVER_URL, e2eDatabaseName(port)));
const redis = createRedis({
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  REDIS_PREFIX: `vpe2e${port}`,
});
test.afterAll(async () => {
  await redis.quit();
  await db.$disconnect();
});
// One operator account for both languages: one after the other.
test.describe.configure({ mode: 'serial' });

const copy = {
  en: {
    nav: 'Operator panel',
    online: 'Online',
    russian: 'Russian',
    offline: 'Offline',
    offered: 'A call is offered',
    busy: 'On a call',
    wrapUp: 'Wrap-up',
    incoming: 'Incoming call',
    accept: 'Accept',
    decline: 'Decline',
    finish: 'Finish the call',
    noOffer: 'No call for you right now',
  },
  ru: {
    nav: 'Панель оператора',
    online: 'На линии',
    russian: 'русский',
    offline: 'Не в сети',
    offered: 'Предложен звонок',
    busy: 'На звонке',
    wrapUp: 'Завершение',
    incoming: 'Входящий звонок',
    accept: 'Принять',
    decline: 'Отклонить',
    finish: 'Завершить звонок',
    noOffer: 'Сейчас звонков для вас нет',
  },
} as const;

const packet = (summary: string, words: string) => ({
  reason: 'asked_for_person',
  summary,
  language: 'ru',
  slots: { name: 'Анна', phone: '+79120000001' },
  transcriptExcerpt: [
    { speaker: 'agent', text: 'Здравствуйте! Чем помочь?' },
    { speaker: 'caller', text: words },
  ],
});

for (const locale of ['en', 'ru'] as const) {
  test(`${locale}: an operator goes online, reads the packet, declines, then takes the next call pushed live`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const c = copy[locale];
    const login = await request.post('/api/v1/auth/login', {
      data: { email: 'admin@demo.local', password: DEMO_PASSWORD },
    });
    const admin = {
      authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`,
    };
    const projects = (await (await request.get('/api/v1/projects', { headers: admin })).json()) as {
      projects: { id: string; name: string }[];
    };
    const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
    const queueName = `reception-${locale}-${Date.now()}`;
    const made = await request.post(`/api/v1/projects/${projectId}/queues`, {
      headers: admin,
      data: { name: queueName, languages: ['ru'], topics: [] },
    });
    expect(made.status()).toBe(201);
    const enqueue = (summary: string, words: string) =>
      db.$transaction((tx) =>
        enqueueHandoff(tx, { projectId, queueName, callId: null, packet: packet(summary, words) }),
      );
    await enqueue('Хочет перенести запись', 'Соедините меня с администратором');

    const operator = await signedInPage(browser, locale, 'operator@demo.local');
    await operator.goto(`/p/${projectId}`);
    await operator.getByRole('link', { name: c.nav }).click();
    await expect(operator.getByRole('heading', { name: c.nav })).toBeVisible();
    // The language is saved with the presence (the box follows the server's answer).
    const russian = operator.getByRole('checkbox', { name: c.russian, exact: true });
    if (!(await russian.isChecked())) await russian.click();
    await expect(russian).toBeChecked();
    await operator.getByRole('button', { name: c.online, exact: true }).click();

    // Going online offers the waiting caller at once, with what the bot gathered.
    const offer = operator.getByTestId('handoff-offer');
    await expect(offer).toContainText(c.incoming);
    await expect(offer).toContainText(queueName);
    await expect(offer.getByTestId('handoff-summary')).toHaveText('Хочет перенести запись');
    await expect(offer).toContainText('«Соедините меня с администратором»');
    await expect(offer).toContainText('phone: +79120000001');
    await expect(operator.getByTestId('operator-status')).toHaveText(c.offered);
    await offer.getByRole('button', { name: c.decline }).click();
    await expect(operator.getByTestId('no-offer')).toContainText(c.noOffer);
    await expect(operator.getByTestId('operator-status')).toHaveText(c.online);

    // The next caller: routing offers it (as the workers' loop does) and the panel hears of it live.
    await enqueue('Вопрос по счёту', 'Мне нужен живой человек');
    await expect
      .poll(async () => (await dispatchProject({ db, redis }, projectId)).length + (await offer.count()), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await expect(offer.getByTestId('handoff-summary')).toHaveText('Вопрос по счёту');
    await offer.getByRole('button', { name: c.accept }).click();
    await expect(operator.getByTestId('operator-status')).toHaveText(c.busy);
    await offer.getByRole('button', { name: c.finish }).click();
    await expect(operator.getByTestId('operator-status')).toHaveText(c.wrapUp);
    // Wrap-up ends when the operator goes online again; offline for the next language's run.
    await operator.getByRole('button', { name: c.online, exact: true }).click();
    await expect(operator.getByTestId('operator-status')).toHaveText(c.online);
    await operator.getByRole('button', { name: c.offline, exact: true }).click();
    await expect(operator.getByTestId('operator-status')).toHaveText(c.offline);
    await operator.context().close();
  });
}
