// Browser tests of organizing in the built UI (harness: fake-organize.ts): tags in the detail (a
// refusal inline, changing nothing), the checklist (add, tick, reword, reorder, promote; the row's
// 2/5), Markdown notes (edited, rendered safely, a link asks before opening), the Tags filter
// (any / all, a row's chip), the tag manager (rename, merge), and #tags in both quick-add previews.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BANK, calls, errorsOf, TODO_1, todoOf, useBrowser } from './kit';

const open = useBrowser();
const TODO_2 = '019ac9b2-0000-7000-8000-000000000002';

/** With VALET_SCREENSHOTS=<dir>, saves a picture of the page there (to look at by hand). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.VALET_SCREENSHOTS;
  if (dir !== undefined) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

function row(id: string): string {
  return `[data-testid="todo-item"][data-todo-id="${id}"]`;
}

async function patches(page: Page): Promise<unknown[]> {
  return (await calls(page, 'update_todo')).map((c) => c.args.patch);
}

/** The tags the detail shows as chips. */
function chips(page: Page): Promise<(string | undefined)[]> {
  return page.getByTestId('tag-chip').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.tag));
}

async function stepTexts(page: Page): Promise<string[]> {
  const inputs = page.getByTestId('step-text');
  const n = await inputs.count();
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) out.push(await inputs.nth(i).inputValue());
  return out;
}

