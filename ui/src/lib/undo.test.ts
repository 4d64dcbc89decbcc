import { describe, expect, it } from 'vitest';
import { patchOf, targets } from './bulk';
import { between, clicked, extended, NONE, pruned, toggled } from './selection';
import { bulkLine, keptWords, nameList, reportLine, TodoNames, todoIdOf, undoable } from './undo';
import type { AuditEntry, Todo, UndoReport } from './types';

function todo(id: string, content: string, extra: Partial<Todo> = {}): Todo {
  return { id, content, status: 'pending', priority: 'medium', category: 'General', due: null, notes: [], createdAt: '', updatedAt: '', ...extra };
}

function report(records: string[], kept: string[] = []): UndoReport {
  return { batch: 'b1', by: 'app', at: '2026-11-28T10:00:00Z', records, kept };
}

const names: Record<string, string> = { a: 'Call the bank', b: 'Water the plants', c: 'Renew passport', d: 'Pay rent' };
const nameOf = (id: string): string | undefined => names[id];

describe('the toast after an undo', () => {
  it('names the todos it put back', () => {
    expect(reportLine('Undone', report(['todos/a.json']), nameOf)).toBe('Undone: Call the bank');
    expect(reportLine('Redone', report(['todos/a.json', 'todos/b.json']), nameOf)).toBe('Redone: Call the bank and Water the plants');
    expect(reportLine('Undone', report(['todos/a.json', 'todos/b.json', 'todos/c.json']), nameOf)).toBe(
      'Undone: Call the bank, Water the plants and Renew passport',
    );
    expect(reportLine('Undone', report(['todos/a.json', 'todos/b.json', 'todos/c.json', 'todos/d.json']), nameOf)).toBe(
      'Undone: Call the bank, Water the plants and 2 more',
    );
  });

  it('counts the changes when one is not a todo of the list', () => {
    expect(reportLine('Undone', report(['todos/a.json', 'plans/2026-11-30.json']), nameOf)).toBe('Undone: 2 changes');
    expect(reportLine('Undone', report(['todos/zz.json']), nameOf)).toBe('Undone: 1 change');
  });

  it('says what was kept because it changed since', () => {
    expect(reportLine('Undone', report(['todos/a.json'], ['todos/a.json: content']), nameOf)).toBe(
      'Undone: Call the bank (kept: content, changed since)',
    );
    expect(keptWords(['todos/a.json: content', 'todos/b.json: content', 'todos/b.json: dueTime'], nameOf)).toBe('content, due time');
    // A record created or deleted since is kept whole.
    expect(keptWords(['todos/a.json: changed since', 'todos/zz.json: changed since'], nameOf)).toBe('Call the bank, a record');
    expect(reportLine('Undone', report([], ['todos/a.json: status']), nameOf)).toBe('Undone: nothing put back (kept: status, changed since)');
  });

  it('reads record paths', () => {
    expect(todoIdOf('todos/019ac9b2-0000.json')).toBe('019ac9b2-0000');
    expect(todoIdOf('plans/2026-11-30.json')).toBeNull();
    expect(todoIdOf('projects/6f1c-work.json')).toBe('6f1c-work');
    expect(nameList([])).toBe('');
  });
});

describe('the history', () => {
  const entry = (by: string, op: 'put' | 'delete' = 'put'): AuditEntry => ({ at: '', key: 'todos/a.json', kind: 'todos', id: 'a', rev: 2, op, by, changes: [] });

  it("offers Undo on changes by others, not on the app's, sync's or an import's", () => {
    expect(undoable(entry('mcp:Claude'))).toBe(true);
    expect(undoable(entry('cli'))).toBe(true);
    expect(undoable(entry('app'))).toBe(false);
    expect(undoable(entry('sync'))).toBe(false);
    expect(undoable(entry('import'))).toBe(false);
    expect(undoable(entry('mcp:Claude', 'delete'))).toBe(false);
  });
});

describe('names for the toast', () => {
  it('finds a todo in the lists shown lately or among the deleted', () => {
    const n = new TodoNames();
    const first = [todo('a', 'Call the bank'), todo('b', 'Water the plants')];
    n.show(first);
    n.show([todo('b', 'Water the plants')]);
    // Completed out of the open list: still named.
    expect(n.get('a')).toBe('Call the bank');
    n.keep([todo('z', 'Deleted one')]);
    expect(n.get('z')).toBe('Deleted one');
    expect(n.get('nope')).toBeUndefined();
    for (let i = 0; i < 5; i += 1) n.show([todo(`x${String(i)}`, 'x')]);
    expect(n.get('a')).toBeUndefined();
  });

  it('names a removed project, so undoing its removal says it', () => {
    const n = new TodoNames();
    n.keepName('p1', 'Move house');
    n.keep([todo('a', 'Pack books')]);
    expect(reportLine('Undone', report(['projects/p1.json', 'todos/a.json']), (id) => n.get(id))).toBe('Undone: Move house and Pack books');
  });
});

