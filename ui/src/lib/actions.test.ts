import { describe, expect, it } from 'vitest';
import { commandScore, commands, keyFor, keyParts, rank, wordScore } from './actions';
import { countText, navCounts } from './counts';
import { SHORTCUTS, keyName, match, type View } from './shortcuts';
import type { TodoCounts } from './types';

const VIEWS: View[] = ['today', 'upcoming', 'todos', 'projects', 'history', 'settings', 'sync'];

function titles(view: View, query = '', syncEnabled = false): string[] {
  return rank(commands(view, { syncEnabled }), query).map((c) => c.title);
}

describe('the shortcut table', () => {
  it('names each key once per scope, so the overlay and the key handler agree', () => {
    const seen = new Set<string>();
    for (const s of SHORTCUTS) {
      if (s.keys === null) continue;
      const id = `${s.scope} ${s.keys}`;
      expect(seen.has(id), id).toBe(false);
      seen.add(id);
    }
  });

  it('gives every palette command an action, and every command with a key runs it from that key', () => {
    for (const s of SHORTCUTS.filter((x) => x.command !== undefined)) {
      expect(s.action, s.command).not.toBeNull();
      if (s.keys === null || s.keys.startsWith('Ctrl+click')) continue;
      const ctrl = s.keys.startsWith('Ctrl+');
      const shift = s.keys.includes('Shift+');
      const key = s.keys.replace(/^Ctrl\+/, '').replace(/^Shift\+/, '');
      const event = { key: shift && key.length === 1 ? key.toUpperCase() : key, ctrlKey: ctrl, metaKey: false, altKey: false, shiftKey: shift, target: null };
      expect(keyName(event), s.keys).toBe(s.keys);
      // `[` and `]` are Today's first: Upcoming's rows take them before the shell does.
      expect(match(event), s.keys).toEqual(s.action);
    }
  });

  it('keeps 1 to 7 on the views, in order', () => {
    VIEWS.forEach((v, i) => {
      expect(keyFor({ kind: 'view', view: v })).toBe(String(i + 1));
    });
    // Insights came later: the next free number, so the others kept theirs.
    expect(keyFor({ kind: 'view', view: 'insights' })).toBe('8');
    expect(keyFor({ kind: 'palette' })).toBe('Ctrl+k');
    expect(keyFor({ kind: 'sidebar' })).toBe('Ctrl+\\');
    expect(keyFor({ kind: 'redo' })).toBe('Ctrl+Shift+z');
    expect(keyFor({ kind: 'theme' })).toBeNull();
  });
});

describe('palette commands', () => {
  it('offers going to every other view, the global commands, and the view’s own', () => {
    const inTodos = titles('todos');
    expect(inTodos).toContain('Go to Today');
    expect(inTodos).not.toContain('Go to Todos');
    expect(inTodos).toEqual(expect.arrayContaining(['New todo', 'Search everything', 'Show keyboard shortcuts', 'Toggle the sidebar', 'Switch theme (light or dark)', 'Undo the last change', 'Redo']));
    expect(inTodos).toEqual(expect.arrayContaining(['Filter the list', 'Complete or reopen the focused todo', 'Delete the focused or selected todos']));
    expect(inTodos).not.toContain('Next day');
    const inToday = titles('today');
    expect(inToday).toEqual(expect.arrayContaining(['Previous day', 'Next day', 'Back to today']));
    expect(inToday).not.toContain('Filter the list');
    // Nothing for the palette itself, nor Escape, nor the second redo key.
    expect(commands('settings', { syncEnabled: true }).map((c) => c.keys)).not.toEqual(expect.arrayContaining(['Ctrl+k', 'Escape', 'Ctrl+y']));
  });

  it('offers Sync now only with sync set up', () => {
    expect(titles('today', '', false)).not.toContain('Sync now');
    expect(titles('today', '', true)).toContain('Sync now');
  });

  it('shows each command’s key from the table', () => {
    const byTitle = new Map(commands('todos', { syncEnabled: true }).map((c) => [c.title, c.keys]));
    expect(byTitle.get('Go to Sync')).toBe('7');
    expect(byTitle.get('Undo the last change')).toBe('Ctrl+z');
    expect(byTitle.get('Filter the list')).toBe('f');
    expect(byTitle.get('Sync now')).toBeNull();
  });
});

