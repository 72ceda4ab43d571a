import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

/** The canvas node wrapping a card of this type (ids of dropped nodes are random). */
const nodeOfType = (page: Page, type: string) =>
  page.locator('.react-flow__node').filter({ has: page.locator(`[data-node-type="${type}"]`) });

async function dropFromPalette(page: Page, type: string, at: { x: number; y: number }) {
  const pane = page.locator('.react-flow__pane');
  await page.locator(`[data-palette-type="${type}"]`).dragTo(pane, { targetPosition: at });
}

async function idOf(node: Locator): Promise<string> {
  return (await node.getAttribute('data-id')) as string;
}

/** Drags from an output port to a node's input, in steps, as a hand would. */
async function connect(page: Page, source: string, port: string, target: string) {
  const from = page.locator(
    `.react-flow__node[data-id="${source}"] .react-flow__handle.source[data-handleid="${port}"]`,
  );
  const to = page.locator(`.react-flow__node[data-id="${target}"] .react-flow__handle.target`);
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(
    page.locator(
      `.react-flow__edge[data-id^="e_${source}_${port}_${target}"], [data-testid="rf__edge-e_${source}_${port}_${target}"]`,
    ),
  ).toHaveCount(1);
}

/** Selects a node through "Find a block" (Ctrl+F), which also brings it into view. */
async function select(page: Page, nodeId: string) {
  await page.getByRole('tab', { name: 'Block' }).click();
  await page.getByRole('button', { name: 'Find a block' }).click();
  await page.getByRole('dialog', { name: 'Find a block' }).getByRole('textbox').fill(nodeId);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', nodeId);
  await viewSettled(page); // the view glides to the node
}

/** Waits until the canvas's view has stopped gliding (a drag on a moving handle would pan the canvas). */
async function viewSettled(page: Page) {
  const transform = () =>
    page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);
  let last = '';
  await expect
    .poll(async () => {
      await page.waitForTimeout(150);
      const now = await transform();
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
}

/** The demo project has the operator queue a Transfer block picks (made by an admin; 409 when it exists). */
async function ensureQueue(request: APIRequestContext, name: string) {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.local', password: DEMO_PASSWORD },
  });
  const auth = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  const projects = (await (await request.get('/api/v1/projects', { headers: auth })).json()) as {
    projects: { id: string; name: string }[];
  };
  const projectId = projects.projects.find((p) => p.name === DEMO_PROJECT)!.id;
  const made = await request.post(`/api/v1/projects/${projectId}/queues`, { headers: auth, data: { name } });
  expect([201, 409]).toContain(made.status());
}

