import { expect, test, type Page } from '@playwright/test';
import { DEMO_PROJECT, signedInPage } from './support/ui';

// Issue 29: templates and "Tidy" lay flows out with ELK, top to bottom, wrapped to the canvas's shape.
// The goal is that a 14-block template fits at 60% zoom or more on a 1440×900 screen.
test.use({ viewport: { width: 1440, height: 900 } });

/** The canvas's zoom: the scale of React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  return page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
}

async function overlapping(page: Page): Promise<string[]> {
  const boxes = await page
    .locator('.react-flow__node')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({ id: n.getAttribute('data-id') ?? '', ...n.getBoundingClientRect().toJSON() })),
    );
  const found: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        found.push(`${a.id}/${b.id}`);
  return found;
}

test('a 14-block template opens laid out to fit the screen, and Tidy keeps it so', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await signedInPage(browser, 'en', 'builder@demo.local');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/projects');
  await page.getByRole('link', { name: new RegExp(DEMO_PROJECT) }).click();
  await page.getByRole('navigation').first().getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('button', { name: 'New agent' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name', { exact: true }).fill(`Booking ${Date.now()}`);
  await dialog.getByLabel('English').check();
  await dialog.getByLabel(/Appointment booking/).check();
  await dialog.getByRole('button', { name: 'Create and open' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(14);
  await page.waitForTimeout(500); // the first fitView
  const opened = await zoom(page);
  console.log(`template opens at ${Math.round(opened * 100)}%`);
  expect(await overlapping(page)).toEqual([]);

  await page.getByRole('button', { name: 'Tidy up the layout' }).click();
  await page.waitForTimeout(3000); // ELK in its worker, then the view glides to fit
  const tidied = await zoom(page);
  console.log(`after Tidy ${Math.round(tidied * 100)}%`);
  expect(await overlapping(page)).toEqual([]);
  // Cards take their input on top and outputs along the bottom edge, so ELK's layers stack tightly.
  expect(opened).toBeGreaterThanOrEqual(0.6);
  expect(tidied).toBeGreaterThanOrEqual(0.6);
});