describe('tags in the detail', () => {
  it('adds tags (several at once, # optional) and removes one; the row shows them', async () => {
    const page = await open('todos');
    const input = page.getByTestId('tag-input');
    await input.fill('#finance, calls');
    await input.press('Enter');
    await expect.poll(() => patches(page)).toEqual([{ addTags: ['finance', 'calls'] }]);
    await expect.poll(() => chips(page)).toEqual(['finance', 'calls']);
    expect(await page.getByTestId('tag-chip').first().textContent()).toContain('#finance');
    expect(await input.inputValue()).toBe('');
    expect(await page.locator(row(BANK)).getByTestId('row-tag').allTextContents()).toEqual(['#finance', '#calls']);
    expect(await page.getByRole('button', { name: 'Remove tag #calls' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Remove tag #calls' }).click();
    await expect.poll(() => patches(page)).toEqual([{ addTags: ['finance', 'calls'] }, { removeTags: ['calls'] }]);
    await expect.poll(() => chips(page)).toEqual(['finance']);
    expect((await todoOf(page, BANK))?.tags).toEqual(['finance']);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows a refused tag inline, naming the field, and changes nothing', async () => {
    const page = await open('todos', { todoPatches: { 0: { tags: ['finance'] } } });
    const input = page.getByTestId('tag-input');
    await input.fill('bad!tag');
    await input.press('Enter');
    const error = page.getByTestId('tag-error');
    await expect.poll(() => error.textContent()).toBe(`tags[1]: must be one word of letters, digits, '-', '_', '/' or '.' (no spaces); got "bad!tag"`);
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.inputValue()).toBe('bad!tag');
    expect((await todoOf(page, BANK))?.tags).toEqual(['finance']);
    expect(await chips(page)).toEqual(['finance']);

    await input.fill('x'.repeat(41));
    await input.press('Enter');
    await expect.poll(() => error.textContent()).toBe('tags[1]: must be at most 40 characters; got 41');
    // Escape clears the field and the refusal.
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
    expect(await error.count()).toBe(0);
    expect((await todoOf(page, BANK))?.tags).toEqual(['finance']);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('checklist', () => {
  it('adds, ticks, rewords, reorders and promotes steps; the row shows the progress', async () => {
    const page = await open('todos', { todoPatches: { 0: { tags: ['finance'], category: 'work' } } });
    const add = page.getByTestId('step-input');
    await add.fill('Find the account number');
    await add.press('Enter');
    await expect.poll(() => stepTexts(page)).toEqual(['Find the account number']);
    // The focus stays in the field for the next step.
    for (const text of ['Call the bank', 'Ask about fees', 'Write it down', 'File the letter']) {
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('step-input');
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('step').count()).toBe((await stepTexts(page)).length);
    }
    await expect.poll(() => stepTexts(page)).toEqual(['Find the account number', 'Call the bank', 'Ask about fees', 'Write it down', 'File the letter']);
    const progress = page.getByTestId('step-progress');
    expect(await progress.locator('[aria-hidden="true"]').textContent()).toBe('0/5');
    expect(await progress.getAttribute('title')).toBe('0 of 5 steps done');

    await page.getByTestId('step-toggle').nth(0).check();
    await page.getByTestId('step-toggle').nth(1).check();
    await expect.poll(() => progress.locator('[aria-hidden="true"]').textContent()).toBe('2/5');
    const mark = page.locator(row(BANK)).getByTestId('row-steps');
    await expect.poll(() => mark.locator('[aria-hidden="true"]').textContent()).toBe('☑ 2/5');
    expect(await mark.getAttribute('title')).toBe('Checklist: 2 of 5 steps done');
    const ticked = (await todoOf(page, BANK))?.steps as { text: string; done: boolean }[];
    expect(ticked.map((s) => s.done)).toEqual([true, true, false, false, false]);

    // Reword in place: Enter saves; Escape puts the saved text back.
    const third = page.getByTestId('step-text').nth(2);
    const thirdId = await stepId(page, 2);
    await third.fill('Ask about the fees');
    await third.press('Enter');
    await expect.poll(async () => (await patches(page)).at(-1)).toEqual({ steps: [{ op: 'set', id: thirdId, text: 'Ask about the fees' }] });
    await third.fill('Nonsense');
    await third.press('Escape');
    expect(await third.inputValue()).toBe('Ask about the fees');
    // An empty step is refused, naming the field.
    await third.fill('   ');
    await third.press('Enter');
    await expect.poll(() => page.getByTestId('step-error').textContent()).toBe('steps[0].text: must not be empty');
    await third.press('Escape');

    // Alt+ArrowUp on a focused step moves it; the focus stays on the same control.
    const writeId = await stepId(page, 3);
    await page.getByTestId('step-toggle').nth(3).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => stepTexts(page)).toEqual(['Find the account number', 'Call the bank', 'Write it down', 'Ask about the fees', 'File the letter']);
    expect((await patches(page)).at(-1)).toEqual({ steps: [{ op: 'move', id: writeId, to: 2 }] });
    const focused = (): Promise<string | undefined> =>
      page.evaluate(() => (document.activeElement?.closest('[data-step-id]') as HTMLElement | null)?.dataset.stepId);
    expect(await focused()).toBe(writeId);
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => stepTexts(page)).toEqual(['Find the account number', 'Call the bank', 'Ask about the fees', 'File the letter', 'Write it down']);
    expect(await focused()).toBe(writeId);

    // Promote: the step leaves the checklist and becomes a todo with the same tags and category.
    const fileId = await stepId(page, 3);
    await page.getByRole('button', { name: 'Make “File the letter” its own todo' }).click();
    await expect.poll(async () => (await calls(page, 'promote_step'))[0]?.args).toEqual({ id: BANK, step: fileId });
    await expect.poll(() => stepTexts(page)).toEqual(['Find the account number', 'Call the bank', 'Ask about the fees', 'Write it down']);
    expect(await page.getByTestId('step-said').textContent()).toBe('“File the letter” is now its own todo.');
    await expect.poll(() => mark.locator('[aria-hidden="true"]').textContent()).toBe('☑ 2/4');
    const promoted = await page.evaluate(() =>
      (window as unknown as { __valet: { todos: { content: string; tags?: string[]; category: string }[] } }).__valet.todos.find((t) => t.content === 'File the letter'),
    );
    expect(promoted).toMatchObject({ tags: ['finance'], category: 'work' });
    expect(await page.getByTestId('todo-content').allTextContents()).toContain('File the letter');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('checklist dragging', () => {
  it('moves a step by dragging its handle', async () => {
    const steps = [
      { id: 'a', text: 'First', done: false },
      { id: 'b', text: 'Second', done: false },
      { id: 'c', text: 'Third', done: false },
    ];
    const page = await open('todos', { todoPatches: { 0: { steps } } });
    await page.getByTestId('step').first().waitFor();
    const handle = page.getByTestId('step').nth(2).getByRole('button', { name: /^Move step 3 of 3/ });
    await handle.dragTo(page.getByTestId('step').first(), { targetPosition: { x: 60, y: 2 } });
    await expect.poll(() => patches(page)).toEqual([{ steps: [{ op: 'move', id: 'c', to: 0 }] }]);
    await expect.poll(() => stepTexts(page)).toEqual(['Third', 'First', 'Second']);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

/** The id of the step at `index` in the detail. */
function stepId(page: Page, index: number): Promise<string> {
  return page.getByTestId('step').nth(index).getAttribute('data-step-id').then((id) => id ?? '');
}

describe('Markdown notes', () => {
  it('edits the notes, renders them safely, and asks before opening a link', async () => {
    const page = await open('todos');
    await page.getByTestId('body-edit').click();
    const editor = page.getByTestId('body-editor');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('body-editor');
    const text = '# Plan\n\nHello <script>window.__pwned = 1</script> **there**\n\n- see [the docs](https://example.com/docs)\n- ![cat](http://example.com/cat.png)\n- [bad](javascript:window.__pwned=2)';
    await editor.fill(text);
    await editor.press('Control+Enter');
    await expect.poll(() => patches(page)).toEqual([{ body: text }]);
    const view = page.getByTestId('body-view');
    await view.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('body-edit');
    expect(await view.locator('h1').textContent()).toBe('Plan');
    expect(await view.locator('strong').textContent()).toBe('there');
    // The typed <script> shows as text and never runs; nothing loads an image.
    expect(await view.locator('script').count()).toBe(0);
    expect(await view.textContent()).toContain('<script>window.__pwned = 1</script>');
    expect(await view.locator('img').count()).toBe(0);
    expect(await view.textContent()).toContain('[bad](javascript:window.__pwned=2)');
    const links = view.locator('a');
    expect(await links.count()).toBe(2);
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer');

    await page.evaluate(() => {
      const w = window as unknown as { __opened: string[]; open: (url: string) => null };
      w.__opened = [];
      w.open = (url: string) => {
        w.__opened.push(url);
        return null;
      };
    });
    const opened = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __opened: string[] }).__opened);
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await links.first().click();
    await expect.poll(() => asked).toEqual(['Open https://example.com/docs in your browser?']);
    expect(await opened()).toEqual([]);
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await links.first().click();
    await expect.poll(() => opened()).toEqual(['https://example.com/docs']);
    // Clicking a link does not start editing; the page stayed where it was.
    expect(await page.getByTestId('body-editor').count()).toBe(0);
    expect(page.url()).toContain('#todos');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Escape reverts: nothing is sent.
    await page.getByTestId('body-edit').click();
    await editor.fill('Something else');
    await editor.press('Escape');
    await view.waitFor();
    expect(await view.locator('h1').textContent()).toBe('Plan');
    expect(await calls(page, 'update_todo')).toHaveLength(1);
    // Leaving the field saves; an emptied field removes the notes.
    await view.locator('strong').click();
    await editor.fill('');
    await page.getByTestId('tag-input').focus();
    await expect.poll(() => patches(page)).toEqual([{ body: text }, { body: '' }]);
    await expect.poll(async () => (await todoOf(page, BANK))?.body).toBeUndefined();
    expect(await page.getByTestId('body-view').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

const TAGGED = { todoPatches: { 0: { tags: ['finance', 'calls'] }, 1: { tags: ['finance'] }, 2: { tags: ['calls'] } } };

describe('the Tags filter', () => {
  it('filters by two tags, any or all of them, and by a row chip', async () => {
    const page = await open('todos', TAGGED);
    await page.getByTestId('todo-item').first().waitFor();
    await page.getByTestId('tag-filter-button').click();
    const option = (tag: string): ReturnType<Page['locator']> => page.locator(`[data-testid="tag-filter-option"][data-tag="${tag}"]`);
    const listed = await page.getByTestId('tag-filter').locator('li').allTextContents();
    expect(listed.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['#calls (2)', '#finance (2)']);
    await option('finance').check();
    await expect.poll(async () => (await calls(page, 'list_todos')).at(-1)?.args.query).toMatchObject({ tags: ['finance'], allTags: false });
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(2);
    // One tag chosen: no any/all choice yet.
    expect(await page.getByTestId('tag-match-all').count()).toBe(0);
    await option('calls').check();
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(3);
    expect((await calls(page, 'list_todos')).at(-1)?.args.query).toMatchObject({ tags: ['finance', 'calls'], allTags: false });
    expect(await page.getByTestId('tag-filter-button').textContent()).toContain('#finance #calls');
    await page.keyboard.press('Escape');
    await page.getByTestId('tag-match-all').check();
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(1);
    expect((await calls(page, 'list_todos')).at(-1)?.args.query).toMatchObject({ tags: ['finance', 'calls'], allTags: true });
    expect(await page.getByTestId('todo-content').allTextContents()).toEqual(['Call the bank']);
    await page.getByTestId('tag-match-any').check();
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(3);

    // A row's chip shows only the todos with that tag.
    await page.locator(row(TODO_2)).getByRole('button', { name: 'Show only todos tagged #calls' }).click();
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(2);
    expect((await calls(page, 'list_todos')).at(-1)?.args.query).toMatchObject({ tags: ['calls'], allTags: false });
    expect(await page.getByTestId('tag-filter-button').textContent()).toContain('#calls');
    expect(await page.locator(row(TODO_1)).count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('the tag manager', () => {
  it('renames a tag everywhere, then merges it into another after saying so', async () => {
    const page = await open('todos', TAGGED);
    await page.getByTestId('tag-filter-button').click();
    await page.getByTestId('tag-manage').click();
    const manager = page.getByTestId('tag-manager');
    await manager.waitFor();
    const rowOf = (tag: string): ReturnType<Page['locator']> => manager.locator(`[data-testid="tag-manager-row"][data-tag="${tag}"]`);
    await expect.poll(() => manager.getByTestId('tag-manager-row').count()).toBe(2);
    expect(await rowOf('calls').textContent()).toContain('2 todos');

    await rowOf('calls').getByTestId('tag-rename').click();
    const input = page.getByTestId('tag-rename-input');
    expect(await input.inputValue()).toBe('calls');
    await input.fill('phone');
    expect(await page.getByTestId('tag-merge-note').count()).toBe(0);
    expect(await page.getByTestId('tag-rename-save').textContent()).toBe('Rename');
    await input.press('Enter');
    await expect.poll(async () => (await calls(page, 'rename_tag'))[0]?.args).toEqual({ from: 'calls', to: 'phone' });
    await expect.poll(() => page.getByTestId('tag-said').textContent()).toBe('Renamed #calls to #phone on 2 todos.');
    await expect.poll(() => page.locator(row(BANK)).getByTestId('row-tag').allTextContents()).toEqual(['#finance', '#phone']);

    // Onto an existing tag: it says the two merge before anything is done.
    await rowOf('phone').getByTestId('tag-rename').click();
    await input.fill('#Finance');
    const note = page.getByTestId('tag-merge-note');
    await note.waitFor();
    expect((await note.textContent())?.replace(/\s+/g, ' ')).toContain('#finance already exists (2 todos): saving merges #phone into it');
    expect(await page.getByTestId('tag-rename-save').textContent()).toBe('Merge');
    expect(await calls(page, 'rename_tag')).toHaveLength(1);
    await page.getByTestId('tag-rename-save').click();
    await expect.poll(async () => (await calls(page, 'rename_tag'))[1]?.args).toEqual({ from: 'phone', to: 'Finance' });
    await expect.poll(() => page.getByTestId('tag-said').textContent()).toBe('Merged #phone into #finance: 2 todos changed.');
    await expect.poll(() => manager.getByTestId('tag-manager-row').count()).toBe(1);
    expect(await rowOf('finance').textContent()).toContain('3 todos');
    expect((await todoOf(page, BANK))?.tags).toEqual(['finance']);
    expect((await todoOf(page, TODO_2))?.tags).toEqual(['Finance']);

    // A bad name is refused inline, naming the field.
    await rowOf('finance').getByTestId('tag-rename').click();
    await input.fill('two words');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('tag-rename-error').textContent()).toBe(`to: must be one word of letters, digits, '-', '_', '/' or '.' (no spaces); got "two words"`);
    await input.press('Escape');
    expect(await page.getByTestId('tag-rename-input').count()).toBe(0);
    await page.getByTestId('tag-manager-close').click();
    expect(await manager.count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('is in Settings too', async () => {
    const page = await open('settings', TAGGED);
    const panel = page.getByTestId('tags-panel');
    await expect.poll(() => panel.getByTestId('tag-manager-row').count()).toBe(2);
    expect(await panel.getByTestId('tag-rename').first().getAttribute('aria-label')).toBe('Rename #calls');
    await page.close();
  });
});

describe('quick add', () => {
  it('shows #tags as chips in both previews and adds the todo with them', async () => {
    const page = await open('todos');
    await page.getByTestId('new-todo').fill('Call the bank #finance #calls');
    await expect.poll(() => page.getByTestId('new-todo-preview').textContent()).toContain('#finance #calls');
    expect(await page.getByTestId('new-todo-preview').locator('strong').textContent()).toBe('Call the bank');
    expect(await page.getByTestId('new-todo-preview').getByTestId('preview-tags').textContent()).toBe('tags: #finance #calls');
    await page.getByTestId('new-todo').press('Enter');
    await expect.poll(async () => (await calls(page, 'quick_add'))[0]?.args).toEqual({ text: 'Call the bank #finance #calls' });
    const added = page.locator('[data-testid="todo-item"]', { hasText: 'Call the bank' }).first();
    await expect.poll(() => added.getByTestId('row-tag').allTextContents()).toEqual(['#finance', '#calls']);
    expect(errorsOf(page)).toEqual([]);
    await page.close();

    const quick = await open('quick-add');
    await quick.getByTestId('quick-input').fill('Pay rent #home #money');
    await expect.poll(() => quick.getByTestId('quick-preview').textContent()).toContain('#home #money');
    expect(await quick.getByTestId('preview-tags').textContent()).toBe('tags: #home #money');
    expect(errorsOf(quick)).toEqual([]);
    await quick.close();
  });
});

describe('organizing in both themes', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`shows tags, progress and notes readably (${scheme})`, async () => {
      const page = await open(
        'todos',
        {
          todoPatches: {
            0: {
              tags: ['finance', 'calls'],
              steps: [
                { id: 'a', text: 'Find the account number', done: true },
                { id: 'b', text: 'Call', done: false },
              ],
              body: '**Ask** about the [fees](https://example.com/fees).',
            },
          },
        },
        scheme,
      );
      await page.getByTestId('body-view').waitFor();
      // The chip's text against its own background: at least 4.5:1 (WCAG AA).
      const ratio = await page.getByTestId('row-tag').first().evaluate((el) => {
        const rgb = (c: string): number[] => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
        const lum = (c: string): number => {
          const [r, g, b] = rgb(c).map((v) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
        };
        const style = getComputedStyle(el);
        const a = lum(style.color);
        const b = lum(style.backgroundColor);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
      expect(ratio).toBeGreaterThan(4.5);
      expect(await page.getByTestId('row-steps').getAttribute('title')).toBe('Checklist: 1 of 2 steps done');
      await shot(page, `organize-${scheme}`);
      await page.getByTestId('tag-filter-button').click();
      await page.getByTestId('tag-filter-option').first().check();
      await shot(page, `tag-filter-${scheme}`);
      await page.getByTestId('tag-manage').click();
      await page.getByTestId('tag-rename').first().click();
      await page.getByTestId('tag-rename-input').fill('finance');
      await shot(page, `tag-manager-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }
});