async function saved(page: Page) {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

test.use({ viewport: { width: 1600, height: 1000 } });

test('en: build a flow by drag and drop, fix a missing fallback, test to a transfer, publish, diff, roll back, stale tab', async ({
  browser,
  request,
}) => {
  // The longest walk in the suite (build, test, publish twice, diff, roll back, a second tab).
  test.setTimeout(180_000);
  await ensureQueue(request, 'support');
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(`Support line ${Date.now()}`);
  await dialog.getByLabel('English').check();
  await dialog.getByLabel(/Blank/).check();
  await dialog.getByRole('button', { name: 'Create and open' }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  // Replace the template's End with one from the palette, then drag in the rest.
  await select(page, 'end');
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const spot = (fx: number, fy: number) => ({ x: pane.width * fx, y: pane.height * fy });
  // Into the free space around the two blocks left in the middle, clear of the minimap (bottom right).
  await dropFromPalette(page, 'ask', spot(0.16, 0.1));
  await dropFromPalette(page, 'router', spot(0.45, 0.1));
  await dropFromPalette(page, 'transfer', spot(0.78, 0.1));
  await dropFromPalette(page, 'say', spot(0.45, 0.8));
  await dropFromPalette(page, 'end', spot(0.16, 0.8));
  await expect(page.locator('.react-flow__node')).toHaveCount(7);
  const ask = await idOf(nodeOfType(page, 'ask'));
  const router = await idOf(nodeOfType(page, 'router'));
  const transfer = await idOf(nodeOfType(page, 'transfer'));
  const end = await idOf(nodeOfType(page, 'end'));
  const goodbye = await idOf(
    nodeOfType(page, 'say').filter({ hasNot: page.locator('[data-testid="node-greeting"]') }),
  );

  // Configure in the inspector.
  await select(page, ask);
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Question').fill('Would you like to talk to an operator?');
  await inspector.getByLabel('Answer type').selectOption('yes_no');
  await inspector.getByLabel('Save to variable').fill('wants_operator');
  await select(page, router);
  await inspector.getByRole('button', { name: '+ Add' }).click();
  await inspector.getByLabel('Name').fill('Operator');
  await inspector.getByLabel('Condition').fill('wants_operator == true');
  await select(page, transfer);
  await inspector.getByLabel('Transfer to').selectOption({ index: 1 });
  // A queue is picked from the project's queues (made through the API before the studio opened).
  await inspector.getByLabel('Queue, number or address').selectOption('support');
  await select(page, goodbye);
  await inspector.getByLabel('Text').fill('Thank you for calling. Goodbye!');

  // The variables panel knows who sets the answer and who reads it.
  await page.getByRole('tab', { name: 'Variables' }).click();
  const sites = page.getByTestId('variable-wants_operator');
  await expect(sites.locator(`[data-node-id="${ask}"]`)).toContainText('Ask');
  await expect(sites.locator(`[data-node-id="${router}"]`)).toContainText('Router');

  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await viewSettled(page);
  await connect(page, 'greeting', 'next', ask);
  await connect(page, ask, 'next', router);
  await connect(page, router, 'route_1', transfer);
  await connect(page, router, 'default', goodbye);
  await connect(page, goodbye, 'next', end);

  // The unconnected fallbacks (Ask: no match, no input; Transfer: failed) are flagged at the node and in
  // the problems list.
  await page.getByRole('tab', { name: /Problems/ }).click();
  const missing = page.locator('[data-issue-code="missing_fallback_port"]');
  await expect(missing).toHaveCount(3);
  await missing.first().click();
  await expect(page.locator(`.react-flow__node[data-id="${ask}"]`)).toHaveClass(/selected/);
  await page.getByRole('button', { name: 'Fit to screen' }).click();
  await viewSettled(page);
  await connect(page, ask, 'no_match', transfer);
  await connect(page, ask, 'no_input', goodbye);
  await connect(page, transfer, 'failed', goodbye);
  await expect(missing).toHaveCount(0);
  await expect(page.getByText('No problems: the flow can be published.')).toBeVisible();
  await saved(page);

  // Test console: chat until the transfer; the active node follows.
  await page.getByRole('tab', { name: 'Test' }).click();
  await page.getByRole('button', { name: 'Start a test' }).click();
  await expect(page.getByTestId('bot-reply').filter({ hasText: 'operator?' })).toBeVisible();
  await expect(page.locator(`.react-flow__node[data-id="${ask}"] [data-active]`)).toHaveCount(1);
  await page.getByLabel('Say something…').fill('yes please');
  await page.getByTestId('test-console').getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.locator('[data-command="transfer"]')).toContainText('support');
  await expect(page.locator(`.react-flow__node[data-id="${transfer}"] [data-active]`)).toHaveCount(1);
  await page.getByRole('button', { name: 'Why?' }).last().click();
  await expect(page.getByTestId('turn-trace').last().locator(`[data-node-id="${router}"]`)).toBeVisible();

  // Publish v1, change the draft, publish v2.
  const publish = async (note: string, number: number) => {
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByLabel('What changed').fill(note);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Publish/ })
      .click();
    await expect(page.getByText(`Version ${number} is live`).first()).toBeVisible();
  };
  await publish('First version', 1);
  await select(page, goodbye);
  await inspector.getByLabel('Text').fill('Thanks, have a nice day!');
  await saved(page);
  await publish('Friendlier goodbye', 2);

  // Diff v1 → v2: the changed text is listed and marked on the canvas.
  await page.getByRole('tab', { name: 'Versions' }).click();
  await expect(page.getByTestId('version-row')).toHaveCount(2);
  await page.getByLabel('Compare version 1').check();
  await page.getByLabel('Compare version 2').check();
  await page.getByRole('link', { name: 'Compare the two' }).click();
  await expect(page).toHaveURL(/\/diff\?/);
  const changed = page.getByTestId(`diff-node-${goodbye}`);
  await expect(changed).toContainText('Thank you for calling. Goodbye!');
  await expect(changed).toContainText('Thanks, have a nice day!');
  await expect(page.locator(`.react-flow__node[data-id="${goodbye}"]`)).toHaveClass(/diff-changed/);
  await page.getByRole('link', { name: 'Back to the studio' }).click();

  // Roll back to v1.
  await page.getByRole('tab', { name: 'Versions' }).click();
  await page
    .locator('[data-testid="version-row"][data-version="1"]')
    .getByRole('button', { name: 'Roll back to this' })
    .click();
  // The app's own dialog asks (not the browser's), and says what happens.
  await expect(page.getByRole('dialog')).toContainText('Roll back to v1?');
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByText('Version 1 is live again').first()).toBeVisible();
  await expect(page.locator('[data-testid="version-row"][data-version="1"]')).toContainText('live');

  // A second tab opened earlier is now stale: its save is refused with a conflict, nothing is overwritten.
  const stale = await page.context().newPage();
  await stale.goto(page.url());
  await expect(stale.locator('.react-flow__node')).toHaveCount(7);
  await select(page, goodbye);
  await inspector.getByLabel('Text').fill('Changed in the first tab');
  await saved(page);
  await select(stale, goodbye);
  await stale.getByTestId('inspector').getByLabel('Text').fill('Changed in the stale tab');
  await expect(stale.getByTestId('save-conflict')).toBeVisible();
  await page.reload();
  await select(page, goodbye);
  await expect(inspector.getByLabel('Text')).toHaveValue('Changed in the first tab');
});

