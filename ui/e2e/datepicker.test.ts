// Browser tests of the date picker (lib/DatePicker.svelte) and of dragging a todo onto a day:
// a deadline picked with the keyboard only (the APG keys), a quick choice and "No date" on a
// project's deadline, words typed with the shell's reading shown as you type, the search range,
// the dates in a todo's detail, a todo dragged onto the sidebar's Today (from Todos and from Upcoming) and `t`; axe with the
// popover open, light and dark.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { calls, errorsOf, TODAY, TODO_1, todoOf, useBrowser, violations } from './kit';

const open = useBrowser();
const TODO_2 = '019ac9b2-0000-7000-8000-000000000002';

function row(page: Page, id: string) {
  return page.locator(`[data-testid="todo-item"][data-todo-id="${id}"]`);
}

function focusedDate(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-date'));
}

function focusedTestid(page: Page): Promise<string | null | undefined> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
}

/** The Todos view with the first row's edit form open (`e`), its text field focused. */
async function editFirst(page: Page): Promise<void> {
  await row(page, TODO_1).getByTestId('todo-content').click();
  await page.keyboard.press('e');
  await page.getByTestId('edit-content').waitFor();
}

describe('the date picker', () => {
  it('picks a deadline with the keyboard only', async () => {
    const page = await open('todos');
    await row(page, TODO_1).waitFor();
    await editFirst(page);
    // Text, priority, project, the scheduled day and its button, then the deadline.
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
    expect(await focusedTestid(page)).toBe('edit-due');
    await page.keyboard.press('Alt+ArrowDown');
    const dialog = page.getByTestId('date-picker-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    // It opens on today (the field is empty), marked as the current date.
    await expect.poll(() => focusedDate(page)).toBe(TODAY);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('date');
    expect(await dialog.getByTestId('date-picker-month').textContent()).toBe('November 2026');

    const steps: [string, string][] = [
      ['ArrowRight', '2026-11-29'],
      ['ArrowDown', '2026-12-06'],
      ['PageDown', '2027-01-06'],
      ['PageUp', '2026-12-06'],
      ['Home', '2026-11-30'],
      ['End', '2026-12-06'],
      ['ArrowLeft', '2026-12-05'],
      ['ArrowUp', '2026-11-28'],
      ['ArrowDown', '2026-12-05'],
    ];
    for (const [key, day] of steps) {
      await page.keyboard.press(key);
      expect(await focusedDate(page), key).toBe(day);
    }
    expect(await dialog.getByTestId('date-picker-month').textContent()).toBe('December 2026');
    // `j` or `3` inside the popover are not the app's shortcuts.
    await page.keyboard.press('3');
    expect(await dialog.isVisible()).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    // The field has the day and the focus is back on the button that opened the calendar.
    expect(await page.getByTestId('edit-due').inputValue()).toBe('2026-12-05');
    expect(await focusedTestid(page)).toBe('edit-due-calendar');
    expect(await page.getByTestId('edit-due-calendar').getAttribute('aria-label')).toBe('Change the deadline, Saturday 5 December 2026, from a calendar');
    expect(await page.getByTestId('edit-due-hint').textContent()).toContain('Sat 5 Dec');

    // Escape closes without choosing and gives the focus back; the edit stays open.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await focusedDate(page)).toBe('2026-12-05');
    expect(await page.locator('[data-date="2026-12-05"]').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedTestid(page)).toBe('edit-due-calendar');
    expect(await page.getByTestId('edit-due').inputValue()).toBe('2026-12-05');

    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args.patch).toMatchObject({ due: '2026-12-05' });
    await expect.poll(async () => (await todoOf(page, TODO_1))?.due).toBe('2026-12-05');
    // (The row's deadline is in the browser's locale: "Dec 5" here.)
    await expect.poll(() => row(page, TODO_1).textContent()).toMatch(/5 Dec|Dec 5/);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('sets a project’s deadline from a quick choice, and clears it with No date', async () => {
    const page = await open('projects', { projects: [{ name: 'Move house', deadline: '2026-12-02' }] });
    const field = page.getByTestId('project-deadline');
    await page.locator('[data-testid="project-row"][data-name="Move house"] .pick').click();
    await expect.poll(() => field.inputValue()).toBe('2026-12-02');
    await page.getByTestId('project-deadline-calendar').click();
    const dialog = page.getByTestId('date-picker-dialog');
    await dialog.waitFor();
    // The field's day is selected and has the focus; the quick choices say their days.
    await expect.poll(() => focusedDate(page)).toBe('2026-12-02');
    expect(await dialog.getByTestId('date-quick-nextWeek').textContent()).toContain('Mon 30 Nov');
    expect(await dialog.getByTestId('date-quick-weekend').textContent()).toContain('Sat 5 Dec');
    await dialog.getByTestId('date-quick-tomorrow').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await calls(page, 'update_project'))[0]?.args.patch).toEqual({ deadline: '2026-11-29' });
    await expect.poll(() => field.inputValue()).toBe('2026-11-29');

    await page.getByTestId('project-deadline-calendar').click();
    await page.getByTestId('date-quick-none').click();
    await expect.poll(async () => (await calls(page, 'update_project'))[1]?.args.patch).toEqual({ deadline: '' });
    await expect.poll(() => field.inputValue()).toBe('');
    expect(await page.getByTestId('project-deadline-label').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('says the day typed words mean, and sends the words', async () => {
    const page = await open('todos');
    await row(page, TODO_1).waitFor();
    await editFirst(page);
    await page.getByTestId('edit-when').fill('in 2 weeks');
    await expect.poll(() => page.getByTestId('edit-when-hint').textContent()).toBe('→ Sat 12 Dec');
    await page.getByTestId('edit-due').fill('by friday');
    await expect.poll(() => page.getByTestId('edit-due-hint').textContent()).toBe('→ Fri 4 Dec');
    // Words it cannot place say nothing (the shell checks them when saved).
    await page.getByTestId('edit-due').fill('friday');
    await expect.poll(() => page.getByTestId('edit-due-hint').textContent()).toBe('→ Fri 4 Dec');
    await page.getByTestId('edit-due').press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args.patch).toMatchObject({ when: 'in 2 weeks', due: 'friday' });
    await expect.poll(() => row(page, TODO_1).getByTestId('todo-when').textContent()).toBe('Scheduled 12 Dec');

    // Search's range takes words too, and sends the day they mean.
    await page.keyboard.press('/');
    await page.getByTestId('search-input').fill('bank');
    await page.getByTestId('search-from').fill('tomorrow');
    await expect.poll(() => page.getByTestId('search-from-hint').textContent()).toBe('→ Sun 29 Nov');
    await expect.poll(async () => (await calls(page, 'search_all')).at(-1)?.args.query).toMatchObject({ text: 'bank', from: '2026-11-29' });
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('sets the dates from the selected todo’s detail, and Escape puts a draft back', async () => {
    const page = await open('todos');
    await row(page, TODO_1).getByTestId('todo-content').click();
    const detail = page.getByTestId('todo-detail');
    await expect.poll(() => detail.locator('h2').textContent()).toBe('Todo number 1');
    await detail.getByTestId('detail-due-calendar').click();
    await page.getByTestId('date-quick-nextWeek').click();
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args).toEqual({ id: TODO_1, patch: { due: '2026-11-30' } });
    await expect.poll(() => detail.getByTestId('detail-due').inputValue()).toBe('2026-11-30');

    const when = detail.getByTestId('detail-when');
    await when.fill('someday soon');
    await when.press('Escape');
    expect(await when.inputValue()).toBe('');
    await when.fill('tomorrow');
    await when.press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[1]?.args).toEqual({ id: TODO_1, patch: { when: 'tomorrow' } });
    await expect.poll(() => row(page, TODO_1).getByTestId('todo-when').textContent()).toBe('Scheduled tomorrow');
    await expect.poll(() => when.inputValue()).toBe('2026-11-29');
    expect(await calls(page, 'update_todo')).toHaveLength(2);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe violations while open (${scheme})`, async () => {
      const page = await open('todos', { todoPatches: { 1: { due: '2026-12-02' } } }, scheme);
      await row(page, TODO_1).waitFor();
      await row(page, TODO_1).getByTestId('todo-content').click();
      await page.getByTestId('detail-due').waitFor();
      expect(await violations(page, '[data-testid="todo-detail"]')).toEqual([]);
      await editFirst(page);
      await page.getByTestId('edit-due-calendar').click();
      await page.getByTestId('date-picker-dialog').waitFor();
      await page.locator('[data-date="2026-12-02"]').waitFor();
      expect(await violations(page, '[data-testid="date-picker-dialog"]')).toEqual([]);
      expect(await violations(page, '[data-testid="todo-list"]')).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});

describe('drag a todo onto a day', () => {
  it('schedules a todo dropped on the sidebar’s Today, and with `t`', async () => {
    const page = await open('todos');
    await row(page, TODO_1).waitFor();
    expect(await row(page, TODO_1).getByTestId('todo-when').count()).toBe(0);
    await row(page, TODO_1).getByTestId('todo-content').dragTo(page.getByTestId('nav-today'));
    await expect.poll(async () => (await calls(page, 'schedule_todo'))[0]?.args).toEqual({ id: TODO_1, when: TODAY });
    await expect.poll(() => row(page, TODO_1).getByTestId('todo-when').textContent()).toBe('Scheduled today');
    expect(await page.getByTestId('toast').textContent()).toContain('Scheduled “Todo number 1” for today.');
    // Still in Todos: the drop schedules, it does not switch views.
    expect(page.url()).toContain('#todos');

    await row(page, TODO_2).getByTestId('todo-content').click();
    await page.keyboard.press('t');
    await expect.poll(async () => (await calls(page, 'schedule_todo'))[1]?.args).toEqual({ id: TODO_2, when: TODAY });
    await expect.poll(() => row(page, TODO_2).getByTestId('todo-when').textContent()).toBe('Scheduled today');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('takes a todo from Upcoming onto Today too, and `t` there', async () => {
    const page = await open('upcoming', { todoPatches: { 1: { when: '2026-11-30' }, 2: { when: '2026-12-01' } } });
    const day = (date: string) => page.locator(`[data-testid="upcoming-day"][data-date="${date}"]`);
    await day('2026-11-30').getByText('Todo number 1').waitFor();
    await page.locator(`[data-testid="upcoming-item"][data-todo-id="${TODO_1}"]`).dragTo(page.getByTestId('nav-today'));
    await expect.poll(async () => (await calls(page, 'schedule_todo'))[0]?.args).toEqual({ id: TODO_1, when: TODAY });
    await day(TODAY).getByText('Todo number 1').waitFor();
    // A drag between days still moves it there.
    await page.locator(`[data-testid="upcoming-item"][data-todo-id="${TODO_1}"]`).dragTo(day('2026-12-03'));
    await day('2026-12-03').getByText('Todo number 1').waitFor();
    expect((await calls(page, 'schedule_todo'))[1]?.args).toEqual({ id: TODO_1, when: '2026-12-03' });

    await page.locator(`[data-testid="upcoming-item"][data-todo-id="${TODO_2}"]`).focus();
    await page.keyboard.press('t');
    await day(TODAY).getByText('Todo number 2').waitFor();
    expect((await calls(page, 'schedule_todo'))[2]?.args).toEqual({ id: TODO_2, when: TODAY });
    expect(page.url()).toContain('#upcoming');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
