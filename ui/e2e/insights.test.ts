// Browser tests of the Insights view in the built UI (harness: fake-insights.ts computes the answer
// from the seeded todos and days): reached from the sidebar, the palette and its key (8); the
// cards, chart, lists and moods match the fake's numbers; switching the range asks for the right
// days and grouping; the chart reads from the keyboard and as a table; the shell's error shows;
// and axe-core (WCAG 2.1 A/AA, contrast included) finds nothing in both themes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { asClient, calls, errorsOf, TODAY, TODO_1, useBrowser, violations } from './kit';

const open = useBrowser();

const done = (at: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ status: 'completed', completedAt: at, ...extra });

// Categories by index (harness): 1 work, 2 home, 3 finance, 7 finance; 4 is the default one.
const seed = {
  todos: 8,
  todoPatches: {
    1: done('2026-11-20T10:00:00Z', { due: '2026-11-21', tags: ['finance'] }),
    2: done('2026-11-25T10:00:00Z', { due: '2026-11-24' }),
    3: done('2026-11-27T09:00:00Z', { tags: ['finance', 'calls'] }),
    4: done('2026-09-15T10:00:00Z', { createdAt: '2026-09-01T10:00:00Z' }),
    5: { due: '2026-11-20' },
    7: done('2026-11-28T08:00:00Z', { due: TODAY }),
  },
  days: {
    '2026-11-26': {
      plan: { tasks: [{ id: 'a', text: 'Book the dentist', done: false, carried: 1 }] },
      journal: { mood: 'calm', entries: [{ id: 'e1', time: '20:00', text: 'Slow morning.' }] },
      archived: true,
    },
    '2026-11-27': {
      plan: { tasks: [{ id: 'b', text: 'Book the dentist', done: false, carried: 2 }, { id: 'c', text: 'Water the plants', done: true }] },
      journal: { mood: 'tired', entries: [] },
      archived: true,
    },
  },
  tasks: [{ id: 't1', text: 'Book the dentist', done: false, carried: 3 }],
};

interface Answer {
  completed: number;
  created: number;
  onTime: number;
  withDeadline: number;
  onTimeRate: number | null;
  medianDaysToComplete: number | null;
  overdueNow: number;
  plannedDays: number;
  journaledDays: number;
  carryOvers: number;
  completions: { start: string; completed: number }[];
  planStreak: { current: number; longest: number };
  journalStreak: { current: number; longest: number };
}

/** The fake's answer for a range, asked as the app asks it. */
function fake(page: Page, args: Record<string, unknown>): Promise<Answer> {
  return page.evaluate(
    (a) => (window as unknown as { __TAURI_INTERNALS__: { invoke: (c: string, a: unknown) => Promise<Answer> } }).__TAURI_INTERNALS__.invoke('insights', a),
    args,
  );
}

/** With VALET_SCREENSHOTS=<dir>, saves a picture of the page there (to look at by hand). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.VALET_SCREENSHOTS;
  if (dir !== undefined) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

const value = (page: Page, id: string): Promise<string> => page.getByTestId(`insight-${id}-value`).innerText();

async function rows(page: Page, testid: string): Promise<string[]> {
  return (await page.getByTestId(testid).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** The last call for the range shown (the year map's own call, 365 days to today, left out). */
async function lastCall(page: Page): Promise<Record<string, unknown> | undefined> {
  return (await calls(page, 'insights')).filter((c) => c.args.from !== '2025-11-29').at(-1)?.args;
}

