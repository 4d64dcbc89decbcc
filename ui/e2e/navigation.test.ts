// Browser tests of the sidebar and the command palette (ui/dist in headless Chromium, IPC mocked
// by harness.ts): every view with its key, aria-current and live counts; collapsing (button and
// Ctrl+\, remembered across a reload) and an 800x600 window; the palette's keyboard flow (fuzzy
// filter, arrows, Enter, Escape with the focus given back, Ctrl+K from a text field and again to
// close), a command that changes the theme, a todo found from it; and axe-core (WCAG 2.1 A/AA,
// contrast included) on the sidebar and the palette in both themes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { asClient, calls, errorsOf, useBrowser, violations } from './kit';

const open = useBrowser();

const focused = (page: Page): Promise<string | null | undefined> =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

/** A view's count as a screen reader hears it. */
function count(page: Page, view: string): Promise<string | null> {
  return page.getByTestId(`nav-count-${view}`).locator('.sr-only').textContent();
}

async function width(page: Page): Promise<number> {
  return page.getByTestId('sidebar').evaluate((el) => Math.round(el.getBoundingClientRect().width));
}

describe('sidebar', () => {
  it('lists the views with their keys and counts, marks the current one, collapses and remembers it', async () => {
    const page = await open('today');
    await page.getByTestId('today-item').first().waitFor();
    const today = page.getByTestId('nav-today');
    expect(await today.getAttribute('aria-current')).toBe('page');
    expect(await today.getAttribute('title')).toBe('Today (1)');
    expect(await page.getByTestId('nav-history').getAttribute('aria-keyshortcuts')).toBe('5');
    // Counts: 3 open todos, 1 of them due today (the harness's seed).
    await expect.poll(() => count(page, 'todos')).toBe(', 3 open');
    expect(await count(page, 'today')).toBe(', 1 open');
    // Another client adds a todo: the count follows the change feed.
    await asClient(page, 'cli', 'add_todo', { input: { content: 'Added by the CLI' } });
    await expect.poll(() => count(page, 'todos')).toBe(', 4 open');

    await page.getByTestId('nav-todos').click();
    await page.getByTestId('todo-item').first().waitFor();
    expect(await page.getByTestId('nav-todos').getAttribute('aria-current')).toBe('page');
    expect(await today.getAttribute('aria-current')).toBeNull();

    const expanded = await width(page);
    expect(expanded).toBeGreaterThan(150);
    const toggle = page.getByTestId('sidebar-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await expect.poll(() => width(page)).toBeLessThan(60);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.getAttribute('aria-label')).toBe('Expand the sidebar');
    // Icons only, the names still there for screen readers; the keys still work.
    expect((await page.getByTestId('nav-todos').locator('.label').boundingBox())?.width).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('sync-badge').textContent()).toContain('Sync off');
    expect(await page.evaluate(() => localStorage.getItem('valet.sidebar'))).toBe('collapsed');
    await page.reload();
    await page.getByTestId('todo-item').first().waitFor();
    expect(await width(page)).toBeLessThan(60);
    await page.locator('body').press('5');
    expect(page.url()).toContain('#history');
    await page.locator('body').press('Control+Backslash');
    await expect.poll(() => width(page)).toBe(expanded);
    expect(await page.evaluate(() => localStorage.getItem('valet.sidebar'))).toBe('expanded');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows icons only in an 800x600 window, opens over the content and closes on a pick', async () => {
    const page = await open('today');
    await page.setViewportSize({ width: 800, height: 600 });
    await page.getByTestId('today-item').first().waitFor();
    await expect.poll(() => width(page)).toBeLessThan(60);
    // Every entry is on screen and works.
    for (const id of ['nav-today', 'nav-upcoming', 'nav-todos', 'nav-projects', 'nav-history', 'sync-badge', 'nav-settings', 'help-button']) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect((box?.y ?? 0) + (box?.height ?? 0), id).toBeLessThanOrEqual(600);
    }
    await page.getByTestId('nav-projects').click();
    expect(page.url()).toContain('#projects');
    const mainLeft = (): Promise<number> => page.locator('main').evaluate((el) => Math.round(el.getBoundingClientRect().left));
    const left = await mainLeft();
    await page.getByTestId('sidebar-toggle').click();
    await expect.poll(() => width(page)).toBeGreaterThan(150);
    // Over the content: the view does not move.
    expect(await mainLeft()).toBe(left);
    expect((await page.getByTestId('nav-history').locator('.label').boundingBox())?.width).toBeGreaterThan(20);
    await page.getByTestId('nav-history').click();
    expect(page.url()).toContain('#history');
    await expect.poll(() => width(page)).toBeLessThan(60);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('command palette', () => {
  it('filters as you type, moves with the arrows, runs with Enter, closes with Escape and gives the focus back', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.getByTestId('nav-upcoming').focus();
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    const input = page.getByTestId('palette-input');
    await input.waitFor();
    expect(await focused(page)).toBe('palette-input');
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-controls')).toBe('palette-list');
    expect(await page.locator('#palette-list').getAttribute('role')).toBe('listbox');
    const first = (await input.getAttribute('aria-activedescendant')) ?? '';
    expect(await page.locator(`#${first}`).getAttribute('aria-selected')).toBe('true');
    // Keys come from the shortcut table; Todos' own commands are offered here, Today's are not.
    expect(await page.getByTestId('palette-option').filter({ hasText: 'Go to Sync' }).textContent()).toContain('7');
    expect(await page.getByTestId('palette-option').filter({ hasText: 'Filter the list' }).count()).toBe(1);
    expect(await page.getByTestId('palette-option').filter({ hasText: 'Next day' }).count()).toBe(0);
    await page.keyboard.press('ArrowDown');
    const second = await input.getAttribute('aria-activedescendant');
    expect(second).not.toBe(first);
    expect(await page.locator(`#${second ?? ''}`).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    expect(await input.getAttribute('aria-activedescendant')).toBe(first);
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('nav-upcoming');
    expect(page.url()).toContain('#todos');

    await page.keyboard.press('Control+k');
    await input.fill('gtp');
    await expect.poll(() => page.getByTestId('palette-option').first().textContent()).toContain('Go to Projects');
    await input.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => page.url()).toContain('#projects');

    // Ctrl+K twice closes it again.
    await page.keyboard.press('Control+k');
    await input.waitFor();
    await page.keyboard.press('Control+k');
    await palette.waitFor({ state: 'detached' });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('opens from a text field, switches the theme (stored with the shell) and finds a todo', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.getByTestId('search').focus();
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('palette-input');
    await input.fill('dark');
    // The one command, then "Search everything for “dark”".
    await expect.poll(() => page.getByTestId('palette-option').count()).toBe(2);
    expect(await page.getByTestId('palette-option').first().textContent()).toContain('Switch theme');
    await input.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(async () => (await calls(page, 'set_preferences')).at(-1)?.args.theme).toBe('dark');
    expect(await page.getByTestId('toast').textContent()).toBe('Dark theme.');
    // The focus went back to the filter it came from.
    expect(await focused(page)).toBe('search');

    await page.keyboard.press('Control+k');
    await input.fill('bank');
    const hit = page.getByTestId('palette-option').filter({ hasText: 'Call the bank' });
    await hit.waitFor();
    expect(await page.getByTestId('palette-status').textContent()).toContain('1 todo or day');
    await hit.click();
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Call the bank');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('lists the same keys as the help overlay', async () => {
    const page = await open('today');
    await page.getByTestId('today-item').first().waitFor();
    await page.keyboard.press('?');
    const help = await page.getByTestId('help-overlay').textContent();
    expect(help).toContain('Ctrl+k');
    expect(help).toContain('Ctrl+\\');
    expect(await page.getByTestId('help-palette-only').textContent()).toContain('Switch theme (light or dark)');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    const option = page.getByTestId('palette-option').filter({ hasText: 'Show keyboard shortcuts' });
    expect(await option.textContent()).toContain('?');
    await option.click();
    await page.getByTestId('help-overlay').waitFor();
    await page.close();
  });
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds nothing in the sidebar, collapsed or not, and the palette (${scheme})`, async () => {
      const page = await open('today', { sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true, lastSync: new Date().toISOString() } }, scheme);
      // No motion (as a person who asks for less would have it): axe reads colours mid-fade otherwise.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.getByTestId('today-item').first().waitFor();
      await page.getByTestId('nav-count-todos').waitFor();
      await page.getByTestId('sync-now').waitFor();
      expect(await violations(page, '[data-testid="sidebar"]')).toEqual([]);
      await page.getByTestId('sidebar-toggle').click();
      await expect.poll(() => width(page)).toBeLessThan(60);
      expect(await violations(page, '[data-testid="sidebar"]')).toEqual([]);
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette-input').fill('go');
      await page.getByTestId('palette-option').first().waitFor();
      expect(await violations(page, '[data-testid="command-palette"]')).toEqual([]);
      await page.getByTestId('palette-input').fill('bank');
      await page.getByTestId('palette-option').filter({ hasText: 'Call the bank' }).waitFor();
      expect(await violations(page, '[data-testid="command-palette"]')).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
