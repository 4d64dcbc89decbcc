// The screens the visual and layout tests go through (visual.test.ts, zoom.test.ts): one table, so
// a new view is one line here (its baselines are then made by `npm run test:visual:update`).
// Also how to show one on an open page and wait until it stops changing, without the mouse (a
// hover would show in the screenshot).
import type { Page } from 'playwright-core';

export interface Screen {
  /** Names the baseline files and the tests. */
  name: string;
  /** The view under it (its `#hash`). */
  view: string;
  /** Shown once its data is in. */
  ready: string;
  /** The main thing to do there: Tab must reach it and it must be in view once focused. */
  main: string;
  /** Dialogs keep the focus inside; the others are tabbed from the top of the page. */
  dialog?: boolean;
  /** The main field shows its focus by the caret alone (the palette: its one field, no ring). */
  caretOnly?: boolean;
  /** After the view is ready: open a dialog, a day. */
  then?: (page: Page) => Promise<void>;
}

/** The demo seed's instant: Saturday 28 November 2026, mid-morning in Paris. */
export const FROZEN_AT = '2026-11-28T10:30:00+01:00';
export const ZONE = 'Europe/Paris';

async function press(page: Page, key: string, shown: string): Promise<void> {
  await page.locator('body').press(key);
  await page.locator(shown).first().waitFor();
}

export const SCREENS: Screen[] = [
  { name: 'today', view: 'today', ready: '[data-testid="today-item"]', main: '[data-testid="new-task"]' },
  { name: 'upcoming', view: 'upcoming', ready: '[data-testid="upcoming-item"]', main: '[data-testid="upcoming-item"]' },
  { name: 'todos', view: 'todos', ready: '[data-testid="todo-item"]', main: '[data-testid="new-todo"]' },
  { name: 'projects', view: 'projects', ready: '[data-testid="project-row"]', main: '[data-testid="new-project"]' },
  {
    name: 'history',
    view: 'history',
    ready: '[data-testid="calendar-day"]',
    main: '[data-testid="calendar-day"][tabindex="0"]',
    // Yesterday open in the reader: an archived day with a plan and a journal.
    then: async (page) => {
      await page.locator('[data-date="2026-11-27"]').evaluate((el: HTMLElement) => {
        el.click();
      });
      await page.getByTestId('day-section').first().waitFor();
    },
  },
  {
    name: 'insights',
    view: 'insights',
    ready: '[data-testid="completions-chart"], [data-testid="completions-empty"]',
    main: 'input[name="insights-range"]',
  },
  { name: 'review', view: 'review', ready: '[data-testid="review-summary"]', main: 'input[name="review-period"]' },
  { name: 'settings', view: 'settings', ready: '[data-testid="theme"]', main: '[data-testid="theme"]' },
  { name: 'sync', view: 'sync', ready: '[data-testid="conflict"]', main: '[data-testid="sync-now-view"]' },
  {
    name: 'palette',
    view: 'todos',
    ready: '[data-testid="todo-item"]',
    main: '[data-testid="palette-input"]',
    dialog: true,
    caretOnly: true,
    then: (page) => press(page, 'Control+k', '[data-testid="palette-option"]'),
  },
  {
    name: 'shortcuts',
    view: 'today',
    ready: '[data-testid="today-item"]',
    main: '[data-testid="help-overlay"] header button',
    dialog: true,
    then: (page) => press(page, '?', '[data-testid="help-overlay"]'),
  },
];

/** Resolves once the page has not changed for a moment (late answers, counts, fonts). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((done) => {
      const observer = new MutationObserver(() => {
        clearTimeout(quiet);
        quiet = setTimeout(finish, 150);
      });
      let quiet = setTimeout(finish, 150);
      const cap = setTimeout(finish, 3000);
      function finish(): void {
        observer.disconnect();
        clearTimeout(cap);
        done();
      }
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
  });
}

/** Shows `screen` on a page already open on the app: dialogs closed, its view by its hash, the
 *  focus and the scroll back at the top, then its own steps. */
export async function show(page: Page, screen: Screen): Promise<void> {
  // Escape closes an open palette or overlay (the harness's changes are none of its business).
  while ((await page.locator('[data-testid="command-palette"], [data-testid="help-overlay"]').count()) > 0) {
    await page.keyboard.press('Escape');
  }
  await page.evaluate((view) => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    if (window.location.hash !== `#${view}`) window.location.hash = view;
  }, screen.view);
  await page.locator(screen.ready).first().waitFor();
  await page.evaluate(() => {
    document.querySelector('main')?.scrollTo(0, 0);
    window.scrollTo(0, 0);
  });
  await settle(page);
  if (screen.then !== undefined) {
    await screen.then(page);
    await settle(page);
  }
}
