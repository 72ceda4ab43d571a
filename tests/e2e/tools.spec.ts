import { createServer, type Server } from 'node:http';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_PROJECT, signedInPage } from './support/ui';

// A tool with a bearer secret against a local "CRM", defined and tested on the Tools screen, then used by a
// Tool block and offered to an Agent block (the suite's local OpenAI-compatible LLM calls it), with the call
// and its answer in the test console's trace. In English and in Russian.

const SECRET = 'crm-token-5f1c9a';
let crm: Server;
let crmUrl: string;
const crmCalls: { url: string; auth: string | undefined }[] = [];

test.beforeAll(async () => {
  crm = createServer((req, res) => {
    crmCalls.push({ url: req.url ?? '', auth: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${SECRET}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    const id = decodeURIComponent(/\/orders\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
    if (id === 'MISSING') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"order MISSING not found"}');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ order: { id, status: 'shipped' } }));
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  crmUrl = `http://127.0.0.1:${(crm.address() as { port: number }).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => crm.close(() => resolve())));

const copy = {
  en: {
    nav: 'Tools',
    add: 'Add tool',
    name: 'Name',
    description: 'Description for the model',
    url: 'URL',
    addArgument: 'Add argument',
    argName: 'Name',
    argDescription: 'Description',
    required: 'Required',
    mapping: 'Response to variables',
    auth: 'Authentication',
    bearer: 'Bearer token',
    secret: 'Secret',
    create: 'Create tool',
    secretSet: 'Secret stored',
    allowHosts: 'Allowed private hosts',
    saveSettings: 'Save settings',
    saved: 'Settings saved',
    test: 'Test',
    args: 'Sample arguments (JSON)',
    send: 'Send',
    builtin: 'current_datetime',
    block: 'Block',
    find: 'Find a block',
    findDialog: 'Find a block',
    testTab: 'Test',
    start: 'Start a test',
    say: 'Say something…',
    sendChat: 'Send',
    why: 'Why?',
  },
  ru: {
    nav: 'Инструменты',
    add: 'Добавить инструмент',
    name: 'Имя',
    description: 'Описание для модели',
    url: 'URL',
    addArgument: 'Добавить аргумент',
    argName: 'Имя',
    argDescription: 'Описание',
    required: 'Обязательный',
    mapping: 'Ответ в переменные',
    auth: 'Авторизация',
    bearer: 'Bearer-токен',
    secret: 'Секрет',
    create: 'Создать инструмент',
    secretSet: 'Секрет сохранён',
    allowHosts: 'Разрешённые внутренние адреса',
    saveSettings: 'Сохранить настройки',
    saved: 'Настройки сохранены',
    test: 'Проверить',
    args: 'Пример аргументов (JSON)',
    send: 'Отправить',
    builtin: 'current_datetime',
    block: 'Блок',
    find: 'Найти блок',
    findDialog: 'Поиск блока',
    testTab: 'Тест',
    start: 'Начать тест',
    say: 'Скажите что-нибудь…',
    sendChat: 'Отправить',
    why: 'Почему?',
  },
} as const;

async function adminBearer(request: APIRequestContext): Promise<Record<string, string>> {
  const res = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.local', password: DEMO_PASSWORD },
  });
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` };
}

/** An agent whose draft runs the tool in a Tool block, then lets an Agent block offer it to the LLM. */
async function agentUsing(request: APIRequestContext, projectId: string, tool: string, locale: 'en' | 'ru') {
  const auth = await adminBearer(request);
  const created = await request.post(`/api/v1/projects/${projectId}/agents`, {
    headers: auth,
    data: { name: `Orders ${locale} ${Date.now()}`, language: locale, template: 'blank' },
  });
  expect(created.status()).toBe(201);
  const agent = (await created.json()) as { id: string; draft?: { revision: number } };
  const current = (await (
    await request.get(`/api/v1/projects/${projectId}/agents/${agent.id}`, { headers: auth })
  ).json()) as {
    draft: { revision: number };
  };
  const graph = {
    schemaVersion: 2,
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'lookup',
        type: 'tool',
        position: { x: 0, y: 150 },
        data: { tool, args: { orderId: 'B-7' }, resultVariable: 'order' },
      },
      {
        id: 'status',
        type: 'say',
        position: { x: 0, y: 300 },
        data: { text: 'B-7: {{order.order_status}}' },
      },
      {
        id: 'helper',
        type: 'agent',
        position: { x: 0, y: 450 },
        data: { goal: 'Answer questions about orders', tools: [tool] },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'lookup' },
      { id: 'e2', source: 'lookup', sourceHandle: 'success', target: 'status' },
      { id: 'e3', source: 'status', target: 'helper' },
    ],
    // As the studio declares a project tool when a block picks it.
    tools: [{ name: tool, kind: 'project', description: '', parameters: { type: 'object', properties: {} } }],
  };
  const saved = await request.put(`/api/v1/projects/${projectId}/agents/${agent.id}/draft`, {
    headers: auth,
    data: { graph, revision: current.draft.revision },
  });
  expect(saved.status()).toBe(200);
  return agent.id;
}

test.use({ viewport: { width: 1500, height: 1000 } });

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];
  test(`${locale}: define an HTTP tool with a secret, test it, use it in a Tool block and an Agent block`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(120_000);
    const tool = `get_order_${locale}`;
    const page = await signedInPage(browser, locale, 'admin@demo.local');
    await page.goto('/projects');
    await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
    await page.getByRole('navigation').first().getByRole('link', { name: c.nav }).click();
    await expect(page.getByTestId('builtin-tools')).toContainText(c.builtin);

    // The project's tools may reach the local CRM (loopback is refused otherwise).
    await page.getByLabel(c.allowHosts).fill('127.0.0.1');
    await page.getByRole('button', { name: c.saveSettings }).click();
    await expect(page.getByText(c.saved).first()).toBeVisible();

    await page.getByRole('button', { name: c.add }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(c.name, { exact: true }).first().fill(tool);
    await dialog.getByLabel(c.description).fill('Looks up an order by its number');
    await dialog.getByLabel(c.url, { exact: true }).fill(`${crmUrl}/orders/{{args.orderId}}`);
    await dialog.getByRole('button', { name: c.addArgument }).click();
    const arg = dialog.getByTestId('tool-arg');
    await arg.getByLabel(c.argName).fill('orderId');
    await arg.getByLabel(c.argDescription).fill('Order number');
    await arg.getByRole('checkbox').check();
    await dialog.getByLabel(c.mapping).fill('order_status = order.status');
    await dialog.getByLabel(c.auth).click();
    await page.getByRole('option', { name: c.bearer }).click();
    await dialog.getByLabel(c.secret).fill(SECRET);
    await dialog.getByRole('button', { name: c.create }).click();
    const card = page.locator(`[data-testid="tool-card"][data-tool="${tool}"]`);
    await expect(card).toContainText(c.secretSet);
    await expect(page.locator('body')).not.toContainText(SECRET);

    // Test: the request (secret masked) and the answer, as received and as mapped.
    await card.getByRole('button', { name: c.test }).click();
    const testDialog = page.getByRole('dialog');
    await testDialog.getByLabel(c.args).fill('{"orderId": "A-42"}');
    await testDialog.getByRole('button', { name: c.send }).click();
    await expect(testDialog.getByTestId('tool-test-request')).toContainText(`GET ${crmUrl}/orders/A-42`);
    await expect(testDialog.getByTestId('tool-test-request')).toContainText('authorization: Bearer ••••••••');
    await expect(testDialog.getByTestId('tool-test-answer')).toContainText('shipped');
    await expect(testDialog.getByTestId('tool-test-result')).toContainText('"order_status": "shipped"');
    expect(crmCalls.at(-1)).toEqual({ url: '/orders/A-42', auth: `Bearer ${SECRET}` });
    // An error answer shows its status and its body, which says what went wrong.
    await testDialog.getByLabel(c.args).fill('{"orderId": "MISSING"}');
    await testDialog.getByRole('button', { name: c.send }).click();
    await expect(testDialog.getByRole('alert')).toContainText('HTTP 404');
    await expect(testDialog.getByTestId('tool-test-error-body')).toContainText('order MISSING not found');
    await page.keyboard.press('Escape');

    // The studio offers the project's tools to blocks; the test console runs them with the secret.
    const projectId = /\/p\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const agentId = await agentUsing(request, projectId, tool, locale);
    await page.goto(`/p/${projectId}/agents/${agentId}`);
    await page.getByRole('tab', { name: c.block }).click();
    await page.getByRole('button', { name: c.find }).click();
    await page.getByRole('dialog', { name: c.findDialog }).getByRole('textbox').fill('helper');
    await page.keyboard.press('Enter');
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-node-id', 'helper');
    await expect(inspector.getByRole('checkbox', { name: tool })).toBeChecked();
    await expect(inspector.getByRole('checkbox', { name: 'current_datetime' })).toBeVisible();

    await page.getByRole('tab', { name: c.testTab }).click();
    await page.getByRole('button', { name: c.start }).click();
    await expect(page.getByTestId('bot-reply').filter({ hasText: 'B-7: shipped' })).toBeVisible();
    await page.getByLabel(c.say).fill('Where is my order C-9?');
    await page.getByRole('button', { name: c.sendChat, exact: true }).click();
    await expect(page.getByTestId('bot-reply').filter({ hasText: 'order_status' }).last()).toContainText(
      'shipped',
    );
    expect(crmCalls.at(-1)).toEqual({ url: '/orders/C-9', auth: `Bearer ${SECRET}` });
    await page.getByRole('button', { name: c.why }).last().click();
    const trace = page.getByTestId('turn-trace').last();
    await expect(trace).toContainText(tool);
    await expect(trace).toContainText('C-9');
    await expect(trace).toContainText('shipped');
  });
}
