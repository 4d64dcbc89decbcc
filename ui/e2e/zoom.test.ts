// Usable when small: at 200% zoom (a 1280x800 window zoomed is a 640x400 CSS viewport at device
// scale 2) and in an 800x600 window, with the demo data, every screen (screens.ts) has no
// sideways scroll and nothing past the right edge, the sidebar's every entry can be reached and
// it opens over the content with its names, the screen's main action is reached with Tab and is
// in view (not under something) once focused, and axe-core (WCAG 2.1 A/AA, contrast included)
// finds nothing in light or dark.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from './demo-seed';
import { errorsOf, useBrowser, violations } from './kit';
import { FROZEN_AT, SCREENS, settle, show, ZONE } from './screens';

const SIZES = [
  { name: '200% zoom', viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
  { name: '800x600', viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 },
];

const open = useBrowser();

/** What sticks out sideways: the page's or a scroller's overflow, and boxes past the right edge. */
function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) out.push(`the page scrolls sideways (${String(root.scrollWidth)} > ${String(window.innerWidth)})`);
    const name = (el: Element): string => {
      const id = el.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}${id === null ? '' : `[${id}]`}.${[...el.classList].join('.')} “${el.textContent.trim().slice(0, 30)}”`;
    };
    for (const el of document.querySelectorAll('main, [role="dialog"], [data-testid="command-palette"], [data-testid="sidebar"]')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} scrolls sideways (${String(el.scrollWidth)} > ${String(el.clientWidth)})`);
    }
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= window.innerWidth + 1) continue;
      // Screen-reader-only text is clipped to nothing on purpose.
      if (el.closest('.sr-only') !== null || getComputedStyle(el).getPropertyValue('clip') !== 'auto') continue;
      out.push(`${name(el)} ends at ${String(Math.round(r.right))}px, past ${String(window.innerWidth)}`);
    }
    return out.slice(0, 10);
  });
}

/** Tabs from the current focus until `selector` has it (or gives up); returns the presses. */
async function tabTo(page: Page, selector: string): Promise<number> {
  for (let n = 0; n <= 150; n += 1) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) === true, selector)) return n;
    await page.keyboard.press('Tab');
  }
  return -1;
}

/** What is wrong with the focused element: not fully in view, under something else, or with no
 *  visible sign of the focus. */
function focusTrouble(page: Page, caretOnly = false): Promise<string | null> {
  return page.evaluate((caret) => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement)) return 'nothing is focused';
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 1 || r.right > window.innerWidth + 1) {
      return `out of view at ${JSON.stringify({ top: r.top, left: r.left, bottom: r.bottom, right: r.right })}`;
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (hit === null || (el !== hit && !el.contains(hit))) return `under ${hit?.outerHTML.slice(0, 80) ?? 'nothing'}`;
    // The focus shows: a ring (outline) or a shadow standing in for one.
    const style = getComputedStyle(el);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return ring || style.boxShadow !== 'none' || caret ? null : 'focused, but nothing shows it';
  }, caretOnly);
}

for (const size of SIZES) {
  describe(`usable at ${size.name}`, () => {
    let page: Page;

    beforeAll(async () => {
      page = await open('today', DEMO_SEED, 'light', {
        page: { viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, timezoneId: ZONE, locale: 'en-US', reducedMotion: 'reduce' },
        time: FROZEN_AT,
      });
      await page.getByTestId('today-item').first().waitFor();
    });

    afterAll(async () => {
      await page.close();
    });

    it('reaches every sidebar entry, opens it over the content with its names and closes it with Escape', async () => {
      await page.emulateMedia({ colorScheme: 'light' });
      const first = SCREENS[0];
      if (first !== undefined) await show(page, first);
      // Every button the sidebar has (a view added later included).
      const entries = page.getByTestId('sidebar').locator('button');
      expect(await entries.count()).toBeGreaterThan(10);
      for (const entry of await entries.all()) {
        await entry.focus();
        expect(await focusTrouble(page), (await entry.getAttribute('data-testid')) ?? '').toBeNull();
      }
      await page.getByTestId('sidebar-toggle').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('sidebar').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(150);
      expect((await page.getByTestId('nav-projects').locator('.label').boundingBox())?.width).toBeGreaterThan(20);
      expect(await overflow(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByTestId('sidebar').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(60);
      expect(errorsOf(page)).toEqual([]);
    });

    for (const screen of SCREENS) {
      it(`${screen.name}: nothing sideways, the main action reached with Tab and in view, axe clean in both themes`, async () => {
        await page.emulateMedia({ colorScheme: 'light' });
        await show(page, screen);
        expect(await overflow(page)).toEqual([]);

        if (screen.dialog !== true) await page.getByTestId('sidebar-toggle').focus();
        const presses = await tabTo(page, screen.main);
        expect(presses, `Tab never reached ${screen.main}`).toBeGreaterThanOrEqual(0);
        expect(await focusTrouble(page, screen.caretOnly), screen.main).toBeNull();

        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await settle(page);
          expect(await violations(page, 'body'), `${screen.name}, ${scheme}`).toEqual([]);
        }
        expect(errorsOf(page)).toEqual([]);
      });
    }
  });
}