describe('selection', () => {
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));

  it('toggles and takes ranges in either order', () => {
    expect([...toggled(new Set(['a']), 'b')]).toEqual(['a', 'b']);
    expect([...toggled(new Set(['a', 'b']), 'a')]).toEqual(['b']);
    expect(between(list, 3, 1)).toEqual(['b', 'c', 'd']);
    expect(between(list, -2, 9)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('picks as a file manager does on clicks', () => {
    // Ctrl+click with nothing picked and no row clicked before: that row alone.
    let s = clicked(NONE, list, 1, -1, { toggle: true, range: false });
    expect([...s.picked]).toEqual(['b']);
    // Shift+click: the range from the anchor added.
    s = clicked(s.picked, list, 3, s.anchor, { toggle: false, range: true });
    expect([...s.picked].sort()).toEqual(['b', 'c', 'd']);
    // Ctrl+click again takes one out.
    s = clicked(s.picked, list, 2, s.anchor, { toggle: true, range: false });
    expect([...s.picked].sort()).toEqual(['b', 'd']);
    // A plain click leaves nothing picked; the next Ctrl+click takes that row along.
    s = clicked(s.picked, list, 0, s.anchor, { toggle: false, range: false });
    expect(s.picked.size).toBe(0);
    s = clicked(s.picked, list, 4, s.anchor, { toggle: true, range: false });
    expect([...s.picked].sort()).toEqual(['a', 'e']);
    // Shift+click with no anchor: the row itself.
    expect([...clicked(NONE, list, 2, -1, { toggle: false, range: true }).picked]).toEqual(['c']);
  });

  it('extends with Shift+arrows and shrinks back toward the anchor', () => {
    let s = extended(NONE, list, -1, 1, 1);
    expect(s.focus).toBe(2);
    expect([...s.picked].sort()).toEqual(['b', 'c']);
    s = extended(s.picked, list, s.anchor, s.focus, 1);
    expect([...s.picked].sort()).toEqual(['b', 'c', 'd']);
    s = extended(s.picked, list, s.anchor, s.focus, -1);
    expect(s.focus).toBe(2);
    expect([...s.picked].sort()).toEqual(['b', 'c']);
    // At the end of the list nothing moves.
    expect(extended(NONE, list, -1, 4, 1).focus).toBe(4);
  });

  it('drops what the list no longer shows', () => {
    const picked = new Set(['a', 'z']);
    expect([...pruned(picked, list)]).toEqual(['a']);
    const kept = new Set(['a', 'b']);
    expect(pruned(kept, list)).toBe(kept);
  });
});

describe('bulk changes', () => {
  const done = todo('a', 'Done one', { status: 'completed' });
  const open = todo('b', 'Open one');
  const going = todo('c', 'Going one', { status: 'in_progress' });

  it('complete the open ones, reopen the done ones, change all for the rest', () => {
    expect(targets([done, open, going], { kind: 'complete' }).map((t) => t.id)).toEqual(['b', 'c']);
    expect(targets([done, open, going], { kind: 'reopen' }).map((t) => t.id)).toEqual(['a']);
    expect(targets([done, open], { kind: 'tag', tag: 'work' })).toHaveLength(2);
  });

  it('send one patch', () => {
    expect(patchOf({ kind: 'complete' })).toEqual({ status: 'completed' });
    expect(patchOf({ kind: 'reopen' })).toEqual({ status: 'pending' });
    expect(patchOf({ kind: 'schedule', words: ' next friday ' })).toEqual({ when: 'next friday' });
    expect(patchOf({ kind: 'tag', tag: 'work ' })).toEqual({ addTags: ['work'] });
    expect(patchOf({ kind: 'priority', priority: 'high' })).toEqual({ priority: 'high' });
    expect(patchOf({ kind: 'project', project: 'Garden' })).toEqual({ project: 'Garden' });
    expect(patchOf({ kind: 'project', project: '' })).toEqual({ project: '' });
    expect(patchOf({ kind: 'delete' })).toBeNull();
  });

  it('say what they did', () => {
    expect(bulkLine({ kind: 'complete' }, 3)).toBe('Completed 3 todos');
    expect(bulkLine({ kind: 'reopen' }, 1)).toBe('Reopened 1 todo');
    expect(bulkLine({ kind: 'delete' }, 2)).toBe('Deleted 2 todos');
    expect(bulkLine({ kind: 'tag', tag: '#work' }, 3)).toBe('Tagged 3 todos #work');
    expect(bulkLine({ kind: 'priority', priority: 'high' }, 3)).toBe('Set 3 todos to high priority');
    expect(bulkLine({ kind: 'schedule', words: 'next friday' }, 2, '2026-12-04')).toBe('Scheduled 2 todos for Fri 4 Dec');
    expect(bulkLine({ kind: 'schedule', words: 'someday' }, 2)).toBe('Scheduled 2 todos for someday');
    expect(bulkLine({ kind: 'project', project: 'Garden' }, 2)).toBe('Moved 2 todos to Garden');
    expect(bulkLine({ kind: 'project', project: '' }, 1)).toBe('Took 1 todo out of their project');
  });
});
