import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DayView, QuickAdd as Parsed, Todo, TodayItem } from '../lib/types';
import { todoPage } from '../lib/test-pages';

const api = vi.hoisted(() => ({
  listTodos: vi.fn(),
  projects: vi.fn(),
  quickAddPreview: vi.fn(),
  quickAdd: vi.fn(),
  closeQuickAdd: vi.fn(),
  removeTodo: vi.fn(),
  undo: vi.fn(),
  undoChange: vi.fn(),
  completeTodo: vi.fn(),
  reopenTodo: vi.fn(),
  updateTodo: vi.fn(),
  addNote: vi.fn(),
  todoHistory: vi.fn(),
  tags: vi.fn(),
}));

vi.mock('../lib/api', async (original) => {
  const real = await original<typeof import('../lib/api')>();
  return { ...real, ...api };
});

const { default: QuickAdd } = await import('./QuickAdd.svelte');
const { default: Todos } = await import('./Todos.svelte');
const { default: Toast } = await import('../lib/Toast.svelte');
const { default: DayReader } = await import('./history/DayReader.svelte');
const { default: TodayList } = await import('./today/TodayList.svelte');

function todo(content: string, extra: Partial<Todo> = {}): Todo {
  return {
    id: `0000-${content}`,
    content,
    status: 'pending',
    priority: 'medium',
    category: 'General',
    due: null,
    notes: [],
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    ...extra,
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  api.projects.mockResolvedValue([]);
  api.closeQuickAdd.mockResolvedValue(undefined);
  api.todoHistory.mockResolvedValue([]);
  api.tags.mockResolvedValue([]);
});

describe('QuickAdd', () => {
  it('previews what it understood, then adds on Enter', async () => {
    const parsed: Parsed = {
      content: 'Call the bank',
      priority: 'high',
      tags: ['finance', 'calls'],
      due: '2026-11-29',
      dueTime: '09:00',
      duePhrase: 'tomorrow 9am',
    };
    api.quickAddPreview.mockResolvedValue(parsed);
    api.quickAdd.mockResolvedValue(todo('Call the bank'));
    render(QuickAdd);
    const input = screen.getByTestId('quick-input');
    await fireEvent.input(input, { target: { value: 'Call the bank tomorrow 9am !high #finance #calls' } });
    await waitFor(() => {
      expect(screen.getByTestId('quick-preview').textContent).toContain('deadline 2026-11-29 09:00');
    });
    expect(screen.getByTestId('preview-tags').textContent).toBe('tags: #finance #calls');
    await fireEvent.submit(input);
    await waitFor(() => {
      expect(api.quickAdd).toHaveBeenCalledWith('Call the bank tomorrow 9am !high #finance #calls');
    });
    expect(screen.getByTestId('quick-preview').textContent).toContain('Added “Call the bank”');
  });
});

describe('QuickAdd reminders', () => {
  it('previews the reminders it understood', async () => {
    api.quickAddPreview.mockResolvedValue({
      content: 'Call the bank',
      priority: null,
      due: '2026-11-29',
      dueTime: '09:00',
      duePhrase: 'tomorrow 9am',
      reminders: ['30m before'],
      reminderWords: ['30 min before'],
    } satisfies Parsed);
    render(QuickAdd);
    await fireEvent.input(screen.getByTestId('quick-input'), { target: { value: 'Call the bank tomorrow 9am remind 30m before' } });
    await waitFor(() => {
      expect(screen.getByTestId('quick-preview').textContent).toContain('reminds 30 min before');
    });
  });
});

