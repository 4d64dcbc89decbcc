// Component tests of the Projects view (jsdom, the api module mocked): areas with their projects
// and progress, creating a project in an area, a refusal beside its field, Remove asking first
// and its Undo, a project's todos; and the Todos view's project filter and edit form.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectSummary, Todo, TodoQuery } from '../lib/types';
import { todoPage } from '../lib/test-pages';

const api = vi.hoisted(() => ({
  projects: vi.fn(),
  addProject: vi.fn(),
  updateProject: vi.fn(),
  removeProject: vi.fn(),
  listTodos: vi.fn(),
  addTodo: vi.fn(),
  completeTodo: vi.fn(),
  reopenTodo: vi.fn(),
  updateTodo: vi.fn(),
  undo: vi.fn(),
  tags: vi.fn(),
  todoHistory: vi.fn(),
  quickAddPreview: vi.fn(),
}));

vi.mock('../lib/api', async (original) => {
  const real = await original<typeof import('../lib/api')>();
  return { ...real, ...api };
});

const { default: Projects } = await import('./Projects.svelte');
const { default: Todos } = await import('./Todos.svelte');
const { default: Toast } = await import('../lib/Toast.svelte');

function summary(name: string, extra: Partial<ProjectSummary> = {}): ProjectSummary {
  return { id: `id-${name}`, name, kind: 'project', order: 0, createdAt: '', updatedAt: '', stored: true, open: 0, done: 0, ...extra };
}

function todo(content: string, extra: Partial<Todo> = {}): Todo {
  return { id: `t-${content}`, content, status: 'pending', priority: 'medium', category: 'General', due: null, notes: [], createdAt: '', updatedAt: '', ...extra };
}

const HOME = summary('Home', { kind: 'area', order: 0 });
const WORK = summary('Work', { kind: 'area', order: 1 });
const MOVE = summary('Move house', { area: 'Home', open: 3, done: 1, deadline: '2026-12-02', notes: 'Boxes from **the shop**' });
const SITE = summary('Launch site', { area: 'Work', open: 1, done: 1 });
const READ = summary('Read more', { open: 2 });
const OLD = summary('Old stuff', { done: 5, completedAt: '2026-11-01T10:00:00Z' });
const LIST = [HOME, WORK, MOVE, SITE, READ, OLD];
const BOXES = todo('Buy boxes', { category: 'Move house' });

beforeEach(() => {
  vi.clearAllMocks();
  api.projects.mockResolvedValue(LIST);
  api.tags.mockResolvedValue([]);
  api.todoHistory.mockResolvedValue([]);
  api.listTodos.mockImplementation((q: TodoQuery) =>
    Promise.resolve(
      todoPage((q.categories ?? []).some((c) => c === 'Move house') ? [BOXES] : q.limit === 1 ? [] : [BOXES, todo('Call mum')], { total: 1 }),
    ),
  );
});

async function shown(): Promise<void> {
  await waitFor(() => {
    expect(screen.getAllByTestId('project-row').length).toBeGreaterThan(0);
  });
}

