// Browser tests of undo and bulk changes in the built UI (harness: fake-undo.ts keeps the undo
// journal): Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y and the toast that says what they did, text fields
// keeping their own undo, a delete taken back, a change by an AI client undone from the todo's
// history (fields changed since kept), and the bulk bar: selecting with Ctrl/Shift+click, `x`,
// Shift+arrows and Escape, then tag, complete, schedule, priority and delete in one change each.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { asClient, BANK, calls, errorsOf, TODO_1, todoOf, useBrowser } from './kit';

const open = useBrowser();
const TODO_2 = '019ac9b2-0000-7000-8000-000000000002';
const TODO_3 = '019ac9b2-0000-7000-8000-000000000003';

/** With VALET_SCREENSHOTS=<dir>, saves a picture of the page there (to look at by hand). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.VALET_SCREENSHOTS;
  if (dir !== undefined) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

function row(page: Page, id: string): ReturnType<Page['locator']> {
  return page.locator(`[data-testid="todo-item"][data-todo-id="${id}"]`);
}

function toast(page: Page): Promise<string | null> {
  return page.getByTestId('toast').textContent();
}

function selectedIds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid="todo-item"][aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-todo-id')));
}

async function field(page: Page, id: string, name: string): Promise<unknown> {
  return (await todoOf(page, id))?.[name];
}

describe('undo and redo', () => {
  it('Ctrl+Z reopens a completed todo and says so; Ctrl+Shift+Z and Ctrl+Y redo; the toast button too', async () => {
    const page = await open('todos');
    await row(page, BANK).getByTestId('todo-toggle').click();
    await expect.poll(() => field(page, BANK, 'status')).toBe('completed');
    await expect.poll(() => row(page, BANK).count()).toBe(0);

    await page.keyboard.press('Control+z');
    await expect.poll(() => toast(page)).toBe('Undone: Call the bank');
    expect(await field(page, BANK, 'status')).toBe('pending');
    await expect.poll(() => row(page, BANK).count()).toBe(1);
    expect(await page.getByTestId('toast').getAttribute('role')).toBe('status');
    expect(await page.getByTestId('toast').getAttribute('aria-live')).toBe('polite');
    expect(await page.getByTestId('toast-action').textContent()).toBe('Redo');

    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => toast(page)).toBe('Redone: Call the bank');
    expect(await field(page, BANK, 'status')).toBe('completed');
    expect(await page.getByTestId('toast-action').textContent()).toBe('Undo');
    // The toast's Undo is Ctrl+Z again.
    await page.getByTestId('toast-action').click();
    await expect.poll(() => toast(page)).toBe('Undone: Call the bank');
    expect(await field(page, BANK, 'status')).toBe('pending');
    await page.getByTestId('toast-action').click();
    await expect.poll(() => field(page, BANK, 'status')).toBe('completed');
    expect((await calls(page, 'redo')).length).toBe(2);

    // Nothing left to redo: said in the same place, no dialog.
    await page.locator('body').press('Control+y');
    await expect.poll(() => toast(page)).toBe('There is nothing to redo');
    expect(await page.getByTestId('toast-action').count()).toBe(0);
    // Two undos take back the redo, then the completion... and then nothing is left.
    await page.keyboard.press('Control+z');
    await expect.poll(() => field(page, BANK, 'status')).toBe('pending');
    await page.keyboard.press('Control+z');
    await expect.poll(() => toast(page)).toBe('There is nothing to undo');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('leaves Ctrl+Z in a text field to the field', async () => {
    const page = await open('todos');
    const filter = page.getByTestId('search');
    await filter.click();
    await page.keyboard.type('bank');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+Shift+z');
    const tag = page.getByTestId('tag-input');
    await tag.click();
    await page.keyboard.type('work');
    await page.keyboard.press('Control+z');
    // A round trip the harness answers, so a stray undo would have shown by now.
    await page.getByTestId('nav-today').click();
    await page.getByTestId('today-item').first().waitFor();
    expect((await calls(page, 'undo')).length).toBe(0);
    expect((await calls(page, 'redo')).length).toBe(0);
    expect(await toast(page)).toBe('');
    await page.close();
  });

  it('brings a deleted todo back, from the toast and with Ctrl+Z', async () => {
    const page = await open('todos');
    await row(page, BANK).getByTestId('todo-delete').click();
    await expect.poll(() => toast(page)).toBe('Deleted “Call the bank”.');
    expect(await todoOf(page, BANK)).toBeUndefined();
    await page.getByTestId('toast-action').click();
    await expect.poll(() => toast(page)).toBe('Undone: Call the bank');
    await expect.poll(() => row(page, BANK).count()).toBe(1);
    expect(await field(page, BANK, 'content')).toBe('Call the bank');

    await row(page, TODO_1).getByTestId('todo-delete').click();
    await expect.poll(() => row(page, TODO_1).count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => row(page, TODO_1).count()).toBe(1);
    expect(await toast(page)).toBe('Undone: Todo number 1');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe("a change by someone else, from the todo's history", () => {
  it('undoes an AI client’s change, keeping what the app changed since; undoing the creation asks first', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-detail').waitFor();
    const undos = page.getByTestId('history-undo');
    // The seeded todos were created by Claude: that creation can be undone.
    await expect.poll(() => undos.count()).toBe(1);

    await asClient(page, 'mcp:Claude', 'update_todo', { id: BANK, patch: { content: 'Call the bank about the loan', priority: 'low' } });
    await expect.poll(() => row(page, BANK).getByTestId('todo-content').textContent()).toBe('Call the bank about the loan');
    await expect.poll(() => undos.count()).toBe(2);
    expect(await page.getByTestId('todo-history').textContent()).toMatch(/changed by Claude at \d\d:\d\d/);

    // The app rewords it since: the content stays when Claude's change is undone.
    await row(page, BANK).getByRole('button', { name: 'Edit Call the bank about the loan' }).click();
    await page.getByTestId('edit-content').fill('Call the bank today');
    await page.getByTestId('edit-content').press('Enter');
    await expect.poll(() => field(page, BANK, 'content')).toBe('Call the bank today');
    await expect.poll(() => page.getByTestId('todo-history').locator('li').count()).toBe(3);
    // The app's own change has no button (Ctrl+Z is for that).
    expect(await undos.count()).toBe(2);

    const claude = page.getByRole('button', { name: /^Undo: changed by Claude/ });
    await claude.click();
    await expect.poll(async () => (await calls(page, 'undo_change')).map((c) => c.args)).toEqual([{ key: BANK, rev: 2 }]);
    await expect.poll(() => field(page, BANK, 'priority')).toBe('high');
    expect(await field(page, BANK, 'content')).toBe('Call the bank today');
    await expect.poll(() => toast(page)).toBe('Undone: Call the bank today (kept: content, changed since)');
    // The detail and its history follow: the undo is the app's change now.
    await expect.poll(() => page.getByTestId('todo-history').locator('li').count()).toBe(4);
    expect(await page.getByTestId('todo-detail').locator('h2').textContent()).toBe('Call the bank today');

    // Undoing the creation of an untouched todo deletes it: asked first, and a "no" changes
    // nothing.
    await row(page, TODO_1).getByTestId('todo-content').click();
    await expect.poll(() => page.getByTestId('todo-detail').locator('h2').textContent()).toBe('Todo number 1');
    const created = page.getByRole('button', { name: /^Undo: created by Claude/ });
    await expect.poll(() => created.count()).toBe(1);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await created.click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toContain('This deletes “Todo number 1”');
    expect((await calls(page, 'undo_change')).length).toBe(1);
    page.once('dialog', (d) => {
      void d.accept();
    });
    await created.click();
    await expect.poll(() => todoOf(page, TODO_1)).toBeUndefined();
    expect((await calls(page, 'undo_change')).at(-1)?.args).toEqual({ key: TODO_1, rev: 1 });
    await expect.poll(() => row(page, TODO_1).count()).toBe(0);
    expect(await toast(page)).toBe('Undone: Todo number 1');
    // Redo (the toast's button, or Ctrl+Shift+Z) takes that undo back: the todo returns.
    expect(await page.getByTestId('toast-action').textContent()).toBe('Redo');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => row(page, TODO_1).count()).toBe(1);
    expect(await toast(page)).toBe('Redone: Todo number 1');
    // And Ctrl+Z takes that redo back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => row(page, TODO_1).count()).toBe(0);
    expect(await field(page, BANK, 'content')).toBe('Call the bank today');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('a change that cannot be undone', () => {
  it('says why in the toast, not in a dialog, and leaves the todo as it is', async () => {
    const why = `rev: no change to todos/${BANK}.json at revision 1 can be undone (too old, or made by sync or an import)`;
    const page = await open('todos', { failOnce: { undo_change: { code: 'invalid', message: why } } });
    page.once('dialog', (d) => {
      void d.accept();
    });
    await page.getByTestId('history-undo').click();
    await expect.poll(() => toast(page)).toBe(`No change to todos/${BANK}.json at revision 1 can be undone (too old, or made by sync or an import)`);
    expect(await todoOf(page, BANK)).toBeDefined();
    expect(await page.getByTestId('toast-action').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('bulk changes', () => {
  it('selects with Ctrl+click and Shift+click, tags three in one change, and the toast’s Undo takes every tag off', async () => {
    const page = await open('todos', { todos: 6 });
    await row(page, BANK).getByTestId('todo-content').click({ modifiers: ['Control'] });
    expect(await selectedIds(page)).toEqual([BANK]);
    // One selected: no bar yet.
    expect(await page.getByTestId('bulk-bar').count()).toBe(0);
    await row(page, TODO_2).getByTestId('todo-content').click({ modifiers: ['Shift'] });
    expect(await selectedIds(page)).toEqual([BANK, TODO_1, TODO_2]);
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    expect(await row(page, TODO_3).getAttribute('aria-selected')).toBe('false');
    await shot(page, 'bulk-bar');

    await page.getByTestId('bulk-tag').fill('urgent');
    await page.getByTestId('bulk-tag').press('Enter');
    await expect.poll(() => toast(page)).toBe('Tagged 3 todos #urgent');
    const sent = await calls(page, 'update_many');
    expect(sent.map((c) => c.args)).toEqual([{ ids: [BANK, TODO_1, TODO_2], patch: { addTags: ['urgent'] } }]);
    for (const id of [BANK, TODO_1, TODO_2]) expect(await field(page, id, 'tags')).toEqual(['urgent']);
    expect(await field(page, TODO_3, 'tags')).toBeUndefined();
    // Done: the selection is cleared.
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    expect(await selectedIds(page)).toEqual([]);

    await page.getByTestId('toast-action').click();
    await expect.poll(() => toast(page)).toBe('Undone: Call the bank, Todo number 1 and Todo number 2');
    for (const id of [BANK, TODO_1, TODO_2]) expect(await field(page, id, 'tags')).toBeUndefined();
    expect((await calls(page, 'undo')).length).toBe(1);
    await expect.poll(() => row(page, BANK).getByTestId('row-tag').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('completes, schedules, sets the priority and deletes several at once (delete asks first)', async () => {
    const page = await open('todos', { todos: 6 });
    const pick = async (...ids: string[]): Promise<void> => {
      for (const id of ids) await row(page, id).getByTestId('todo-content').click({ modifiers: ['Control'] });
    };

    await pick(TODO_1, TODO_2);
    await page.getByTestId('bulk-complete').click();
    await expect.poll(() => toast(page)).toBe('Completed 2 todos');
    expect((await calls(page, 'update_many')).at(-1)?.args).toEqual({ ids: [TODO_1, TODO_2], patch: { status: 'completed' } });
    await expect.poll(() => row(page, TODO_1).count()).toBe(0);
    expect(await field(page, TODO_2, 'status')).toBe('completed');
    // One Ctrl+Z reopens both.
    await page.keyboard.press('Control+z');
    await expect.poll(() => toast(page)).toBe('Undone: Todo number 1 and Todo number 2');
    expect(await field(page, TODO_1, 'status')).toBe('pending');
    expect(await field(page, TODO_2, 'status')).toBe('pending');

    // Reopen shows only when some are done.
    await page.getByTestId('filter-status').selectOption('all');
    await row(page, TODO_1).getByTestId('todo-toggle').click();
    await expect.poll(() => field(page, TODO_1, 'status')).toBe('completed');
    await pick(TODO_3, TODO_1);
    await page.getByTestId('bulk-reopen').click();
    await expect.poll(() => toast(page)).toBe('Reopened 1 todo');
    expect((await calls(page, 'update_many')).at(-1)?.args).toEqual({ ids: [TODO_1], patch: { status: 'pending' } });
    await pick(TODO_3, TODO_1);
    expect(await page.getByTestId('bulk-reopen').count()).toBe(0);

    await page.getByTestId('bulk-schedule').fill('tomorrow');
    await page.getByTestId('bulk-schedule').press('Enter');
    await expect.poll(() => toast(page)).toBe('Scheduled 2 todos for Sun 29 Nov');
    expect(await field(page, TODO_1, 'when')).toBe('2026-11-29');
    expect(await field(page, TODO_3, 'when')).toBe('2026-11-29');

    await pick(TODO_1, TODO_3);
    await page.getByTestId('bulk-priority').selectOption('low');
    await expect.poll(() => toast(page)).toBe('Set 2 todos to low priority');
    expect(await field(page, TODO_3, 'priority')).toBe('low');
    // After a change from the select (focus may stay there), Ctrl+Z still undoes it.
    await page.keyboard.press('Control+z');
    await expect.poll(() => field(page, TODO_3, 'priority')).toBe('high');
    expect(await field(page, TODO_1, 'priority')).toBe('medium');

    await pick(TODO_1, TODO_2, TODO_3);
    page.once('dialog', (d) => {
      void d.dismiss();
    });
    await page.getByTestId('bulk-delete').click();
    expect((await calls(page, 'remove_many')).length).toBe(0);
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3]);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.getByTestId('bulk-delete').click();
    await expect.poll(() => toast(page)).toBe('Deleted 3 todos');
    expect(asked[0]).toContain('Delete 3 todos?');
    expect((await calls(page, 'remove_many')).map((c) => c.args)).toEqual([{ ids: [TODO_1, TODO_2, TODO_3] }]);
    expect(await todoOf(page, TODO_2)).toBeUndefined();
    await page.getByTestId('toast-action').click();
    await expect.poll(() => todoOf(page, TODO_2)).toBeDefined();
    await expect.poll(() => toast(page)).toBe('Undone: Todo number 1, Todo number 2 and Todo number 3');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('x picks the focused row, Shift+arrows extend, Escape and Clear clear', async () => {
    const page = await open('todos', { todos: 6 });
    await page.getByTestId('todo-item').first().waitFor();
    await page.locator('body').press('j');
    await page.locator('body').press('x');
    expect(await selectedIds(page)).toEqual([TODO_1]);
    await page.locator('body').press('j');
    await page.locator('body').press('x');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2]);
    await page.getByTestId('bulk-bar').waitFor();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    // x again takes the row out.
    await page.locator('body').press('x');
    expect(await selectedIds(page)).toEqual([TODO_1]);
    // From the focused row (the second): down twice, then back up once.
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3]);
    await page.keyboard.press('Shift+ArrowDown');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3, '019ac9b2-0000-7000-8000-000000000004']);
    await page.keyboard.press('Shift+ArrowUp');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3]);
    expect(await page.locator('[data-testid="todo-item"][aria-current="true"]').getAttribute('data-todo-id')).toBe(TODO_3);

    // Escape in a field of the bar empties it first; the selection stays.
    await page.getByTestId('bulk-tag').fill('later');
    await page.getByTestId('bulk-tag').press('Escape');
    expect(await page.getByTestId('bulk-tag').inputValue()).toBe('');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3]);
    // The first Escape leaves the field, the next clears the selection.
    await page.keyboard.press('Escape');
    expect(await selectedIds(page)).toEqual([TODO_1, TODO_2, TODO_3]);
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    expect(await selectedIds(page)).toEqual([]);

    await page.keyboard.press('x');
    await page.keyboard.press('k');
    await page.keyboard.press('x');
    await page.getByTestId('bulk-clear').click();
    await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
    expect(await selectedIds(page)).toEqual([]);
    // A plain click leaves nothing selected either.
    await page.locator('body').press('x');
    await row(page, TODO_3).getByTestId('todo-content').click();
    expect(await selectedIds(page)).toEqual([]);

    // With two or more selected, Delete deletes them all (asked first), in one change.
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    page.once('dialog', (d) => {
      void d.accept();
    });
    await page.keyboard.press('Delete');
    await expect.poll(() => toast(page)).toBe('Deleted 2 todos');
    expect((await calls(page, 'remove_many')).map((c) => c.args)).toEqual([{ ids: [TODO_3, '019ac9b2-0000-7000-8000-000000000004'] }]);
    expect((await calls(page, 'remove_todo')).length).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('lists undo, redo and selecting in the help overlay', async () => {
    const page = await open('todos');
    await page.getByTestId('todo-item').first().waitFor();
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const words of ['Ctrl+z', 'Undo the app’s last change', 'Ctrl+Shift+z', 'Redo', 'Ctrl+y', 'Select the focused todo', 'Clear the selection']) {
      expect(text).toContain(words);
    }
    await page.close();
  });
});