describe('Todos', () => {
  it('marks a todo with reminders and says them, with when they fire, in the detail', async () => {
    const bank = todo('Call the bank', { due: '2026-12-01', dueTime: '09:00', reminders: ['30m before'] });
    api.listTodos.mockResolvedValue(
      todoPage([bank], {
        reminders: { [bank.id]: [{ text: '30m before', words: '30 min before', at: '2026-12-01 08:30', missing: null }] },
      }),
    );
    render(Todos);
    await waitFor(() => {
      expect(screen.getByTestId('reminder-mark').getAttribute('title')).toBe('Reminds: 30 min before (Tue 1 Dec 08:30)');
    });
    expect(screen.getByTestId('todo-reminders').textContent).toContain('30 min before · Tue 1 Dec 08:30');
    expect(screen.getByTestId<HTMLInputElement>('todo-reminders-input').value).toBe('30m before');
    expect(screen.getByRole('textbox', { name: 'Reminders' })).toBe(screen.getByTestId('todo-reminders-input'));
  });

  it('teaches when there are no todos', async () => {
    api.listTodos.mockResolvedValue(todoPage([]));
    render(Todos);
    await waitFor(() => {
      expect(screen.getByTestId('empty-state').textContent).toContain('No todos yet');
    });
  });

  it("shows who changed the selected todo, an MCP client by its name", async () => {
    const milk = todo('Buy milk');
    api.listTodos.mockResolvedValue(todoPage([milk]));
    const at = new Date();
    at.setHours(14, 2, 0, 0);
    api.todoHistory.mockResolvedValue([
      { at: at.toISOString(), key: 'todos/0000-Buy milk.json', kind: 'todos', id: milk.id, rev: 2, op: 'put', by: 'mcp:Claude', changes: [] },
    ]);
    render(Todos);
    await waitFor(() => {
      expect(screen.getByTestId('todo-history').textContent).toContain('changed by Claude at 14:02');
    });
    expect(api.todoHistory).toHaveBeenCalledWith(milk.id);
  });

  it('deletes, and the toast takes it back with the real undo', async () => {
    const milk = todo('Buy milk');
    api.listTodos.mockResolvedValue(todoPage([milk]));
    api.removeTodo.mockResolvedValue(milk);
    api.undo.mockResolvedValue({ batch: 'b1', by: 'app', at: '2026-11-28T10:00:00Z', records: [`todos/${milk.id}.json`], kept: [] });
    render(Todos);
    render(Toast);
    await waitFor(() => {
      expect(screen.getByTestId('todo-content').textContent).toBe('Buy milk');
    });
    await fireEvent.click(screen.getByTestId('todo-delete'));
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toContain('Deleted “Buy milk”');
    });
    expect(screen.getByTestId('toast').getAttribute('role')).toBe('status');
    await fireEvent.click(screen.getByTestId('toast-action'));
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toBe('Undone: Buy milk');
    });
    expect(api.undo).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('toast-action').textContent).toBe('Redo');
  });

  it("offers Undo on changes by others in the history, not on the app's own", async () => {
    const milk = todo('Buy milk');
    api.listTodos.mockResolvedValue(todoPage([milk]));
    const entry = { at: '2026-11-28T10:00:00Z', key: `todos/${milk.id}.json`, kind: 'todos', id: milk.id, op: 'put' as const, changes: [] };
    api.todoHistory.mockResolvedValue([
      { ...entry, rev: 3, by: 'app' },
      { ...entry, rev: 2, by: 'mcp:Claude' },
      { ...entry, rev: 1, by: 'cli' },
    ]);
    api.undoChange.mockResolvedValue({ batch: 'b2', by: 'mcp:Claude', at: entry.at, records: [entry.key], kept: [`${entry.key}: content`] });
    render(Todos);
    render(Toast);
    await waitFor(() => {
      expect(screen.getAllByTestId('history-undo')).toHaveLength(2);
    });
    expect(screen.getAllByTestId('history-undo')[0]?.getAttribute('aria-label')).toMatch(/^Undo: changed by Claude at /);
    const first = screen.getAllByTestId('history-undo')[0];
    if (first !== undefined) await fireEvent.click(first);
    await waitFor(() => {
      expect(api.undoChange).toHaveBeenCalledWith(milk.id, 2);
    });
    await waitFor(() => {
      expect(screen.getByTestId('toast').textContent).toBe('Undone: Buy milk (kept: content, changed since)');
    });
  });
});

