import { expect, test, type Page } from '@playwright/test';
import { builderBearer, demoReceptionist } from './support/demo-api';
import { signedInPage } from './support/ui';

// Issue 18 item 4, the readable canvas: the view refits when the window changes size (until the user moves it),
// a flow too large to read whole opens at Start, block text is never cut mid-line and shows in full on hover,
// errors name the field as the inspector labels it and open that field, and Publish says why it is off.
const copy = {
  en: {
    question: 'Question',
    problems: 'Problems',
    inspector: 'Block',
    missing: 'Fill in "Question" in block',
    publish: 'Publish',
    why: 'Publishing is off until the flow has no errors',
    firstError: 'Go to the first error',
  },
  ru: {
    question: 'Вопрос',
    problems: 'Проблемы',
    inspector: 'Блок',
    missing: 'Заполните поле «Вопрос» в блоке',
    publish: 'Опубликовать',
    why: 'Публикация недоступна, пока в сценарии есть ошибки',
    firstError: 'Перейти к первой ошибке',
  },
} as const;

/** The canvas's zoom: the scale of React Flow's viewport transform. */
async function zoom(page: Page): Promise<number> {
  return page
    .locator('.react-flow__viewport')
    .evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
}

/** The zoom once it has stopped moving (a refit or a wheel zoom may still be under way on a loaded machine). */
async function settledZoom(page: Page): Promise<number> {
  let last = await zoom(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const now = await zoom(page);
    if (Math.abs(now - last) < 1e-4) return now;
    last = now;
  }
  return last;
}

/** Whether the focused element is the inspector's input for this data field. */
async function focusedField(page: Page): Promise<string | null> {
  return page.evaluate(
    () => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? null,
  );
}

for (const locale of ['en', 'ru'] as const) {
  const c = copy[locale];

  test(`${locale}: the canvas refits on resize, opens a large flow at Start, and never cuts block text`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const created = await request.post(`/api/v1/projects/${projectId}/agents`, {
      headers: auth,
      data: { name: `Canvas ${locale} ${Date.now()}`, language: locale, template: 'appointment-booking' },
    });
    const agentId = ((await created.json()) as { id: string }).id;
    const page = await signedInPage(browser, locale, 'builder@demo.local');

    // A small window: the whole flow would be drawn at about a third of its size, so it opens at Start.
    await page.setViewportSize({ width: 1024, height: 720 });
    await page.goto(`/p/${projectId}/agents/${agentId}`);
    await expect(page.locator('.react-flow__node')).toHaveCount(14);
    await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.5);
    const canvas = (await page.getByTestId('flow-canvas').boundingBox())!;
    const start = (await page.getByTestId('node-start').boundingBox())!;
    expect(start.x).toBeGreaterThanOrEqual(canvas.x);
    expect(start.y).toBeGreaterThanOrEqual(canvas.y);
    expect(start.x + start.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(start.y + start.height).toBeLessThanOrEqual(canvas.y + canvas.height);

    // A large window: the whole flow fits readably; a narrower one refits it.
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => zoom(page)).toBeGreaterThanOrEqual(0.6);
    const wide = await settledZoom(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => zoom(page)).toBeLessThan(wide);
    // Once the user zooms by hand, resizing leaves the view alone.
    const box = (await page.getByTestId('flow-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => zoom(page)).toBeGreaterThan(wide);
    const chosen = await settledZoom(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(1440);
    await page.waitForTimeout(300); // two frames for a refit that must not come
    expect(await zoom(page)).toBeCloseTo(chosen, 3);

    // Block text: whole lines only (an ellipsis ends the last one), and the full text on hover.
    const summaries = await page.getByTestId('node-summary').evaluateAll((els) =>
      els.map((el) => {
        const style = getComputedStyle(el);
        const lines =
          (el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) /
          parseFloat(style.lineHeight);
        return { title: el.getAttribute('title'), text: el.textContent, lines };
      }),
    );
    expect(summaries).toHaveLength(14);
    for (const s of summaries) {
      expect(s.title).toBe(s.text);
      expect(s.lines).toBeCloseTo(Math.round(s.lines), 3);
    }
    const ports = await page
      .locator('.react-flow__node [data-port]')
      .evaluateAll((els) => els.map((el) => el.parentElement?.getAttribute('title') ?? ''));
    expect(ports.length).toBeGreaterThan(14);
    for (const title of ports) expect(title).not.toBe('');
    await page.context().close();
  });

  test(`${locale}: an error names the field's label, opens its field, and Publish says why it is off`, async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const auth = await builderBearer(request);
    const { projectId } = await demoReceptionist(request, auth);
    const created = await request.post(`/api/v1/projects/${projectId}/agents`, {
      headers: auth,
      data: { name: `Errors ${locale} ${Date.now()}`, language: locale, template: 'appointment-booking' },
    });
    const agentId = ((await created.json()) as { id: string }).id;
    const page = await signedInPage(browser, locale, 'builder@demo.local');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/p/${projectId}/agents/${agentId}`);
    await page.getByTestId('node-ask_date').click();
    const question = page.getByTestId('inspector').locator('[data-field="prompt"]');
    await expect(question).toContainText(c.question);
    await question.locator('textarea').fill('');
    await page.getByTestId('node-start').click(); // somewhere else: the inspector shows Start

    await page.getByRole('tab', { name: new RegExp(`^${c.problems}`) }).click();
    const problem = page.locator('[data-issue-code="required_field_missing"]');
    await expect(problem).toContainText(c.missing);
    await expect(problem).not.toContainText('prompt');
    await problem.click();
    await expect(page.getByRole('tab', { name: c.inspector })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', 'ask_date');
    await expect.poll(() => focusedField(page)).toBe('prompt');

    await page.getByTestId('node-start').click();
    const toolbarPublish = page.getByRole('button', { name: c.publish, exact: true }); // no dialog yet
    await expect(toolbarPublish).toHaveAttribute('title', new RegExp(c.why));
    await toolbarPublish.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(c.why);
    await expect(dialog).toContainText(c.missing);
    const confirm = dialog.getByRole('button', { name: c.publish, exact: true });
    await expect(confirm).toBeDisabled();
    await expect(confirm).toHaveAccessibleDescription(new RegExp(c.why));
    await dialog.getByRole('button', { name: c.firstError }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', 'ask_date');
    await expect.poll(() => focusedField(page)).toBe('prompt');
    await page.context().close();
  });
}