test('ru: the studio speaks Russian; a template conversation runs in the test console', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await signedInPage(browser, 'ru', 'builder@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Агенты' }).click();
  await page.getByRole('button', { name: 'Новый агент' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Название', { exact: true }).fill(`Запись ${Date.now()}`);
  await dialog.getByLabel('Русский').check();
  await dialog.getByLabel(/Запись на приём/).check();
  await dialog.getByRole('button', { name: 'Создать и открыть' }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('complementary', { name: 'Блоки' })).toContainText('Вопрос');
  await expect(page.getByText('Все изменения сохранены')).toBeVisible();
  await page.getByRole('tab', { name: 'Тест' }).click();
  await page.getByRole('button', { name: 'Начать тест' }).click();
  await expect(page.getByTestId('bot-reply').first()).toBeVisible();
  await expect(page.locator('.react-flow__node [data-active]')).toHaveCount(1);
});

test('an analyst sees the flow but cannot edit or publish it', async ({ browser }) => {
  const page = await signedInPage(browser, 'en', 'analyst@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByRole('button', { name: 'New agent' })).toHaveCount(0);
  await page.getByRole('link', { name: /Demo receptionist/ }).click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expect(page.getByText('Read only')).toBeVisible();
  // Nothing of theirs is saved: the studio does not claim "All changes saved".
  await expect(page.getByTestId('save-status')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await expect(page.locator('[data-palette-type="say"]')).toBeDisabled();
});

test('en: outcome fields for post-call analysis are set in the studio; a bad key is refused with its field marked', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('link', { name: /Demo receptionist/ }).click();
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  const panel = page.getByTestId('analysis-panel');
  await panel.getByRole('button', { name: '+ Outcome field' }).click();
  const field = panel.getByTestId('outcome-field').last();
  await field.getByLabel('Field name, e.g. Appointment booked').fill('Wants an appointment');
  await field.getByLabel('Key').fill('Wants Appointment!');
  await field.getByLabel('Type').selectOption('boolean');
  await field.getByLabel('Without an LLM, take it from').selectOption('choice');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(field.getByLabel('Key')).toHaveAttribute('aria-invalid', 'true');
  await field.getByLabel('Key').fill('wants_appointment');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Call analysis saved').first()).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Outcomes' }).click();
  await expect(page.getByTestId('analysis-panel').getByLabel('Key').last()).toHaveValue('wants_appointment');
});
