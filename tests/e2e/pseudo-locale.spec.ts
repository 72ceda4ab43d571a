import { expect, test, type Page } from '@playwright/test';
import { checker } from './support/page-words';
import { scene, translatorFor, walkMainScreens, withRows, type ScreenCheck } from './support/screens';
import { signedInPage } from './support/ui';

// Issue 18's pseudo-locale test. In the pseudo locale (the `lang=pseudo` cookie, which the test server allows
// with PSEUDO_LOCALE=1) every dictionary string is accented, bracketed and about 30% longer ("[Šååṽéé]"), and
// every `{en, ru}` text from the flow runtime is picked the same way, while plurals, numbers and dates stay
// English. So a plain Latin word on a screen is copy that never went through translation, in any language.
// Russian words are the scene's own data (a Russian clinic's names), so they are not checked here; the static
// check (`app/i18n/no-literal-copy.test.ts`) finds Russian or English literals in JSX.

/**
 * Words English formats write, which the pseudo locale keeps on purpose (Intl in `en`), beside
 * the product names and protocols `support/page-words.ts` allows.
 */
const ENGLISH_FORMATS = new Set([
  ...['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  ...['AM', 'PM'],
  // A currency as Intl writes an amount in en ("RUB 0"), and a language as Intl.DisplayNames names it.
  ...['RUB', 'USD', 'EUR', 'Russian'],
]);

/**
 * Text the longer words cut without an ellipsis: an element that hides its overflow and holds more than it
 * shows. Elements that truncate on purpose (`text-overflow: ellipsis`, line clamps) and scroll boxes are fine.
 */
async function clippedOn(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope) ?? document.body;
    const out: string[] = [];
    for (const el of root.querySelectorAll<HTMLElement>(
      'button, a, label, th, h1, h2, h3, [role="tab"], span',
    )) {
      const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      // Screen-reader-only text is a 1 px box on purpose.
      if (!text || !el.checkVisibility() || el.clientWidth <= 1) continue;
      const style = getComputedStyle(el);
      const hides = (v: string) => v === 'hidden' || v === 'clip';
      if (style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none') continue;
      const cutWide = hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const cutTall = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if (cutWide || cutTall)
        out.push(`${el.tagName.toLowerCase()} clips "${el.textContent?.trim().slice(0, 60)}"`);
    }
    // A dialog's controls stay inside it (its footer's buttons once ran out of its left edge).
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      const box = dialog.getBoundingClientRect();
      for (const control of dialog.querySelectorAll('button, a, input, select, textarea')) {
        const r = control.getBoundingClientRect();
        if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1))
          out.push(`"${control.textContent?.trim().slice(0, 40)}" sticks out of its dialog`);
      }
    }
    // The page itself never scrolls sideways at the test's 1280 px.
    const page = document.scrollingElement;
    if (scope === 'body' && page && page.scrollWidth > window.innerWidth + 1)
      out.push(`the page is ${page.scrollWidth - window.innerWidth}px wider than the window`);
    return out;
  }, scope);
}

test('pseudo locale: every main screen, dialog and block form goes through translation and fits', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(360_000);
  const s = await scene(request);
  await withRows(request, s);
  const page = await signedInPage(browser, 'en', 'owner@demo.local');
  await page.context().addCookies([{ name: 'lang', value: 'pseudo', url: baseURL! }]);
  const t = translatorFor('pseudo');
  const words = checker(page, ENGLISH_FORMATS);
  const clipped: string[] = [];
  const check: ScreenCheck = async (screen, scope = 'body') => {
    await words.check(screen, scope);
    for (const line of await clippedOn(page, scope)) clipped.push(`${screen} ${line}`);
  };

  await walkMainScreens(page, s, t, check);
  // The pseudo locale is really on: the sidebar's words are the transformed dictionary's.
  await expect(page.getByRole('link', { name: t('nav.agents') }).first()).toBeVisible();

  // The studio: the form of every block in the palette (the flow runtime's `{en, ru}` labels and help).
  await page.goto(`/p/${s.projectId}/agents/${s.agentId}`);
  await expect(page.locator('.react-flow__node').first()).toBeVisible({ timeout: 30_000 });
  await check('studio canvas', '.react-flow');
  const types = await page
    .locator('[data-palette-type]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-palette-type') ?? ''));
  expect(types.length).toBeGreaterThan(10);
  for (const type of types) {
    await page.locator(`[data-palette-type="${type}"]`).click();
    await expect(page.getByTestId('inspector')).toBeVisible();
    await check(`inspector of ${type}`, '[data-testid="inspector"]');
  }
  await check('studio palette', 'aside');
  await page.getByRole('button', { name: t('studio.publish.action'), exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('publish dialog with errors', '[role="dialog"]');

  expect(words.failures.join('\n')).toBe('');
  expect(clipped.join('\n')).toBe('');
});