describe('fuzzy filter', () => {
  it('keeps the table order for an empty query', () => {
    expect(titles('settings').slice(0, 3)).toEqual(['Go to Today', 'Go to Upcoming', 'Go to Todos']);
    expect(titles('settings', '   ')).toEqual(titles('settings'));
  });

  it('ranks a title that starts with the words first', () => {
    expect(titles('today', 'sync', true).slice(0, 2)).toEqual(['Sync now', 'Go to Sync']);
    expect(titles('settings', 'new')[0]).toBe('New todo');
    expect(titles('settings', 'undo')[0]).toBe('Undo the last change');
  });

  it('finds letters in order, preferring word starts ("gtp" is Go to Projects)', () => {
    expect(titles('today', 'gtp')[0]).toBe('Go to Projects');
    expect(titles('today', 'gth')[0]).toBe('Go to History');
    expect(titles('today', 'tsb')[0]).toBe('Toggle the sidebar');
  });

  it('matches every word, in any order, and the extra words too', () => {
    expect(titles('today', 'projects go')[0]).toBe('Go to Projects');
    expect(titles('today', 'dark')).toEqual(['Switch theme (light or dark)']);
    expect(titles('today', 'calendar')).toEqual(['Go to History']);
    expect(titles('today', 'qqq')).toEqual([]);
    expect(titles('today', 'go zzz')).toEqual([]);
  });

  it('scores a title match above the same word among the extra words', () => {
    const inTitle = commandScore('history', { title: 'Go to History', words: '' });
    const inWords = commandScore('history', { title: 'Something else', words: 'history' });
    expect(inTitle).not.toBeNull();
    expect(inWords).not.toBeNull();
    expect(inTitle ?? 0).toBeGreaterThan(inWords ?? 0);
  });

  it('scores substrings above scattered letters, and word starts above the middle of a word', () => {
    expect(wordScore('day', 'go to today')).not.toBeNull();
    expect(wordScore('tod', 'go to today') ?? 0).toBeGreaterThan(wordScore('tdy', 'go to today') ?? 0);
    expect(wordScore('day', 'day plan') ?? 0).toBeGreaterThan(wordScore('day', 'today') ?? 0);
    expect(wordScore('xyz', 'go to today')).toBeNull();
    // A letter at a word start later on must not hide the plain match.
    expect(wordScore('ac', 'xabc a')).not.toBeNull();
    expect(wordScore('', 'anything')).toBe(0);
  });
});

describe('key chips', () => {
  it('splits a key into what a person reads', () => {
    expect(keyParts('Ctrl+Shift+z')).toEqual(['Ctrl', 'Shift', 'Z']);
    expect(keyParts('Ctrl+\\')).toEqual(['Ctrl', '\\']);
    expect(keyParts('?')).toEqual(['?']);
    expect(keyParts('Escape')).toEqual(['Escape']);
  });
});

describe('sidebar counts', () => {
  it("counts Today as the facade does and Todos as the open todos", () => {
    const c: TodoCounts = { open: 12, inProgress: 1, completed: 4, overdue: 2, dueToday: 1, today: 5 };
    expect(navCounts(c)).toEqual({ today: 5, todos: 12 });
  });

  it('shows nothing for zero and caps at 99+', () => {
    expect(countText(0)).toBe('');
    expect(countText(undefined)).toBe('');
    expect(countText(7)).toBe('7');
    expect(countText(100)).toBe('99+');
  });
});
