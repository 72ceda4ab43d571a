import { expect, test } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

test('en: a wrong answer in a call is fixed in two clicks: flag it, add the right answer to a knowledge base', async ({
  browser,
  request,
}) => {
  test.setTimeout(90_000);
  const auth = await builderBearer(request);
  const { projectId, agent } = await demoReceptionist(request, auth);
  const kbName = `Corrections ${Date.now()}`;
  const kb = await request.post(`/api/v1/projects/${projectId}/knowledge-bases`, {
    headers: auth,
    data: { name: kbName },
  });
  expect(kb.status()).toBe(201);
  const question = 'Do you treat children under five?';
  const started = await request.post(`/api/v1/projects/${projectId}/agents/${agent.id}/test-sessions`, {
    headers: auth,
    data: {},
  });
  const sessionId = ((await started.json()) as { session: { id: string } }).session.id;
  const turn = await request.post(
    `/api/v1/projects/${projectId}/agents/${agent.id}/test-sessions/${sessionId}/turns`,
    {
      headers: auth,
      data: { text: question },
    },
  );
  expect(turn.status()).toBe(200);

  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto(`/p/${projectId}/inbox?tests=show`);
  await page.getByRole('searchbox').fill('children');
  await page.getByRole('searchbox').press('Enter');
  await expect(page.getByTestId('call-row')).toHaveCount(1);
  await page.getByTestId('call-row').first().click();
  const card = page.getByTestId('call-card');
  const line = card.getByTestId('transcript-line').filter({ hasText: question });
  await line.getByRole('button', { name: 'Flag this line' }).click();
  const flag = page.getByRole('dialog');
  await flag.getByRole('combobox').click();
  await page.getByRole('option', { name: 'Wrong answer' }).click();
  await flag.getByRole('button', { name: 'Flag turn' }).click();
  await expect(flag).toBeHidden();

  await card.getByTestId('issue').getByRole('button', { name: 'Add to knowledge base' }).click();
  const add = page.getByRole('dialog');
  await add.getByLabel('Knowledge base').selectOption({ label: kbName });
  await expect(add.getByLabel('Caller’s question')).toHaveValue(question);
  // Issue 18 item 10: the flagged (wrong) answer is shown for reference, not pre-filled as the right one.
  await expect(add.getByLabel('The right answer')).toHaveValue('');
  await expect(add.getByTestId('agent-said')).not.toBeEmpty();
  const answer = 'Yes: our paediatric dentist sees children from two years old, on weekdays.';
  await add.getByLabel('The right answer').fill(answer);
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add).toBeHidden();
  await expect(page.getByText('Added to the knowledge base').first()).toBeVisible();

  // Indexed at once: the next call's search finds it.
  const search = await request.post(`/api/v1/projects/${projectId}/knowledge-bases/search`, {
    headers: auth,
    data: { query: 'do you see small children' },
  });
  const hits = ((await search.json()) as { hits: { text: string; sourceName: string }[] }).hits;
  expect(hits.map((h) => h.text).join('\n')).toContain('paediatric dentist');
});
