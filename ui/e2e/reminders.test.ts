// Browser tests of reminders in the built UI (harness: fake-reminders.ts): the detail's reminder
// field (in words, with when they fire; a refusal inline, changing nothing), the bell in a row,
// snooze, reminders in both quick-add previews, Settings' Reminders group, and a clicked
// reminder notification (the `valet://open-todo` event) opening its todo.
import { describe, expect, it } from 'vitest';
import { BANK, calls, emit, errorsOf, TODO_1, todoOf, useBrowser } from './kit';

const open = useBrowser();

function row(id: string): string {
  return `[data-testid="todo-item"][data-todo-id="${id}"]`;
}

describe('reminders in Todos', () => {
  it('edits reminders in the detail, says them in words with when they fire, marks the row with a bell', async () => {
    // The bank todo is due today (2026-11-28, a Saturday); give its deadline a time.
    const page = await open('todos', { todoPatches: { 0: { dueTime: '09:00' } } });
    const bank = page.locator(row(BANK));
    await page.getByTestId('todo-detail').waitFor();
    expect(await bank.getByTestId('reminder-mark').count()).toBe(0);
    const input = page.getByTestId('todo-reminders-input');
    await input.fill('30m before, 9am');
    await input.press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args).toEqual({ id: BANK, patch: { reminders: '30m before, 9am' } });
    const mark = bank.getByTestId('reminder-mark');
    await expect.poll(() => mark.getAttribute('title')).toBe('Reminds: 30 min before (Sat 28 Nov 08:30), 09:00 on the day (Sat 28 Nov 09:00)');
    expect(await mark.textContent()).toContain('Reminds: 30 min before');
    const said = await page.getByTestId('todo-reminders').locator('li').allTextContents();
    expect(said.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(['30 min before · today 08:30', '09:00 on the day · today 09:00']);
    // The field now holds the stored form, which reads back unchanged.
    expect(await input.inputValue()).toBe('30m before, 09:00');
    // Leaving the field unchanged sends nothing.
    await input.press('Tab');
    expect(await calls(page, 'update_todo')).toHaveLength(1);

    await input.fill('');
    await input.press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[1]?.args.patch).toEqual({ reminders: '' });
    await expect.poll(() => bank.getByTestId('reminder-mark').count()).toBe(0);
    expect(await page.getByTestId('todo-detail').textContent()).toContain('No reminders.');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows a refused reminder inline, naming the field, and changes nothing', async () => {
    const page = await open('todos', { todoPatches: { 0: { dueTime: '09:00', reminders: ['at deadline'] } } });
    const input = page.getByTestId('todo-reminders-input');
    await expect.poll(() => input.inputValue()).toBe('at deadline');
    await input.fill('soon');
    await input.press('Enter');
    const error = page.getByTestId('todo-reminders-error');
    await expect.poll(() => error.textContent()).toContain('reminders: is not a reminder; got "soon"');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await todoOf(page, BANK))?.reminders).toEqual(['at deadline']);
    expect(await page.locator(row(BANK)).getByTestId('reminder-mark').getAttribute('title')).toBe('Reminds: at the deadline (Sat 28 Nov 09:00)');
    // Leaving the field does not send the same refused text again; Escape puts the saved one back.
    await input.press('Tab');
    expect(await calls(page, 'update_todo')).toHaveLength(1);
    await input.focus();
    await input.press('Escape');
    expect(await input.inputValue()).toBe('at deadline');
    expect(await error.count()).toBe(0);

    // A todo without a deadline time cannot have a "before" reminder.
    await page.locator(row(TODO_1)).getByTestId('todo-content').click();
    await expect.poll(() => page.getByTestId('todo-detail').locator('h2').textContent()).toBe('Todo number 1');
    await input.fill('30m before');
    await input.press('Enter');
    await expect.poll(() => error.textContent()).toContain('reminders: "30m before" needs a deadline with a time of day (due and dueTime)');
    expect((await todoOf(page, TODO_1))?.reminders).toBeUndefined();
    expect(await page.locator(row(TODO_1)).getByTestId('reminder-mark').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('snoozes 10 minutes and until tomorrow, saying until when', async () => {
    const page = await open('todos', { todoPatches: { 0: { dueTime: '09:00', reminders: ['at deadline'] } } });
    await page.getByTestId('snooze-10').click();
    await expect.poll(async () => (await calls(page, 'snooze_reminder'))[0]?.args).toEqual({ id: BANK, until: '10m' });
    await expect.poll(() => page.getByTestId('snoozed-until').textContent()).toMatch(/^Snoozed until (tomorrow )?\d\d:\d\d$/);
    expect(await page.getByRole('button', { name: 'Snooze 1 hour' }).getAttribute('data-testid')).toBe('snooze-60');
    await page.getByTestId('snooze-tomorrow').click();
    await expect.poll(async () => (await calls(page, 'snooze_reminder'))[1]?.args).toEqual({ id: BANK, until: 'tomorrow' });
    // Snoozing until tomorrow also moves the todo to tomorrow.
    await expect.poll(() => page.locator(row(BANK)).getByTestId('todo-when').textContent()).toBe('Scheduled tomorrow');
    expect(await page.getByTestId('snoozed-until').textContent()).toMatch(/^Snoozed until tomorrow \d\d:\d\d$/);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows the reminders a quick-add line gives, in the Todos line and the quick-add window', async () => {
    const page = await open('todos');
    await page.getByTestId('new-todo').fill('Call mum remind 30m before');
    await expect.poll(() => page.getByTestId('new-todo-preview').textContent()).toContain('reminds 30 min before');
    await page.getByTestId('new-todo').press('Enter');
    await expect.poll(async () => (await calls(page, 'quick_add'))[0]?.args).toEqual({ text: 'Call mum remind 30m before' });
    // No deadline time: the bell is there, and its title says why it cannot ring.
    const mark = page.locator('[data-testid="todo-item"]', { hasText: 'Call mum' }).getByTestId('reminder-mark');
    await expect.poll(() => mark.getAttribute('title')).toBe('Reminds: 30 min before (needs a deadline with a time of day (due and dueTime))');
    await page.close();

    const quick = await open('quick-add');
    await quick.getByTestId('quick-input').fill('Call the bank tomorrow 9am remind me 1 hour before');
    await expect.poll(() => quick.getByTestId('quick-preview').textContent()).toContain('reminds 1 hour before');
    expect(errorsOf(quick)).toEqual([]);
    await quick.close();
  });
});

