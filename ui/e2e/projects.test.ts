// Browser tests of projects and areas in the built UI (harness: fake-projects.ts): the Projects
// view in both themes (areas with their projects, progress, deadlines), its keyboard (4, j/k, n),
// creating a project in an area and a refusal beside its field, a project's detail (notes,
// deadline, its todos, adding one), Remove asking first then Ctrl+Z bringing it back; and the
// Todos view's project filter and the edit form's project select.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { calls, errorsOf, TODO_1, todoOf, useBrowser } from './kit';

const open = useBrowser();

const seed = {
  projects: [
    { name: 'Life', kind: 'area' },
    { name: 'home', area: 'Life', notes: 'Keep the **house** tidy', deadline: '2026-12-02' },
    { name: 'Garden', area: 'Life' },
  ],
};

/** With VALET_SCREENSHOTS=<dir>, saves a picture of the page there (to look at by hand). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.VALET_SCREENSHOTS;
  if (dir !== undefined) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

function rowNames(page: Page): Promise<(string | undefined)[]> {
  return page.getByTestId('project-row').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name));
}

describe('the Projects view', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`lists areas with their projects and progress, and shows the first one (${scheme})`, async () => {
      const page = await open('projects', seed, scheme);
      await page.getByTestId('project-row').first().waitFor();
      expect(await page.getByTestId('area').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.name))).toEqual(['Life']);
      // Areas first with their projects, then the project only todos name ("work").
      expect(await rowNames(page)).toEqual(['home', 'Garden', 'work']);
      const home = page.locator('[data-testid="project-row"][data-name="home"]');
      expect(await home.getByRole('progressbar').getAttribute('aria-valuetext')).toBe('0 of 1 todo done');
      expect(await home.getByTestId('project-deadline-chip').textContent()).toContain('in 4 days');
      const detail = page.getByTestId('project-detail');
      await expect.poll(() => detail.locator('h2').textContent()).toContain('home');
      expect(await page.getByTestId('project-notes-view').innerHTML()).toContain('<strong>house</strong>');
      await expect.poll(() => page.getByTestId('project-todo').allTextContents()).toEqual([expect.stringContaining('Todo number 2')]);
      // Readable in both themes: the text is not the background's colour.
      const [fg, bg] = await detail.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
      expect(fg).not.toBe(bg);
      await shot(page, `projects-${scheme}`);
      expect(errorsOf(page)).toEqual([]);
      await page.close();
    });
  }

  it('goes there with 4, moves with j/k, adds a todo to the project with n', async () => {
    const page = await open('today', seed);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.keyboard.press('4');
    expect(page.url()).toContain('#projects');
    await page.getByTestId('project-detail').waitFor();
    await page.locator('body').press('j');
    await expect.poll(() => page.getByTestId('project-detail').locator('h2').textContent()).toContain('Garden');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-name'))).toBe('Garden');
    // The arrow keys move along the list too.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('project-detail').locator('h2').textContent()).toContain('home');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.getByTestId('project-detail').getAttribute('data-kind')).toBe('area');
    await page.locator('body').press('j');
    await page.locator('body').press('n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('project-new-todo');
    await page.keyboard.type('Rake the leaves');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await calls(page, 'add_todo'))[0]?.args).toEqual({ input: { content: 'Rake the leaves', project: 'home' } });
    await expect.poll(async () => (await page.getByTestId('project-todo').allTextContents()).map((t) => t.trim())).toContain('Rake the leaves');
    await expect.poll(() => page.locator('[data-testid="project-row"][data-name="home"] [data-testid="project-count"]').textContent()).toBe('0/2');
    // Ticking one fills the ring.
    await page.getByRole('checkbox', { name: 'Done: Rake the leaves' }).check();
    await expect.poll(() => page.locator('[data-testid="project-row"][data-name="home"] [data-testid="project-count"]').textContent()).toBe('1/2');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('creates a project in an area, refusing a taken name beside the field', async () => {
    const page = await open('projects', seed);
    await page.getByTestId('project-row').first().waitFor();
    await page.getByTestId('new-project').click();
    await page.getByLabel('Project name').fill('garden');
    await page.getByTestId('new-project-create').click();
    await expect.poll(() => page.getByTestId('new-project-name-error').textContent()).toBe('There is already a project named "Garden"');
    expect(await page.getByLabel('Project name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Project name').fill('Paint the hall');
    await page.getByLabel('In area').selectOption('Life');
    await page.getByLabel('Project name').press('Enter');
    await expect.poll(async () => (await calls(page, 'add_project')).at(-1)?.args).toEqual({ name: 'Paint the hall', isArea: false, area: 'Life' });
    await page.getByTestId('new-project-form').waitFor({ state: 'detached' });
    await expect.poll(() => rowNames(page)).toEqual(['home', 'Garden', 'Paint the hall', 'work']);
    await expect.poll(() => page.getByTestId('project-detail').locator('h2').textContent()).toContain('Paint the hall');
    // A deadline in words, read back as a date.
    await page.getByTestId('project-deadline').fill('friday');
    await page.getByTestId('project-deadline').press('Enter');
    await expect.poll(() => page.getByTestId('project-deadline').inputValue()).toBe('2026-12-04');
    expect(await page.getByTestId('project-deadline-label').textContent()).toBe('in 6 days');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('asks before removing a project with its todos; Ctrl+Z brings them back', async () => {
    const page = await open('projects', seed);
    await page.getByTestId('project-detail').waitFor();
    await page.getByTestId('project-remove').click();
    expect(await page.getByTestId('project-remove-confirm').textContent()).toContain('This also removes its 1 todo.');
    expect(await calls(page, 'remove_project')).toEqual([]);
    await page.getByTestId('project-remove-yes').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe('Removed “home” and 1 todo.');
    await expect.poll(() => rowNames(page)).toEqual(['Garden', 'work']);
    expect(await todoOf(page, '019ac9b2-0000-7000-8000-000000000002')).toBeUndefined();
    await page.locator('body').press('Control+z');
    await expect.poll(() => rowNames(page)).toEqual(['home', 'Garden', 'work']);
    expect((await todoOf(page, '019ac9b2-0000-7000-8000-000000000002'))?.category).toBe('home');
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe('Undone: Todo number 2 and home');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });

  it('explains projects and areas when there are none', async () => {
    const page = await open('projects', { todos: 1 });
    await page.getByTestId('projects-empty').waitFor();
    await page.getByTestId('empty-new-project').click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-project-name');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});

describe('projects in Todos', () => {
  it('filters by project and moves a todo to another project', async () => {
    const page = await open('todos', seed);
    await page.getByTestId('todo-item').first().waitFor();
    expect(await page.getByTestId('todo-project').allTextContents()).toEqual(['Project: work', 'Project: home']);
    await page.getByTestId('filter-project').selectOption('home');
    await expect.poll(async () => (await calls(page, 'list_todos')).at(-1)?.args.query).toMatchObject({ categories: ['home'] });
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(1);
    await page.getByTestId('filter-project').selectOption('');
    await expect.poll(() => page.getByTestId('todo-item').count()).toBe(3);

    const row = page.locator(`[data-testid="todo-item"][data-todo-id="${TODO_1}"]`);
    await row.getByRole('button', { name: 'Edit Todo number 1' }).click();
    expect(await page.getByTestId('edit-project').inputValue()).toBe('work');
    await page.getByTestId('edit-project').selectOption('Garden');
    await page.getByTestId('edit-content').press('Enter');
    await expect.poll(async () => (await calls(page, 'update_todo'))[0]?.args.patch).toEqual({ content: 'Todo number 1', priority: 'medium', project: 'Garden' });
    await expect.poll(() => row.getByTestId('todo-project').textContent()).toBe('Project: Garden');
    expect(errorsOf(page)).toEqual([]);
    await page.close();
  });
});
