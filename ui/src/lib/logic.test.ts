import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { match, viewFromHash } from './shortcuts';
import { scrollToRow, visibleWindow } from './virtual';
import { badge, conflictText, recordName } from './sync';
import type { SyncView } from './types';
import { TextFilter, actorName, draftOf, draftPatch, dueLabel, filterByText, historyLine, summaryLine } from './todos';
import type { Todo } from './types';
import table from '../../../crates/valet-core/tests/cases/text_filter.json';

function key(k: string, extra: Partial<KeyboardEvent> = {}, target: EventTarget | null = null) {
  return { key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, target, ...extra };
}

describe('shortcuts', () => {
  it('maps plain keys to actions', () => {
    expect(match(key('2'))).toEqual({ kind: 'view', view: 'upcoming' });
    expect(match(key('3'))).toEqual({ kind: 'view', view: 'todos' });
    expect(match(key('4'))).toEqual({ kind: 'view', view: 'projects' });
    expect(match(key('7'))).toEqual({ kind: 'view', view: 'sync' });
    expect(match(key('/'))).toEqual({ kind: 'search' });
    expect(match(key('k', { ctrlKey: true }))).toEqual({ kind: 'palette' });
    expect(match(key('\\', { ctrlKey: true }))).toEqual({ kind: 'sidebar' });
    expect(match(key('f'))).toEqual({ kind: 'filter' });
    expect(match(key('?'))).toEqual({ kind: 'help' });
    expect(match(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(match(key('q'))).toBeNull();
  });

  it('ignores plain keys while typing, but not Escape', () => {
    const input = document.createElement('input');
    expect(match(key('j', {}, input))).toBeNull();
    expect(match(key('Escape', {}, input))).toEqual({ kind: 'escape' });
    expect(match(key('/', {}, input))).toBeNull();
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(match(key('n', {}, box))).toEqual({ kind: 'new' });
    expect(match(key('k', { ctrlKey: true }, input))).toEqual({ kind: 'palette' });
    expect(match(key('\\', { ctrlKey: true }, input))).toEqual({ kind: 'sidebar' });
  });

  it('undoes with Ctrl+z (Cmd+z), redoes with Ctrl+Shift+z and Ctrl+y, but not in a text field', () => {
    expect(match(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    // With Shift the browser reports a capital Z.
    expect(match(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(match(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    const input = document.createElement('input');
    const area = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    // jsdom has no isContentEditable; a browser sets it from the attribute.
    Object.defineProperty(editable, 'isContentEditable', { value: true });
    for (const field of [input, area, editable]) {
      expect(match(key('z', { ctrlKey: true }, field))).toBeNull();
      expect(match(key('Z', { ctrlKey: true, shiftKey: true }, field))).toBeNull();
    }
    // A select has no text to undo: the app's undo works there.
    expect(match(key('z', { ctrlKey: true }, document.createElement('select')))).toEqual({ kind: 'undo' });
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(match(key('z', { ctrlKey: true }, box))).toEqual({ kind: 'undo' });
  });

  it('picks with x and extends with Shift+arrows; a plain character ignores Shift', () => {
    expect(match(key('x'))).toEqual({ kind: 'pick' });
    expect(match(key('c'))).toEqual({ kind: 'toggle' });
    expect(match(key('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'extendDown' });
    expect(match(key('ArrowUp', { shiftKey: true }))).toEqual({ kind: 'extendUp' });
    expect(match(key('ArrowDown'))).toBeNull();
    expect(match(key('?', { shiftKey: true }))).toEqual({ kind: 'help' });
    expect(match(key('J', { shiftKey: true }))).toEqual({ kind: 'down' });
  });

  it('leaves the keys the focused element handles (listed for help only) to it', () => {
    expect(match(key('ArrowUp', { altKey: true }))).toBeNull();
    expect(match(key('s'))).toBeNull();
    // `]` is Today's "next day"; in Upcoming the focused todo takes it first.
    expect(match(key(']'))).toEqual({ kind: 'nextDay' });
  });
});

describe('virtual list', () => {
  it('renders only the rows in view, plus overscan', () => {
    const w = visibleWindow(10_000, 52, 52 * 5000, 520, 5);
    expect(w.start).toBe(4995);
    expect(w.end).toBe(5016);
    expect(w.padTop).toBe(4995 * 52);
    expect(w.padTop + (w.end - w.start) * 52 + w.padBottom).toBe(10_000 * 52);
  });

  it('handles empty lists and the ends', () => {
    expect(visibleWindow(0, 52, 0, 500)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
    const last = visibleWindow(3, 52, 9999, 500);
    expect(last.end).toBe(3);
  });

  it('scrolls a row into view only when needed', () => {
    expect(scrollToRow(0, 50, 100, 200)).toBe(0);
    expect(scrollToRow(10, 50, 0, 200)).toBe(350);
    expect(scrollToRow(2, 50, 0, 200)).toBe(0);
  });
});

describe('dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('sync badge', () => {
  const base: SyncView = {
    enabled: true,
    remote: 's3://bucket/alice',
    firstSyncDone: true,
    lastSync: null,
    error: null,
    needsConfirm: false,
    pending: 0,
    conflicts: 0,
    clockWarning: null,
  };

  it('says off, pending, error, needs-you and synced-at', () => {
    expect(badge({ ...base, enabled: false }).text).toBe('Sync off');
    expect(badge({ ...base, pending: 3 }).text).toBe('3 pending');
    expect(badge({ ...base, error: 'Can’t reach the storage service.' })).toMatchObject({ text: 'Sync error', tone: 'error' });
    expect(badge({ ...base, error: 'would delete', needsConfirm: true }).text).toBe('Sync needs you');
    const at = new Date(2026, 10, 28, 9, 5).toISOString();
    expect(badge({ ...base, lastSync: at })).toMatchObject({ text: 'Synced 09:05', tone: 'ok' });
    expect(badge({ ...base, lastSync: at, conflicts: 2 }).text).toBe('Synced 09:05 · 2 conflicts');
  });

  it('names records and shows conflict texts', () => {
    expect(recordName('todo/019ac9b2-aaaa-7000-8000-00001a2b3c4d')).toBe('todo …1a2b3c4d');
    expect(recordName('journal/2026-11-28')).toBe('journal 2026-11-28');
    expect(conflictText('a')).toBe('a');
    expect(conflictText(null)).toBe('(empty)');
  });
});

describe('todo list summary and due labels', () => {
  it('says one number when nothing is hidden', () => {
    expect(summaryLine(12, 12)).toBe('12 todos');
    expect(summaryLine(1, 1)).toBe('1 todo');
    expect(summaryLine(3, 12)).toBe('3 matching of 12');
  });

  it('labels due dates against the backend today, not the OS clock', () => {
    const todo = { due: '2026-11-30', status: 'pending' } as unknown as Todo;
    // The OS says the 30th already; the zone in Settings says it is still the 29th.
    expect(dueLabel(todo, '2026-11-29')?.text).toBe('Tomorrow');
    expect(dueLabel(todo, '2026-12-01')?.tone).toBe('overdue');
  });
});

describe('todo history', () => {
  it('names who changed a todo, an MCP client by its name', () => {
    expect(actorName('mcp:Claude')).toBe('Claude');
    expect(actorName('app')).toBe('the app');
    const at = new Date(2026, 10, 28, 14, 2);
    const entry = { at: at.toISOString(), key: 'todos/x.json', kind: 'todos', id: 'x', rev: 2, op: 'put' as const, by: 'mcp:Claude', changes: [] };
    expect(historyLine(entry, at)).toBe('changed by Claude at 14:02');
    expect(historyLine({ ...entry, changes: ['priority medium → high', 'completed'] }, at)).toBe(
      'priority medium → high; completed by Claude at 14:02',
    );
    expect(historyLine({ ...entry, rev: 1, by: 'cli' }, new Date(2026, 10, 29, 9, 0))).toBe('created by the CLI at 14:02, 2026-11-28');
  });
});

describe('text filter (same rule as the Rust query)', () => {
  const todo = (content: string, category = 'General', notes: string[] = []): Todo =>
    ({ id: content, content, category, notes, priority: 'medium', status: 'pending' }) as unknown as Todo;
  // The case table the Rust query test reads too (crates/valet-core/tests/text_filter.rs).
  const list = table.todos.map((r) => todo(r.content, r.category, r.notes));
  const ids = (text: string): string[] => filterByText(list, text).map((t) => t.id).sort();

  it.each(table.cases.map((c) => [c.text, c.want] as const))('%j matches %j', (text, want) => {
    expect(ids(text)).toEqual([...want].sort());
  });

  it('returns the same list when there are no words', () => {
    expect(filterByText(list, ' ')).toBe(list);
  });
});

describe('incremental text filter', () => {
  const todo = (content: string): Todo =>
    ({ id: content, content, category: 'General', notes: [], priority: 'medium', status: 'pending' }) as unknown as Todo;
  const list = Array.from({ length: 300 }, (_, i) => todo(`Todo number ${String(i)}`));

  it('gives the same answers as filtering from scratch, typing on and erasing', () => {
    const f = new TextFilter();
    const typed = 'number 12';
    const steps = [...Array.from(typed, (_, i) => typed.slice(0, i + 1)), ...Array.from(typed, (_, i) => typed.slice(0, typed.length - 1 - i)), 'x', '12 number', ''];
    for (const text of steps) {
      expect(f.run(list, text).map((t) => t.id)).toEqual(filterByText(list, text).map((t) => t.id));
    }
  });

  it('answers an erased-back text from what it kept, without scanning', () => {
    const f = new TextFilter();
    const first = f.run(list, 'number 1');
    f.run(list, 'number 12');
    // The kept answer itself (no scan made a new array), and the right one.
    const again = f.run(list, 'number 1');
    expect(again).toBe(first);
    expect(again.map((t) => t.id)).toEqual(filterByText(list, 'number 1').map((t) => t.id));
    // An empty box forgets: the next text is filtered again, with the same answer.
    f.run(list, '');
    const fresh = f.run(list, 'number 1');
    expect(fresh).not.toBe(first);
    expect(fresh.map((t) => t.id)).toEqual(first.map((t) => t.id));
  });

  it('keeps a bounded number of texts', () => {
    const f = new TextFilter();
    const texts = Array.from({ length: TextFilter.KEEP + 5 }, (_, i) => `number ${String(i)}`);
    const answers = texts.map((t) => f.run(list, t));
    // The oldest were dropped (a new array), the latest kept (the same one).
    expect(f.run(list, texts[0] ?? '')).not.toBe(answers[0]);
    expect(f.run(list, texts.at(-1) ?? '')).toBe(answers.at(-1));
  });

  it('starts over when the list changes', () => {
    const f = new TextFilter();
    expect(f.run(list, 'number 29')).toHaveLength(13); // 29, 129, 229, 290-299
    const more = [...list, todo('Todo number 2900')];
    expect(f.run(more, 'number 29')).toHaveLength(14);
  });
});

describe('the inline edit form', () => {
  it('sends the dates and the repeat only when they changed', () => {
    const t: Todo = { id: 'a', content: 'Call', status: 'pending', priority: 'high', category: 'work', due: '2026-12-01', when: '2026-11-30', notes: [], createdAt: '', updatedAt: '' };
    const d = draftOf(t, 'every monday');
    expect(d).toEqual({ content: 'Call', priority: 'high', project: 'work', due: '2026-12-01', when: '2026-11-30', repeat: 'every monday' });
    expect(draftPatch(t, { ...d, content: 'Call back' }, 'every monday')).toEqual({ content: 'Call back', priority: 'high' });
    expect(draftPatch(t, { ...d, when: 'friday', repeat: '' }, 'every monday')).toEqual({ content: 'Call', priority: 'high', when: 'friday', repeat: '' });
    expect(draftOf(null).content).toBe('');
  });

  it('sends the project only when it changed; no project is an empty one', () => {
    const t: Todo = { id: 'a', content: 'Call', status: 'pending', priority: 'high', category: 'General', due: null, notes: [], createdAt: '', updatedAt: '' };
    const d = draftOf(t);
    expect(d.project).toBe('');
    expect(draftPatch(t, d)).toEqual({ content: 'Call', priority: 'high' });
    expect(draftPatch(t, { ...d, project: 'Work' })).toEqual({ content: 'Call', priority: 'high', project: 'Work' });
    const w = { ...t, category: 'Work' };
    expect(draftPatch(w, { ...draftOf(w), project: 'work' })).toEqual({ content: 'Call', priority: 'high' });
    expect(draftPatch(w, { ...draftOf(w), project: '' })).toEqual({ content: 'Call', priority: 'high', project: '' });
  });
});

describe('viewFromHash', () => {
  it.each([
    ['', 'today'],
    ['#today', 'today'],
    ['#/todos', 'todos'],
    ['#settings', 'settings'],
    ['#quick-add', 'quick-add'],
    ['#nowhere', 'today'],
  ])('reads %j as %s (the window and the early Today request agree)', (hash, view) => {
    expect(viewFromHash(hash)).toBe(view);
  });
});