describe('the Projects view', () => {
  it('lists each area with its projects and their progress, then the projects in no area', async () => {
    render(Projects);
    await shown();
    const areas = screen.getAllByTestId('area');
    expect(areas.map((a) => a.dataset.name)).toEqual(['Home', 'Work']);
    const [home] = areas;
    if (home === undefined) throw new Error('no area');
    expect(within(home).getAllByTestId('project-row').map((r) => r.dataset.name)).toEqual(['Move house']);
    const ring = within(home).getByRole('progressbar', { name: 'Progress of Move house' });
    expect(ring.getAttribute('aria-valuetext')).toBe('1 of 4 todos done');
    expect(ring.getAttribute('aria-valuenow')).toBe('25');
    expect(within(home).getByTestId('project-count').textContent).toBe('1/4');
    expect(within(home).getByTestId('project-deadline-chip').textContent).toContain('in 4 days');
    // An area's count is its projects'.
    expect(within(home).getByTestId('area-heading').textContent).toContain('1/4');
    expect(screen.getByText('Not in an area')).toBeTruthy();
    // Completed ones wait for the toggle.
    expect(screen.getAllByTestId('project-row').map((r) => r.dataset.name)).toEqual(['Move house', 'Launch site', 'Read more']);
    expect(screen.getByTestId('projects-hidden').textContent).toContain('1 completed or archived hidden');
    await fireEvent.click(screen.getByTestId('show-closed'));
    await waitFor(() => {
      expect(screen.getAllByTestId('project-row').map((r) => r.dataset.state)).toContain('completed');
    });
    expect(api.projects).toHaveBeenCalledWith(true);
  });

  it("shows the first project's notes, deadline and todos, and adds a todo to it", async () => {
    api.addTodo.mockResolvedValue(todo('Label boxes', { category: 'Move house' }));
    render(Projects);
    await waitFor(() => {
      expect(screen.getByTestId('project-detail').textContent).toContain('Move house');
    });
    expect(screen.getByTestId('project-notes-view').innerHTML).toContain('<strong>the shop</strong>');
    expect(screen.getByTestId<HTMLInputElement>('project-deadline').value).toBe('2026-12-02');
    await waitFor(() => {
      expect(screen.getAllByTestId('project-todo').map((li) => li.textContent.trim())).toEqual(['Buy boxes']);
    });
    expect(api.listTodos).toHaveBeenCalledWith({ status: 'open', categories: ['Move house'], sort: 'smart' });
    // A tick completes it; it stays in the open list, struck through, until another project.
    api.completeTodo.mockResolvedValue({ ...BOXES, status: 'completed' });
    api.listTodos.mockImplementation((q: TodoQuery) => Promise.resolve(todoPage(q.status === 'open' ? [] : [{ ...BOXES, status: 'completed' }], { total: 0 })));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Done: Buy boxes' }));
    await waitFor(() => {
      expect(api.completeTodo).toHaveBeenCalledWith(BOXES.id);
    });
    await waitFor(() => {
      expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Done: Buy boxes' }).checked).toBe(true);
    });
    await fireEvent.click(screen.getByTestId('project-show-done'));
    await waitFor(() => {
      expect(api.listTodos).toHaveBeenCalledWith({ status: 'all', categories: ['Move house'], sort: 'smart' });
    });
    const add = screen.getByTestId('project-new-todo');
    await fireEvent.input(add, { target: { value: 'Label boxes' } });
    await fireEvent.submit(add);
    await waitFor(() => {
      expect(api.addTodo).toHaveBeenCalledWith({ content: 'Label boxes', project: 'Move house' });
    });
  });

  it('creates a project in the chosen area', async () => {
    api.addProject.mockResolvedValue({ ...summary('Paint the hall', { area: 'Home' }) });
    render(Projects);
    await shown();
    await fireEvent.click(screen.getByTestId('new-project'));
    await fireEvent.input(screen.getByLabelText('Project name'), { target: { value: 'Paint the hall' } });
    await fireEvent.change(screen.getByLabelText('In area'), { target: { value: 'Home' } });
    await fireEvent.submit(screen.getByTestId('new-project-form'));
    await waitFor(() => {
      expect(api.addProject).toHaveBeenCalledWith('Paint the hall', { area: 'Home' });
    });
    await waitFor(() => {
      expect(screen.queryByTestId('new-project-form')).toBeNull();
    });
  });

  it('creates an area', async () => {
    api.addProject.mockResolvedValue(summary('Health', { kind: 'area' }));
    render(Projects);
    await shown();
    await fireEvent.click(screen.getByTestId('new-area'));
    expect(screen.queryByLabelText('In area')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Area name'), { target: { value: 'Health' } });
    await fireEvent.submit(screen.getByTestId('new-project-form'));
    await waitFor(() => {
      expect(api.addProject).toHaveBeenCalledWith('Health', { isArea: true });
    });
  });

  it("shows the shell's refusal beside the field it names", async () => {
    api.addProject.mockRejectedValue({ code: 'invalid', message: 'name: there is already a project named "Read more"' });
    render(Projects);
    await shown();
    await fireEvent.click(screen.getByTestId('new-project'));
    const name = screen.getByLabelText('Project name');
    await fireEvent.input(name, { target: { value: 'read more' } });
    await fireEvent.submit(screen.getByTestId('new-project-form'));
    await waitFor(() => {
      expect(screen.getByTestId('new-project-name-error').textContent).toBe('There is already a project named "Read more"');
    });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('new-project-name-error');

    // In the detail: the area select's refusal goes beside the area select.
    api.updateProject.mockRejectedValue({ code: 'invalid', message: 'area: there is no area named "Gone"; create it first' });
    await fireEvent.change(screen.getByTestId('project-area'), { target: { value: 'Work' } });
    await waitFor(() => {
      expect(screen.getByTestId('project-area-error').textContent).toBe('There is no area named "Gone"; create it first');
    });
    expect(api.updateProject).toHaveBeenCalledWith('Move house', { area: 'Work' });
  });

  it('saves a deadline in words on Enter', async () => {
    api.updateProject.mockResolvedValue({ project: { ...MOVE, deadline: '2026-12-04' }, todos: 0, projects: 0 });
    render(Projects);
    await waitFor(() => {
      expect(screen.getByTestId<HTMLInputElement>('project-deadline').value).toBe('2026-12-02');
    });
    const field = screen.getByTestId('project-deadline');
    await fireEvent.input(field, { target: { value: 'friday' } });
    await fireEvent.keyDown(field, { key: 'Enter' });
    await waitFor(() => {
      expect(api.updateProject).toHaveBeenCalledWith('Move house', { deadline: 'friday' });
    });
  });

  it('asks before removing a project and its todos; Undo brings them back', async () => {
    api.removeProject.mockResolvedValue({ project: MOVE, todos: 4, projects: 0 });
    api.undo.mockResolvedValue({ batch: 'b1', by: 'app', at: '2026-11-28T10:00:00Z', records: [`projects/${MOVE.id}.json`], kept: [] });
    render(Projects);
    render(Toast);
    await waitFor(() => {
      expect(screen.getByTestId('project-detail').textContent).toContain('Move house');
    });
    await fireEvent.click(screen.getByTestId('project-remove'));
    expect(api.removeProject).not.toHaveBeenCalled();
    expect(screen.getByTestId('project-remove-confirm').textContent).toContain('This also removes its 4 todos.');
    expect(screen.getByTestId('project-remove-yes').textContent.trim()).toBe('Remove the project and 4 todos');
    // Cancel changes nothing.
    await fireEvent.click(screen.getByTestId('project-remove-cancel'));
    expect(screen.queryByTestId('project-remove-confirm')).toBeNull();
    expect(api.removeProject).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId('project-remove'));
    await fireEvent.click(screen.getByTestId('project-remove-yes'));
    await waitFor(() => {
      expect(api.removeProject).toHaveBeenCalledWith('Move house');
    });
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toBe('Removed “Move house” and 4 todos.');
    });
    await fireEvent.click(screen.getByTestId('toast-action'));
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toBe('Undone: Move house');
    });
    expect(api.undo).toHaveBeenCalledTimes(1);
  });

  it('completes a project, saying its open todos went with it', async () => {
    api.updateProject.mockResolvedValue({ project: { ...MOVE, completedAt: '2026-11-28T10:00:00Z' }, todos: 3, projects: 0 });
    render(Projects);
    render(Toast);
    await waitFor(() => {
      expect(screen.getByTestId('project-complete').textContent).toBe('Complete');
    });
    await fireEvent.click(screen.getByTestId('project-complete'));
    await waitFor(() => {
      expect(api.updateProject).toHaveBeenCalledWith('Move house', { completed: true });
    });
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toBe('Completed “Move house” and its 3 open todos.');
    });
  });

  it('explains projects and areas when there are none, with a button to create the first', async () => {
    api.projects.mockResolvedValue([]);
    render(Projects);
    await waitFor(() => {
      expect(screen.getByTestId('projects-empty').textContent).toContain('An area is a part of your life');
    });
    await fireEvent.click(screen.getByTestId('empty-new-project'));
    expect(document.activeElement).toBe(screen.getByLabelText('Project name'));
  });
});

