// Browser tests of the built UI (ui/dist) in headless Chromium (playwright-core, the system's
// /usr/bin/chromium; nothing is downloaded), with Tauri's IPC mocked by harness.ts: every view,
// keyboard flows (shortcuts, the help overlay), the planner (Today's list, Upcoming, the History
// calendar, search everywhere), the sync badge / Sync view / conflicts, and a 10,000-todo list
// that renders and filters. Run: `npm run build && npm run test:browser`.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BANK, calls, errorsOf, TODAY, TODO_1, todoOf, useBrowser } from './kit';

const open = useBrowser();

describe('every view', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`renders Today, Upcoming, Todos, Projects, History, Settings and Sync (${scheme})`, async () => {
      const page = await open('today', {}, scheme);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByTestId('today-item').first().waitFor();
      await page.getByTestId('nav-upcoming').click();
      await expect.poll(() => page.getByTestId('upcoming-day').count()).toBe(14);
      await page.getByTestId('nav-todos').click();
      await page.getByTestId('todo-item').first().waitFor();
      expect(await page.getByTestId('todo-item').count()).toBe(3);
      await page.getByTestId('nav-projects').click();
      await page.getByTestId('project-detail').waitFor();
      await page.getByTestId('nav-history').click();
      await page.getByText('2026', { exact: false }).first().waitFor();
      await page.getByTestId('nav-settings').click();
      await page.getByTestId('version').waitFor();
      expect(await page.getByTestId('mcp-config').textContent()).toContain('valet');
      await page.getByTestId('diag-ops').waitFor();
      expect(await page.getByTestId('diag-storage').textContent()).toContain('120.6 KiB');
      expect(await page.getByTestId('diag-ops').textContent()).toContain('mutate');
      await page.getByTestId('sync-badge').click();
      await page.getByTestId('sync-off').waitFor();
      expect(await page.getByTestId('sync-badge').textContent()).toContain('Sync off');
      expect(await page.getByTestId('no-conflicts').isVisible()).toBe(true);
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
      expect(bg).toBe(scheme === 'dark' ? '#18181a' : '#f7f7f5');
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});