describe('History: the day reader', () => {
  const day: DayView = {
    date: '2026-11-27',
    isToday: false,
    plan: null,
    journal: null,
    archived: null,
    sections: [
      { file: 'plan', name: 'tasks', title: 'Tasks', text: '- [x] done\n- [ ] still open' },
      {
        file: 'journal',
        name: 'notes',
        title: 'Notes',
        text: '## Highlights\n\nA *good* day, see [the docs](https://example.com/docs).\n\n<script>window.hacked = true</script>\n\n[bad](javascript:alert(1))',
      },
    ],
  };

  it('renders the Markdown, not the raw text: headings, task checkboxes, emphasis, links', () => {
    render(DayReader, { day, message: null, onrestore: vi.fn() });
    const reader = screen.getByTestId('day-reader');
    // "## Highlights" is a heading under the section's h4, not "## " in the text.
    expect(screen.getByRole('heading', { name: 'Highlights', level: 5 })).toBeTruthy();
    expect(reader.textContent).not.toMatch(/##|\[x\]|\[ \]|\*good\*/);
    const done = screen.getByRole<HTMLInputElement>('checkbox', { name: 'done' });
    expect(done.checked).toBe(true);
    expect(done.disabled).toBe(true);
    const open = screen.getByRole<HTMLInputElement>('checkbox', { name: 'still open' });
    expect(open.checked).toBe(false);
    expect(open.closest('li')).not.toBeNull();
    expect(reader.querySelector('em')?.textContent).toBe('good');
    const link = screen.getByRole('link', { name: 'the docs' });
    expect(link.getAttribute('href')).toBe('https://example.com/docs');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.queryByRole('link', { name: 'bad' })).toBeNull();
  });

  it("shows the journal's mood score, even on a day that has nothing else", () => {
    const journal = {
      date: '2026-11-27',
      entries: [],
      moodScore: 4,
      highlights: [],
      challenges: [],
      lessons: [],
      reflections: '',
      personalReminders: '',
      createdAt: '2026-11-27T08:00:00Z',
      updatedAt: '2026-11-27T08:00:00Z',
    };
    const { unmount } = render(DayReader, { day: { ...day, journal }, message: null, onrestore: vi.fn() });
    expect(screen.getByTestId('day-mood-score').textContent).toBe('Mood 4 – good');
    expect(screen.getAllByTestId('day-mood-score')).toHaveLength(1);
    unmount();
    render(DayReader, { day: { ...day, journal, sections: [] }, message: null, onrestore: vi.fn() });
    expect(screen.getByTestId('day-mood-score').textContent).toBe('Mood 4 – good');
    expect(screen.queryByTestId('day-nothing')).toBeNull();
  });

  it('runs no script typed in a section: it shows as text', () => {
    render(DayReader, { day, message: null, onrestore: vi.fn() });
    const reader = screen.getByTestId('day-reader');
    expect(reader.querySelector('script')).toBeNull();
    expect(reader.textContent).toContain('<script>window.hacked = true</script>');
    expect((window as unknown as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('asks before a link opens, in the browser, never in the app', async () => {
    const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const opened = vi.spyOn(window, 'open').mockReturnValue(null);
    render(DayReader, { day, message: null, onrestore: vi.fn() });
    const followed = await fireEvent.click(screen.getByRole('link', { name: 'the docs' }));
    expect(followed).toBe(false);
    expect(ask).toHaveBeenCalledWith('Open https://example.com/docs in your browser?');
    expect(opened).not.toHaveBeenCalled();
    ask.mockReturnValue(true);
    await fireEvent.click(screen.getByRole('link', { name: 'the docs' }));
    expect(opened).toHaveBeenCalledWith('https://example.com/docs', '_blank', 'noopener,noreferrer');
    ask.mockRestore();
    opened.mockRestore();
  });
});

describe('Today: a long list', () => {
  const todo = (n: number): Todo => ({
    id: `id-${String(n)}`,
    content: `Late chore ${String(n)}`,
    status: 'pending',
    priority: 'medium',
    category: 'General',
    due: '2026-11-20',
    notes: [],
    createdAt: '2026-11-01T10:00:00Z',
    updatedAt: '2026-11-01T10:00:00Z',
  });
  const items: TodayItem[] = [
    ...Array.from({ length: 70 }, (_, n): TodayItem => ({ kind: 'todo', key: `todo:${String(n)}`, reason: 'overdue', todo: todo(n), done: false })),
    { kind: 'task', key: 'task:t1', task: { id: 't1', text: 'Write the plan', done: false }, todo: null, done: false },
  ];

  it("draws the plan's tasks and the first todos, the rest behind 'Show N more'", async () => {
    const noop = vi.fn();
    render(TodayList, { items, today: '2026-11-28', nudgeAfter: 3, ontoggle: noop, onreorder: noop, onremove: noop, onresolve: vi.fn(), onopen: noop });
    const rows = screen.getAllByTestId('today-item');
    expect(rows).toHaveLength(60);
    expect(rows.at(-1)?.textContent).toContain('Write the plan');
    // Each row still says its place in the whole list.
    expect(screen.getByRole('button', { name: /Reorder “Write the plan”, row 71 of 71/ })).toBeTruthy();
    const more = screen.getByTestId('today-show-all');
    expect(more.textContent).toBe('Show 11 more todos from the list');
    await fireEvent.click(more);
    expect(screen.getAllByTestId('today-item')).toHaveLength(71);
    expect(screen.queryByTestId('today-show-all')).toBeNull();
  });
});
