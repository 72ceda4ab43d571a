// Google Calendar end to end (en): the admin connects a calendar on the Integrations screen through Google's
// consent screen (the local Google-speaking server the e2e server is pointed at, PORT+5001); a builder picks
// it in a Book appointment block's form in the studio, and the test console books: the times offered come
// from the calendar's free/busy, the one chosen becomes an event in the local calendar.
import { expect, test, type Page } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

const fakeGoogle = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? '3100') + 5001}`;

test.use({ viewport: { width: 1600, height: 1000 } });

async function findBlock(page: Page, nodeId: string) {
  await page.getByRole('tab', { name: 'Block' }).click();
  await page.getByRole('button', { name: 'Find a block' }).click();
  await page.getByRole('dialog', { name: 'Find a block' }).getByRole('textbox').fill(nodeId);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', nodeId);
}

test('en: connect Google Calendar, pick it in a Book appointment block, and book from the test console', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const name = `Clinic calendar ${crypto.randomUUID().slice(0, 6)}`;
  const admin = await signedInPage(browser, 'en', 'admin@demo.local');
  const auth = await builderBearer(request);
  const { projectId } = await demoReceptionist(request, auth);
  await admin.goto(`/p/${projectId}/integrations`);
  expect(await admin.getByLabel('Redirect address for the Google OAuth client').inputValue()).toMatch(
    new RegExp(`/p/${projectId}/integrations/google/callback$`),
  );
  await admin.getByLabel('Calendar connection name').fill(name);
  await admin.getByLabel('OAuth client ID').fill('google-client.apps.googleusercontent.com');
  await admin.getByLabel('OAuth client secret').fill('google-secret');
  await admin.getByRole('button', { name: 'Connect with Google' }).click();
  await expect(admin).toHaveURL(new RegExp(`^${fakeGoogle}/o/oauth2/v2/auth`));
  await admin.getByRole('button', { name: 'Allow' }).click();
  await expect(
    admin.getByRole('status').filter({ hasText: 'Connected: Google allowed access to the calendar.' }),
  ).toBeVisible();
  const card = admin.locator('[data-integration]').filter({ hasText: name });
  await expect(card).toContainText('Connected');
  const connectionId = await card.getAttribute('data-integration');

  // A flow that books: Start → Book appointment → End, saved through the API.
  const base = `/api/v1/projects/${projectId}`;
  const agent = (await (
    await request.post(`${base}/agents`, {
      headers: auth,
      data: { name: `Booking ${Date.now()}`, language: 'en', template: 'inbound-support' },
    })
  ).json()) as { id: string };
  const draft = (await (await request.get(`${base}/agents/${agent.id}/draft`, { headers: auth })).json()) as {
    graph: Record<string, unknown>;
    revision: number;
  };
  const graph = {
    ...draft.graph,
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      { id: 'book', type: 'book_appointment', position: { x: 0, y: 150 }, data: { weekdaysOnly: false } },
      {
        id: 'done',
        type: 'end',
        position: { x: 0, y: 300 },
        data: { message: 'See you {{appointment.local}}.' },
      },
      { id: 'none', type: 'end', position: { x: 300, y: 300 }, data: { message: 'Not booked.' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'book' },
      { id: 'e2', source: 'book', sourceHandle: 'booked', target: 'done' },
      { id: 'e3', source: 'book', sourceHandle: 'not_booked', target: 'none' },
      { id: 'e4', source: 'book', sourceHandle: 'failed', target: 'none' },
    ],
  };
  const saved = await request.put(`${base}/agents/${agent.id}/draft`, {
    headers: auth,
    data: { graph, revision: draft.revision },
  });
  expect(saved.status()).toBe(200);

  // The block's form picks the connection (the studio saves the draft by itself).
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.goto(`/p/${projectId}/agents/${agent.id}`);
  await findBlock(page, 'book');
  const inspector = page.getByTestId('inspector');
  await inspector.getByLabel('Google Calendar').selectOption({ label: name });
  // The connection's calendars, read from Google when the studio opened: its main one is chosen.
  const calendar = inspector.getByLabel('Calendar', { exact: true });
  await expect(calendar).toHaveValue('primary');
  await expect(calendar.locator('option:checked')).toHaveText('Clinic');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  await page.getByRole('tab', { name: 'Test' }).click();
  await page.getByRole('button', { name: 'Start a test' }).click();
  const offer = page.getByTestId('bot-reply').first();
  await expect(offer).toContainText('I can book you');
  await page.getByLabel('Say something…').fill('the first one');
  await page.getByLabel('Say something…').press('Enter');
  await expect(page.getByTestId('bot-reply').filter({ hasText: "You're booked" })).toBeVisible();

  const calendars = (await (await request.get(`${fakeGoogle}/__fake/calendars`)).json()) as Record<
    string,
    { id: string; start: { dateTime: string } }[]
  >;
  expect(calendars.primary!.length).toBeGreaterThanOrEqual(1);
  expect(connectionId).toBeTruthy();

  // Leave the shared demo project as it was.
  await card.getByRole('button', { name: 'Disconnect' }).click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click();
  await expect(card).toHaveCount(0);
});