describe('reminders in Settings', () => {
  it('saves the default reminder and both switches on change, shows a refusal and what is in effect', async () => {
    const page = await open('settings', {
      todoPatches: { 0: { dueTime: '09:00', reminders: ['30m before'] } },
      failOnce: { set_reminder_prefs: { code: 'autostart_failed', message: 'autostart: could not change start at login: no session bus' } },
    });
    const select = page.getByTestId('reminder-default');
    await expect.poll(() => select.inputValue()).toBe('at deadline');
    expect(await page.getByTestId('keep-running').isChecked()).toBe(true);
    expect(await page.getByTestId('autostart').isChecked()).toBe(false);

    // A click, not check(): the switch goes back to what is in effect once the shell refuses.
    await page.getByTestId('autostart').click();
    await expect.poll(() => page.getByTestId('reminders-error').textContent()).toContain('autostart: could not change start at login');
    await expect.poll(() => page.getByTestId('autostart').isChecked()).toBe(false);

    await select.selectOption('30m before');
    await expect.poll(async () => (await calls(page, 'set_reminder_prefs'))[1]?.args).toEqual({ default: '30m before', keepRunning: true, autostart: false });
    await expect.poll(() => page.getByTestId('reminders-saved').textContent()).toContain('default reminder 30 minutes before');
    expect(await page.getByTestId('reminders-error').count()).toBe(0);
    await page.getByTestId('keep-running').uncheck();
    await expect.poll(async () => (await calls(page, 'set_reminder_prefs'))[2]?.args).toEqual({ default: '30m before', keepRunning: false, autostart: false });
    await page.getByTestId('autostart').check();
    await expect.poll(async () => (await calls(page, 'set_reminder_prefs'))[3]?.args).toEqual({ default: '30m before', keepRunning: false, autostart: true });
    await expect.poll(() => page.getByTestId('reminders-saved').textContent()).toContain('starts at login');
    expect(await page.getByRole('switch', { name: 'Start Valet at login' }).isChecked()).toBe(true);

    // The next reminders, each opening its todo.
    const next = page.getByTestId('next-reminders');
    await expect.poll(() => next.textContent()).toContain('Sat 28 Nov 08:30');
    await next.getByRole('button', { name: 'Call the bank' }).click();
    await expect.poll(() => page.url()).toContain('#todos');
    await expect.poll(() => page.locator('[data-testid="todo-item"][aria-current="true"]').getAttribute('data-todo-id')).toBe(BANK);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('a clicked reminder notification', () => {
  it('opens its todo in Todos (valet://open-todo), over the search dialog, past the filters', async () => {
    // Done, so the Todos view's "Open" filter hides it until the reveal clears the filters.
    const page = await open('today', { todoPatches: { 1: { status: 'completed' } } });
    await page.getByTestId('today-item').first().waitFor();
    await page.keyboard.press('/');
    await page.getByTestId('search-dialog').waitFor();
    // The listener is set up as the app starts: send until it has been heard.
    await expect
      .poll(async () => {
        await emit(page, 'valet://open-todo', TODO_1);
        return page.url();
      })
      .toContain('#todos');
    await page.getByTestId('search-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-testid="todo-item"][aria-current="true"]').getAttribute('data-todo-id')).toBe(TODO_1);
    expect(await page.getByTestId('todo-detail').locator('h2').textContent()).toBe('Todo number 1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Todo number 1');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