describe('projects in the Todos view', () => {
  it('filters by project, sending its name as the category', async () => {
    render(Todos);
    await waitFor(() => {
      expect(screen.getAllByTestId('todo-item').length).toBeGreaterThan(0);
    });
    const filter = screen.getByTestId<HTMLSelectElement>('filter-project');
    await waitFor(() => {
      expect([...filter.options].map((o) => o.value)).toEqual(['', 'General', 'Move house', 'Launch site', 'Read more']);
    });
    expect([...filter.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['Home', 'Work']);
    await fireEvent.change(filter, { target: { value: 'Move house' } });
    await waitFor(() => {
      expect(api.listTodos).toHaveBeenLastCalledWith(expect.objectContaining({ categories: ['Move house'] }));
    });
    await fireEvent.change(filter, { target: { value: 'General' } });
    await waitFor(() => {
      expect(api.listTodos).toHaveBeenLastCalledWith(expect.objectContaining({ categories: ['General'] }));
    });
    // A project's todos say their project; no project says nothing.
    expect(api.projects).toHaveBeenCalledWith();
  });

  it('moves a todo to another project from the edit form', async () => {
    api.updateTodo.mockResolvedValue(BOXES);
    render(Todos);
    await waitFor(() => {
      expect(screen.getAllByTestId('todo-project').map((e) => e.textContent)).toEqual(['Project: Move house']);
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit Buy boxes' }));
    const select = screen.getByTestId<HTMLSelectElement>('edit-project');
    expect(select.value).toBe('Move house');
    await fireEvent.change(select, { target: { value: 'Read more' } });
    await fireEvent.submit(select);
    await waitFor(() => {
      expect(api.updateTodo).toHaveBeenCalledWith(BOXES.id, { content: 'Buy boxes', priority: 'medium', project: 'Read more' });
    });
  });
});