describe('keyboard', () => {
  it('switches views with 1-7, opens and closes the help overlay and search, focuses the filter and new', async () => {
    const page = await open('today');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.keyboard.press('3');
    await page.getByTestId('todo-item').first().waitFor();
    expect(page.url()).toContain('#todos');
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    expect(await help.textContent()).toContain('Go to Sync');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    await page.keyboard.press('/');
    await page.getByTestId('search-dialog').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
    await page.keyboard.press('Escape');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('f');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await page.keyboard.type('bank');
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-todo');
    await page.keyboard.press('Escape');
    for (const [key, hash] of [['4', 'projects'], ['5', 'history'], ['6', 'settings'], ['7', 'sync'], ['2', 'upcoming'], ['1', 'today']] as const) {
      await page.locator('body').press(key);
      expect(page.url()).toContain(`#${hash}`);
    }
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('moves with j/k, completes with c, deletes with Delete and undoes with Ctrl+z', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.locator('body').press('j');
    await page.locator('body').press('c');
    await expect.poll(async () => (await calls(page, 'complete_todo')).length).toBe(1);
    const completed = await calls(page, 'complete_todo');
    expect(completed[0]?.args.id).toBe('019ac9b2-0000-7000-8000-000000000001');
    await page.locator('body').press('k');
    await page.locator('body').press('Delete');
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe('Deleted “Call the bank”.');
    await page.locator('body').press('Control+z');
    await expect.poll(async () => (await calls(page, 'undo')).length).toBe(1);
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe('Undone: Call the bank');
    await page.close();
  });
});

async function texts(page: Page, testid: string): Promise<string[]> {
  return page.getByTestId(testid).allTextContents();
}

describe('Today', () => {
  const seed = {
    tasks: [
      { id: 't1', text: 'Call the bank', done: false, todo: BANK },
      { id: 't2', text: 'Water the plants', done: false },
      { id: 't3', text: 'Renew passport', done: false, carried: 3, carriedFrom: '2026-11-25' },
    ],
    morning: { date: TODAY, previous: '2026-11-27', archived: true, carried: [{ text: 'Renew passport', carried: 3 }], overdue: 0, dueToday: 1, scheduled: 0 },
  };

  it('ticks a linked task (its todo completes), reorders by keyboard, resolves a carried task', async () => {
    const page = await open('today', seed);
    await page.getByTestId('today-item').first().waitFor();
    expect(await page.getByTestId('morning-line').textContent()).toBe('New day: carried 1 task from Fri 27 Nov; 1 due today');
    await page.getByTestId('morning-dismiss').click();
    await page.getByTestId('morning').waitFor({ state: 'detached' });
    // The task linked to "Call the bank" (due today) takes that todo's row, first.
    expect(await texts(page, 'today-text')).toEqual(['Call the bank', 'Water the plants', 'Renew passport']);
    expect(await page.getByTestId('today-badge').first().textContent()).toContain('Due today');
    expect(await page.getByTestId('today-link').first().textContent()).toBe('↗ todo');

    await page.getByTestId('today-check').first().check();
    await expect.poll(async () => (await calls(page, 'set_today_item'))[0]?.args).toEqual({ key: 'task:t1', done: true });
    await expect.poll(async () => (await todoOf(page, BANK))?.status).toBe('completed');
    expect(await page.getByTestId('today-check').first().isChecked()).toBe(true);

    await page.getByTestId('today-check').nth(1).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(async () => (await calls(page, 'reorder_today'))[0]?.args.keys).toEqual(['task:t2', 'task:t1', 'task:t3']);
    expect(await texts(page, 'today-text')).toEqual(['Water the plants', 'Call the bank', 'Renew passport']);
    // The focus stays on the moved row's checkbox, so it can move again.
    const focused = (): Promise<string | undefined> =>
      page.evaluate(() => (document.activeElement?.closest('[data-key]') as HTMLElement | null)?.dataset.key);
    expect(await focused()).toBe('task:t2');
    expect(await page.getByTestId('today-said').textContent()).toContain('Moved “Water the plants” to position 1 of 3');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await calls(page, 'reorder_today')).length).toBe(2);
    expect(await texts(page, 'today-text')).toEqual(['Call the bank', 'Water the plants', 'Renew passport']);
    expect(await focused()).toBe('task:t2');

    // Carried 3 times (the nudge threshold): schedule it for later, "tomorrow" by default.
    expect(await page.getByTestId('nudge').count()).toBe(1);
    await page.getByTestId('nudge-later').click();
    expect(await page.getByTestId('nudge-when').inputValue()).toBe('tomorrow');
    await page.getByTestId('nudge-when').press('Enter');
    await expect.poll(async () => (await calls(page, 'resolve_carried'))[0]?.args).toEqual({ id: 't3', action: 'later', when: 'tomorrow' });
    await expect.poll(() => texts(page, 'today-text')).toEqual(['Call the bank', 'Water the plants']);
    const later = await page.evaluate(() =>
      (window as unknown as { __valet: { todos: { content: string; when?: string }[] } }).__valet.todos.find((t) => t.content === 'Renew passport'),
    );
    expect(later?.when).toBe('2026-11-29');

    await page.getByTestId('new-task').fill('Buy stamps');
    await page.getByTestId('new-task').press('Enter');
    await expect.poll(() => texts(page, 'today-text')).toEqual(['Call the bank', 'Water the plants', 'Buy stamps']);
    await page.getByRole('button', { name: 'Remove “Buy stamps” from today' }).click();
    await expect.poll(() => texts(page, 'today-text')).toEqual(['Call the bank', 'Water the plants']);
    // Dragging a row above another reorders too.
    await page.getByTestId('today-item').nth(1).dragTo(page.getByTestId('today-item').first(), { targetPosition: { x: 40, y: 3 } });
    await expect.poll(() => texts(page, 'today-text')).toEqual(['Water the plants', 'Call the bank']);
    expect((await calls(page, 'reorder_today')).at(-1)?.args.keys).toEqual(['task:t2', 'task:t1']);
    // Sections stay compact until asked for.
    expect(await page.getByTestId('plan-reminders').count()).toBe(0);
    await page.getByTestId('open-plan-reminders').click();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Upcoming', () => {
  it('moves a todo a day later with ] and to a typed day with s', async () => {
    const page = await open('upcoming', { todoPatches: { 1: { when: TODAY }, 2: { due: '2026-11-30' } } });
    const day = (date: string) => page.locator(`[data-testid="upcoming-day"][data-date="${date}"]`);
    await day(TODAY).getByText('Todo number 1').waitFor();
    expect(await day('2026-11-30').textContent()).toContain('Todo number 2');
    expect(await day('2026-11-30').textContent()).toContain('Deadline');
    expect(await day('2026-12-01').textContent()).toContain('nothing planned');

    await page.locator(`[data-testid="upcoming-item"][data-todo-id="${TODO_1}"][data-kind="scheduled"]`).focus();
    await page.keyboard.press(']');
    await expect.poll(async () => (await calls(page, 'schedule_todo'))[0]?.args).toEqual({ id: TODO_1, when: '2026-11-29' });
    await day('2026-11-29').getByText('Todo number 1').waitFor();
    expect(await day(TODAY).getByText('Todo number 1').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-todo-id'))).toBe(TODO_1);
    // `]` moved the todo, it did not switch Today's day (that shortcut is for Today).
    expect(page.url()).toContain('#upcoming');

    await page.keyboard.press('s');
    await page.getByTestId('schedule-when').fill('friday');
    await page.getByTestId('schedule-when').press('Enter');
    await day('2026-12-04').getByText('Todo number 1').waitFor();
    expect((await calls(page, 'schedule_todo'))[1]?.args).toEqual({ id: TODO_1, when: 'friday' });
    expect(await page.getByTestId('upcoming-said').textContent()).toContain('Friday 4 December 2026');
    // Dragging onto another day reschedules too.
    await page.locator(`[data-testid="upcoming-item"][data-todo-id="${TODO_1}"]`).dragTo(day('2026-12-01'));
    await day('2026-12-01').getByText('Todo number 1').waitFor();
    expect((await calls(page, 'schedule_todo'))[2]?.args).toEqual({ id: TODO_1, when: '2026-12-01' });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('History calendar', () => {
  const days = {
    '2026-11-27': {
      plan: { tasks: [{ id: 'y1', text: 'Send the invoice', done: true }] },
      custom: [{ file: 'plan', name: 'meeting_notes', title: 'Meeting notes', text: 'Ana: the budget is approved for Q1.' }],
      archived: true,
    },
    '2026-11-12': { journal: { entries: [{ id: 'e1', time: '09:00', text: 'First day at the new job.' }] } },
  };

  it('marks days, moves with the arrow keys and opens a day with its custom section', async () => {
    const page = await open('history', { days });
    await expect.poll(() => page.getByTestId('month-title').textContent()).toBe('November 2026');
    const cell = (date: string) => page.locator(`[data-testid="calendar-day"][data-date="${date}"]`);
    await expect.poll(() => cell('2026-11-27').getAttribute('aria-label')).toBe('Friday 27 November 2026: plan, archived');
    expect(await cell(TODAY).getAttribute('aria-current')).toBe('date');
    expect(await cell(TODAY).getAttribute('tabindex')).toBe('0');
    expect(await cell('2026-11-12').getAttribute('aria-label')).toContain('journal');
    expect(await cell('2026-11-01').getAttribute('aria-label')).toContain('nothing stored');

    await cell(TODAY).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe('2026-11-27');
    await page.keyboard.press('Enter');
    const reader = page.getByTestId('day-reader');
    await reader.getByText('Meeting notes').waitFor();
    expect(await reader.textContent()).toContain('Ana: the budget is approved for Q1.');
    // The section's Markdown rendered: "- [x] Send the invoice" is a checked, read-only checkbox.
    const task = reader.getByRole('checkbox', { name: 'Send the invoice' });
    expect(await task.isChecked()).toBe(true);
    expect(await task.isDisabled()).toBe(true);
    expect(await reader.textContent()).not.toContain('[x]');
    await page.getByTestId('restore-day').waitFor();
    // The archived day's open tasks can be planned again today.
    await page.getByTestId('restore-as-today').click();
    await expect.poll(() => page.getByTestId('restore-message').textContent()).toContain('Planned today again');
    await cell('2026-11-27').focus();

    await page.keyboard.press('PageUp');
    await expect.poll(() => page.getByTestId('month-title').textContent()).toBe('October 2026');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe('2026-10-27');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-date'))).toBe('2026-11-13');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => reader.textContent()).toContain('First day at the new job.');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('search everywhere', () => {
  it('finds with the match marked, filters by kind, opens a todo and a day', async () => {
    const page = await open('today', {
      days: { '2026-11-20': { journal: { entries: [{ id: 'e1', time: '20:00', text: 'Long walk by the river bank after work.' }] } } },
    });
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // Ctrl+K is the command palette; what is typed there goes on to the full search.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('bank');
    await page.getByTestId('palette-option').filter({ hasText: 'Search everything for “bank”' }).click();
    await page.getByTestId('command-palette').waitFor({ state: 'detached' });
    expect(await page.getByTestId('search-input').inputValue()).toBe('bank');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(2);
    expect(await page.getByTestId('search-status').textContent()).toBe('2 results.');
    const first = page.getByTestId('search-hit').first();
    expect(await first.locator('.title').textContent()).toBe('Call the bank');
    expect(await first.locator('mark').textContent()).toBe('bank');
    expect(await page.getByTestId('search-hit').nth(1).locator('mark').textContent()).toBe('bank');
    expect(await page.getByTestId('search-hit').nth(1).textContent()).toContain('Journal');

    await page.getByTestId('search-kind-journal').check();
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(1);
    expect((await calls(page, 'search_all')).at(-1)?.args.query).toMatchObject({ text: 'bank', kinds: ['journal'] });
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached' });
    expect(page.url()).toContain('#history');
    await expect.poll(() => page.getByTestId('day-reader').textContent()).toContain('Long walk by the river bank');

    await page.keyboard.press('/');
    await page.getByTestId('search-input').fill('bank');
    await expect.poll(() => page.getByTestId('search-hit').count()).toBe(2);
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.url()).toContain('#todos');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Call the bank');
    expect(await page.locator('[data-testid="todo-item"][aria-current="true"]').getAttribute('data-todo-id')).toBe(BANK);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Todos and Settings for the planner', () => {
  it('shows and edits the scheduled day, plans a todo today', async () => {
    const page = await open('todos', { todoPatches: { 1: { when: '2026-11-29' } } });
    const row = page.locator(`[data-testid="todo-item"][data-todo-id="${TODO_1}"]`);
    await expect.poll(() => row.getByTestId('todo-when').textContent()).toBe('Scheduled tomorrow');
    await row.getByTestId('todo-plan').click();
    await expect.poll(async () => (await calls(page, 'plan_todo'))[0]?.args).toEqual({ id: TODO_1 });
    expect(await page.getByTestId('toast').textContent()).toContain('Planned “Todo number 1” for today');
    await row.getByRole('button', { name: 'Edit Todo number 1' }).click();
    await page.getByTestId('edit-when').fill('friday');
    await page.getByTestId('edit-when').press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args.patch).toMatchObject({ when: 'friday' });
    await expect.poll(() => row.getByTestId('todo-when').textContent()).toBe('Scheduled Fri');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('saves the planner settings on change, refusing a bad number', async () => {
    const page = await open('settings');
    const nudge = page.getByTestId('nudge-after');
    await expect.poll(() => nudge.inputValue()).toBe('3');
    await nudge.fill('0');
    await nudge.press('Tab');
    await expect.poll(() => page.getByTestId('planner-error').textContent()).toContain('a whole number from 1 to 99');
    expect(await calls(page, 'set_planner_prefs')).toEqual([]);
    await nudge.fill('5');
    await nudge.press('Tab');
    await expect.poll(async () => (await calls(page, 'set_planner_prefs'))[0]?.args).toEqual({ dayStartsAt: '04:00', nudgeAfter: 5 });
    expect(await page.getByTestId('planner-saved').textContent()).toContain('tasks carried 5 times');
    await page.getByTestId('day-starts-at').fill('13:00');
    await expect.poll(() => page.getByTestId('planner-error').textContent()).toContain('from 00:00 to 12:00');
    expect(await calls(page, 'set_planner_prefs')).toHaveLength(1);
    await page.getByTestId('day-starts-at').fill('05:30');
    await expect.poll(async () => (await calls(page, 'set_planner_prefs'))[1]?.args).toEqual({ dayStartsAt: '05:30', nudgeAfter: 5 });
    await page.close();
  });
});

describe('10,000 todos', () => {
  it('renders only the rows in view and filters as you type', async () => {
    const page = await open('todos', { todos: 10_000 });
    await page.getByTestId('todo-item').first().waitFor();
    expect(await page.getByTestId('todo-summary').textContent()).toBe('10000 todos');
    const rows = await page.getByTestId('todo-item').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(80);
    // Scrolling to the end shows the last todos without rendering the rest.
    await page.getByTestId('todo-scroller').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.getByText('Todo number 9999', { exact: true }).waitFor();
    expect(await page.getByTestId('todo-item').count()).toBeLessThan(80);
    // Typing filters: each keystroke's list is on screen quickly (IPC is mocked, so this is the
    // UI's own cost: query, diff, render).
    const search = page.getByTestId('search');
    await search.click();
    const started = Date.now();
    await search.pressSequentially('number 99');
    await expect.poll(() => page.getByTestId('todo-summary').textContent()).toMatch(/^280 (todos|matching of)/); // every word anywhere: 'number' and '99'
    const perKey = (Date.now() - started) / 'number 99'.length;
    expect(perKey).toBeLessThan(250);
    expect(await page.getByText('Todo number 99', { exact: true }).count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('sync', () => {
  const conflict = {
    record: 'journal/2026-11-27',
    index: 0,
    field: 'reflections',
    current: 'Written on the laptop',
    other: 'Written on the desktop',
    otherWritten: '2026-11-27T20:00:00Z on device a1b2c3',
  };

  it('shows synced-at, pending and errors on the badge, live from the sync event', async () => {
    const lastSync = new Date(2026, 10, 28, 9, 5).toISOString();
    const page = await open('today', { sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true, lastSync } });
    const badge = page.getByTestId('sync-badge');
    await expect.poll(() => badge.textContent()).toContain('Synced 09:05');
    await page.evaluate(() => {
      (window as unknown as { __valet: { emit: (e: string, p: unknown) => void } }).__valet.emit('valet://sync', {
        enabled: true, remote: 's3://b/alice', firstSyncDone: true, lastSync: null,
        error: "Can't reach the storage service (offline?). Your changes are kept here and sent when it is back.",
        needsConfirm: false, pending: 2, conflicts: 0,
      });
    });
    await expect.poll(() => badge.textContent()).toContain('Sync error');
    expect(await badge.getAttribute('title')).toContain("Can't reach the storage service");
    await page.getByTestId('sync-now').click();
    await expect.poll(async () => (await calls(page, 'sync_now')).length).toBe(1);
    await expect.poll(() => badge.textContent()).toContain('Synced');
    await page.close();
  });

  it('asks before a sync that would delete most data, then forces it', async () => {
    const message = 'Sync stopped: it would delete 90 of your 100 records. Nothing was changed.';
    const page = await open('sync', {
      sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true },
      failOnce: { sync_now: { code: 'confirm', message } },
    });
    await page.getByTestId('sync-now-view').click();
    const dialog = page.getByTestId('sync-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('90 of your 100 records');
    await page.getByTestId('sync-anyway').click();
    await dialog.waitFor({ state: 'detached' });
    const runs = await calls(page, 'sync_now');
    expect(runs.map((c) => c.args.force)).toEqual([false, true]);
    expect(await page.getByTestId('sync-message').textContent()).toContain('Synced: 1 sent');
    await page.close();
  });

  it('offers to keep what the other device deleted', async () => {
    const message = 'Sync stopped: it would delete 50 of your 51 todos. Nothing was changed.';
    const page = await open('sync', {
      sync: { enabled: true, remote: 's3://b/alice', firstSyncDone: true },
      failOnce: { sync_now: { code: 'confirm', message } },
    });
    await page.getByTestId('sync-now-view').click();
    await page.getByTestId('sync-confirm').waitFor();
    await page.getByTestId('sync-restore-deleted').click();
    await page.getByTestId('sync-confirm').waitFor({ state: 'detached' });
    const runs = await calls(page, 'sync_now');
    expect(runs.map((c) => [c.args.force, c.args.restoreDeleted])).toEqual([
      [false, false],
      [false, true],
    ]);
    await page.close();
  });

  it('lists conflicts with both texts and resolves one', async () => {
    const page = await open('sync', { conflicts: [conflict] });
    await page.getByTestId('conflict').waitFor();
    expect(await page.getByTestId('conflict-current').textContent()).toBe('Written on the laptop');
    expect(await page.getByTestId('conflict-other').textContent()).toBe('Written on the desktop');
    await expect.poll(() => page.getByTestId('sync-badge').textContent()).toContain('1 conflict');
    await page.getByTestId('keep-both').click();
    await page.getByTestId('no-conflicts').waitFor();
    const resolved = await calls(page, 'resolve_conflict');
    expect(resolved[0]?.args).toEqual({ record: 'journal/2026-11-27', index: 0, keep: 'both' });
    await page.close();
  });
});

describe('Add to Claude Desktop', () => {
  it('shows the change to claude_desktop_config.json, keeps other servers, applies on confirm', async () => {
    const before = JSON.stringify({ mcpServers: { files: { command: 'npx', args: ['fs'] } } }, null, 2);
    const page = await open('settings', { claude: { path: '/home/test/.config/Claude/claude_desktop_config.json', before } });
    await page.getByTestId('claude-add').click();
    const change = page.getByTestId('claude-change');
    await change.waitFor();
    expect(await change.textContent()).toContain('Kept as they are: files');
    expect(await page.getByTestId('claude-before').textContent()).toBe(before);
    const after = JSON.parse((await page.getByTestId('claude-after').textContent()) ?? '{}') as { mcpServers: Record<string, unknown> };
    expect(Object.keys(after.mcpServers)).toEqual(['files', 'valet']);
    expect(await calls(page, 'add_to_claude_desktop')).toEqual([]);
    await page.getByTestId('claude-apply').click();
    await page.getByTestId('claude-done').waitFor();
    expect(await page.getByTestId('claude-done').textContent()).toContain('Restart Claude Desktop');
    const applied = await calls(page, 'add_to_claude_desktop');
    expect(applied.map((c) => c.args.before)).toEqual([before]);
    // A second time: nothing to change.
    await page.getByTestId('claude-add').click();
    await expect.poll(() => page.getByTestId('claude-done').textContent()).toContain('already set up');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Serve MCP over HTTP', () => {
  it('is off until switched on, then shows its URL, token and the VS Code and Cursor configs', async () => {
    const page = await open('settings');
    await expect.poll(() => page.getByTestId('mcp-http-state').textContent()).toContain('Off.');
    expect(await page.getByTestId('mcp-http-token').count()).toBe(0);
    await page.getByTestId('mcp-http-port').fill('99');
    await page.getByTestId('mcp-http-enabled').click();
    await expect.poll(() => page.getByTestId('mcp-http-error').textContent()).toContain('Port: must be a whole number from 1024 to 65535');
    expect(await calls(page, 'set_mcp_http')).toEqual([]);
    expect(await page.getByTestId('mcp-http-enabled').isChecked()).toBe(false);
    await page.getByTestId('mcp-http-port').fill('7123');
    await page.getByTestId('mcp-http-enabled').check();
    await expect.poll(() => page.getByTestId('mcp-http-url').textContent()).toBe('http://127.0.0.1:7123/mcp');
    const token = (await page.getByTestId('mcp-http-token').textContent()) ?? '';
    expect(token.length).toBe(64);
    const vscode = JSON.parse((await page.getByTestId('mcp-http-config').textContent()) ?? '{}') as {
      servers: { valet: { url: string; headers: Record<string, string> } };
    };
    expect(vscode.servers.valet.url).toBe('http://127.0.0.1:7123/mcp');
    expect(vscode.servers.valet.headers.Authorization).toBe(`Bearer ${token}`);
    await page.getByTestId('mcp-http-new-token').click();
    await expect.poll(() => page.getByTestId('mcp-http-token').textContent()).not.toBe(token);
    await page.getByTestId('mcp-http-enabled').uncheck();
    await expect.poll(() => page.getByTestId('mcp-http-state').textContent()).toContain('Off.');
    expect((await calls(page, 'set_mcp_http')).map((c) => c.args)).toEqual([
      { enabled: true, port: 7123 },
      { enabled: false, port: 7123 },
    ]);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('Settings: data, sync interval and updates', () => {
  it('previews and runs a legacy import, exports, takes and restores a restore point', async () => {
    const page = await open('settings');
    await page.getByTestId('legacy-import').click();
    await expect.poll(() => page.getByTestId('data-error').textContent()).toContain('path: must not be empty');
    await page.getByTestId('legacy-path').fill('/home/test/valet-data');
    await page.getByTestId('legacy-preview').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('Would import — todos: 2 new');
    await page.getByTestId('legacy-import').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('restore point 20261128T090000000Z taken first');
    await page.getByTestId('export-format').selectOption('markdown');
    await page.getByTestId('export-path').fill('/home/test/notes');
    await page.getByTestId('export').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('(3 files)');
    expect((await calls(page, 'export_data'))[0]?.args).toEqual({ path: '/home/test/notes', format: 'markdown' });
    await page.getByTestId('backup-now').click();
    await page.getByTestId('restore-point').first().waitFor();
    await page.getByTestId('restore').first().click();
    expect(await calls(page, 'restore_point')).toEqual([]);
    await page.getByTestId('restore-confirm').click();
    await expect.poll(() => page.getByTestId('data-result').textContent()).toContain('Undo with restore point');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('refuses a bad sync interval naming the field, saves a good one', async () => {
    const page = await open('settings');
    await page.getByTestId('provider').selectOption('cloudflare-r2');
    await page.getByTestId('endpoint').fill('https://acct.r2.cloudflarestorage.com');
    await page.getByTestId('bucket').fill('b');
    await page.getByTestId('sync-interval').fill('2');
    await page.getByTestId('sync-interval').press('Enter');
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('syncInterval: must be a whole number of seconds from 5 to 86400');
    expect(await calls(page, 'set_storage_profile')).toEqual([]);
    await page.getByTestId('sync-interval').fill('120');
    await page.getByTestId('encrypt').check();
    await page.getByTestId('sync-interval').press('Enter');
    await page.getByTestId('saved').waitFor();
    const saved = await calls(page, 'set_storage_profile');
    expect(saved[0]?.args.profile).toMatchObject({ syncInterval: 120, encrypt: true });
    await page.close();
  });

  it('checks, downloads (verified) and offers install only after download', async () => {
    const page = await open('settings');
    expect(await page.getByTestId('update-install').count()).toBe(0);
    await page.getByTestId('update-check').click();
    await expect.poll(() => page.getByTestId('update-found').textContent()).toContain('Valet 0.2.0 is available');
    await page.getByTestId('update-download').click();
    await expect.poll(() => page.getByTestId('update-note').textContent()).toContain('signature checked');
    await page.getByTestId('update-install').waitFor();
    await page.getByTestId('update-channel').selectOption('beta');
    await page.getByTestId('update-feed').fill('https://example.com/latest.json');
    await page.getByTestId('update-feed').press('Enter');
    await expect.poll(() => page.getByTestId('update-note').textContent()).toContain('saved');
    expect((await calls(page, 'set_update_prefs'))[0]?.args.prefs).toEqual({ channel: 'beta', feed: 'https://example.com/latest.json', checkAtStart: true });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