describe('the Insights view', () => {
  it('opens from the sidebar and shows the fake’s numbers for the last 30 days', async () => {
    const page = await open('today', seed);
    await page.getByTestId('today-item').first().waitFor();
    await page.getByTestId('nav-insights').click();
    expect(page.url()).toContain('#insights');
    expect(await page.getByTestId('nav-insights').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('nav-insights').getAttribute('aria-keyshortcuts')).toBe('8');
    await expect.poll(() => value(page, 'completed')).toBe('4');
    expect(await lastCall(page)).toEqual({ from: null, to: null, group: 'day' });

    const want = await fake(page, { from: null, to: null, group: 'day' });
    // The seed by the rules, so the fake is checked too.
    expect(want).toMatchObject({ completed: 4, created: 7, withDeadline: 3, onTime: 2, medianDaysToComplete: 25.4, overdueNow: 1, plannedDays: 3, journaledDays: 2, carryOvers: 3 });
    expect(want.planStreak).toEqual({ current: 3, longest: 3 });
    expect(want.journalStreak).toEqual({ current: 2, longest: 2 });
    expect(await value(page, 'completed')).toBe(String(want.completed));
    expect(await value(page, 'created')).toBe(String(want.created));
    expect(await value(page, 'on-time')).toBe(`${String(Math.round((want.onTimeRate ?? 0) * 100))}%`);
    expect(await page.getByTestId('insight-on-time-detail').innerText()).toBe(`${String(want.onTime)} of ${String(want.withDeadline)} with a deadline`);
    expect(await value(page, 'median')).toBe(`${String(want.medianDaysToComplete)} days`);
    expect(await value(page, 'overdue')).toBe(String(want.overdueNow));
    expect(await value(page, 'planned')).toBe(String(want.plannedDays));
    expect(await value(page, 'journaled')).toBe(String(want.journaledDays));
    expect(await value(page, 'carry-overs')).toBe(String(want.carryOvers));
    expect(await value(page, 'plan-streak')).toBe('3 days');
    expect(await page.getByTestId('insight-plan-streak-detail').innerText()).toBe('Longest in the range: 3 days');
    expect(await value(page, 'journal-streak')).toBe('2 days');
    expect(await page.getByTestId('insights-range').innerText()).toBe('30 Oct – 28 Nov 2026 · 4 todos completed');

    // One bar per bucket with completions; every bucket in the table.
    const bars = await page.getByTestId('chart-bar').evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    expect(bars).toEqual(want.completions.filter((b) => b.completed > 0).map((b) => String(b.completed)));
    expect(await page.getByTestId('chart-table').locator('tbody tr').count()).toBe(want.completions.length);
    // Labels thinned so none overlaps, today's bucket labelled.
    const boxes = await page.getByTestId('chart-label').evaluateAll((els) => els.map((e) => (e as SVGGraphicsElement).getBoundingClientRect().toJSON() as DOMRect));
    boxes.slice(1).forEach((b, i) => {
      expect(b.left).toBeGreaterThanOrEqual((boxes[i]?.right ?? 0) - 0.5);
    });
    expect(await page.getByTestId('chart-label').last().textContent()).toBe('28 Nov');

    expect(await rows(page, 'top-projects-row')).toEqual(['finance 2', 'home 1', 'work 1']);
    expect(await rows(page, 'top-tags-row')).toEqual(['#finance 2', '#calls 1']);
    expect(await rows(page, 'carried-row')).toEqual(['Book the dentist Carried 3 times · last on Sat 28 Nov']);
    expect(await rows(page, 'mood-row')).toEqual(['Fri 27 Nov tired', 'Thu 26 Nov calm']);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('switches the range and the grouping, and reads the chart from the keyboard and as a table', async () => {
    const page = await open('insights', seed);
    await expect.poll(() => value(page, 'completed')).toBe('4');
    await page.getByTestId('range-quarter').click();
    await expect.poll(() => value(page, 'completed')).toBe('5');
    expect(await lastCall(page)).toEqual({ from: '2026-08-29', to: TODAY, group: 'week' });
    expect(await page.getByTestId('group-week').isChecked()).toBe(true);
    const quarter = await fake(page, { from: '2026-08-29', to: TODAY, group: 'week' });
    expect(await page.getByTestId('chart-table').locator('tbody tr').count()).toBe(quarter.completions.length);
    expect(await value(page, 'created')).toBe(String(quarter.created));
    expect(await rows(page, 'top-projects-row')).toEqual(['finance 2', 'No project 1', 'home 1', 'work 1']);

    await page.getByTestId('group-month').click();
    await expect.poll(() => lastCall(page)).toEqual({ from: '2026-08-29', to: TODAY, group: 'month' });
    await expect.poll(() => page.getByTestId('chart-table').locator('tbody tr').count()).toBe(4);
    expect(await page.getByTestId('chart-table').locator('tbody th').allTextContents()).toEqual(['August 2026', 'September 2026', 'October 2026', 'November 2026']);

    await page.getByTestId('range-week').click();
    await expect.poll(() => lastCall(page)).toEqual({ from: '2026-11-22', to: TODAY, group: 'day' });
    await expect.poll(() => value(page, 'completed')).toBe('3');
    expect(await page.getByTestId('group-day').isChecked()).toBe(true);
    expect(await page.getByTestId('chart-label').count()).toBe(7);

    // Keyboard: the chart takes the focus on today's bucket; arrows walk the others.
    const chart = page.getByTestId('completions-chart').locator('svg');
    await chart.focus();
    const readout = page.getByTestId('chart-readout');
    expect(await readout.innerText()).toBe('Saturday 28 November 2026: 1 completed');
    await page.keyboard.press('ArrowLeft');
    expect(await readout.innerText()).toBe('Friday 27 November 2026: 1 completed');
    await page.keyboard.press('Home');
    expect(await readout.innerText()).toBe('Sunday 22 November 2026: 0 completed');
    // The hover title says the same.
    expect(await chart.locator('title').first().textContent()).toBe('Sunday 22 November 2026: 0 completed');

    // Hidden from the eye only (a screen reader has it all along), until asked for.
    const table = page.getByTestId('chart-table');
    const box = (): Promise<number> => page.getByTestId('chart-table-box').boundingBox().then((b) => b?.width ?? 0);
    expect(await box()).toBeLessThanOrEqual(1);
    await page.getByTestId('chart-table-toggle').click();
    expect(await box()).toBeGreaterThan(100);
    expect(await page.getByTestId('chart-table-toggle').innerText()).toBe('Hide the table');

    await page.getByTestId('range-year').click();
    await expect.poll(() => lastCall(page)).toEqual({ from: '2026-01-01', to: TODAY, group: 'month' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(11);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('opens from the palette and with 8, follows live changes, and says when nothing was done', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('insights');
    const option = page.getByTestId('palette-option').first();
    await expect.poll(() => option.textContent()).toContain('Go to Insights');
    expect(await option.textContent()).toContain('8');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('#insights');
    await expect.poll(() => value(page, 'completed')).toBe('0');
    expect(await page.getByTestId('completions-empty').innerText()).toContain('Nothing was completed in the last 30 days');
    expect(await page.getByTestId('moods-empty').innerText()).toContain('No mood written');
    expect(await value(page, 'on-time')).toBe('—');

    await page.keyboard.press('1');
    await expect.poll(() => page.url()).toContain('#today');
    await page.keyboard.press('8');
    await expect.poll(() => page.url()).toContain('#insights');
    await expect.poll(() => value(page, 'overdue')).toBe('0');
    // Changed elsewhere (another client): the view follows the change feed. (A deadline moved into
    // the past: a completion would be stamped with the real clock, outside the harness's range.)
    await asClient(page, 'cli', 'update_todo', { id: TODO_1, patch: { due: '2026-11-01' } });
    await expect.poll(() => value(page, 'overdue')).toBe('1');
    expect(await page.getByTestId('insight-overdue-detail').innerText()).toBe('Open, past their deadline');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows the shell’s error in the view', async () => {
    const message = 'from: the range may cover at most 3660 days';
    const page = await open('insights', { failOnce: { insights: { code: 'invalid', message } } });
    await expect.poll(() => page.getByTestId('error').innerText()).toBe(message);
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);
    // The next range is asked again, and its answer clears the error.
    await page.getByTestId('range-week').click();
    await page.getByTestId('insight-completed-value').waitFor();
    expect(await page.getByTestId('error').count()).toBe(0);
    await page.close();
  });
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds nothing in the Insights view, the chart focused and as a table (${scheme})`, async () => {
      const page = await open('insights', seed, scheme);
      // No motion (as a person who asks for less would have it): axe reads colours mid-fade otherwise.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await expect.poll(() => value(page, 'completed')).toBe('4');
      expect(await violations(page, '[data-testid="insights"]')).toEqual([]);
      await shot(page, `insights-${scheme}`);
      await page.getByTestId('completions-chart').locator('svg').focus();
      await page.keyboard.press('ArrowLeft');
      await page.getByTestId('chart-table-toggle').click();
      await page.getByTestId('range-quarter').focus();
      expect(await violations(page, '[data-testid="insights"]')).toEqual([]);
      expect(await violations(page, '[data-testid="sidebar"]')).toEqual([]);
      await shot(page, `insights-table-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
