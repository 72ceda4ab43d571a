import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 item 2: without an LLM the support agent read another entry's question and heading aloud, and
// asked again for a question the caller had already asked. Now it speaks the matching entry's answer at
// once, and when its knowledge has nothing it says so and offers a person; a "yes" transfers.
const copy = {
  en: {
    entries: [
      ['How much does delivery cost?', 'Delivery is free for orders over 3000 roubles.'],
      ['How long does delivery take?', 'Delivery takes two to three days.'],
    ],
    question: 'how much does delivery cost',
    unknown: 'do you repair bicycles',
    dontKnow: "I don't have a clear answer to that",
    yes: 'yes please',
    test: 'Test',
    start: 'Start a test',
    input: 'Say something…',
    transferred: 'Transferred to the operator queue “support”; the test has ended.',
  },
  ru: {
    entries: [
      ['Сколько стоит доставка?', 'Доставка бесплатна для заказов от 3000 рублей.'],
      ['Сколько идёт доставка?', 'Доставка занимает два-три дня.'],
    ],
    question: 'сколько стоит доставка',
    unknown: 'вы ремонтируете велосипеды',
    dontKnow: 'точного ответа на этот вопрос у меня нет',
    yes: 'да, пожалуйста',
    test: 'Тест',
    start: 'Начать тест',
    input: 'Скажите что-нибудь…',
    transferred: 'Переведён в очередь операторов «support»; тест завершён.',
  },
} as const;

test.use({ viewport: { width: 1440, height: 900 } });

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: the support agent answers the first question from knowledge, says when it does not know, offers a person`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const base = `/api/v1/projects/${projectId}`;
    const kb = (await (
      await request.post(`${base}/knowledge-bases`, {
        headers: auth,
        data: { name: `FAQ ${locale} ${Date.now()}` },
      })
    ).json()) as { id: string };
    for (const [question, answer] of c.entries)
      expect(
        (
          await request.post(`${base}/knowledge-bases/${kb.id}/sources`, {
            headers: auth,
            data: { kind: 'qa', question, answer },
          })
        ).status(),
      ).toBe(201);
    await expect
      .poll(
        async () =>
          (
            (await (
              await request.get(`${base}/knowledge-bases/${kb.id}/sources`, { headers: auth })
            ).json()) as {
              sources: { status: string }[];
            }
          ).sources.map((s) => s.status),
        { timeout: 30_000 },
      )
      .toEqual(['ready', 'ready']);

    const agent = (await (
      await request.post(`${base}/agents`, {
        headers: auth,
        data: { name: `Support ${locale} ${Date.now()}`, language: locale, template: 'inbound-support' },
      })
    ).json()) as { id: string };
    const draft = (await (
      await request.get(`${base}/agents/${agent.id}/draft`, { headers: auth })
    ).json()) as {
      graph: { nodes: { id: string; data: Record<string, unknown> }[] };
      revision: number;
    };
    draft.graph.nodes.find((n) => n.id === 'answer')!.data.knowledgeBaseIds = [kb.id];
    const saved = await request.put(`${base}/agents/${agent.id}/draft`, {
      headers: auth,
      data: { graph: draft.graph, revision: draft.revision },
    });
    expect(saved.status()).toBe(200);

    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.goto(`/p/${projectId}/agents/${agent.id}`);
    await page.getByRole('tab', { name: c.test }).click();
    await page.getByRole('button', { name: c.start }).click();
    await expect(page.getByTestId('bot-reply').first()).toBeVisible();
    const send = async (text: string) => {
      const before = await page.getByTestId('console-turn').count();
      await page.getByLabel(c.input).fill(text);
      await page.getByLabel(c.input).press('Enter');
      await expect(page.getByTestId('console-turn')).toHaveCount(before + 1);
      return page.getByTestId('console-turn').last();
    };
    const first = await send(c.question);
    await expect(first.getByTestId('bot-reply')).toHaveText([c.entries[0][1]]);
    const unknown = await send(c.unknown);
    await expect(unknown.getByTestId('bot-reply')).toContainText(c.dontKnow);
    const yes = await send(c.yes);
    await expect(yes.locator('[data-command="transfer"]')).toHaveText(c.transferred);
  });
}
