// Bulk changes to the selected todos (the bulk bar; Delete with a selection): one update_many or
// remove_many call each, so one Ctrl+Z takes the whole change back; then the toast with Undo.
import { removeMany, toApiError, updateMany } from './api';
import { names, say, UNDO } from './toast.svelte';
import { bulkLine, type BulkChange } from './undo';
import type { Todo, TodoPatch } from './types';

/** The todos a change applies to: Complete skips the done ones, Reopen takes only those (so an
 *  "in progress" todo is not set back to pending). */
export function targets(todos: readonly Todo[], change: BulkChange): Todo[] {
  if (change.kind === 'complete') return todos.filter((t) => t.status !== 'completed');
  if (change.kind === 'reopen') return todos.filter((t) => t.status === 'completed');
  return [...todos];
}

/** The one patch sent for every todo (null: a delete). */
export function patchOf(change: BulkChange): TodoPatch | null {
  switch (change.kind) {
    case 'complete':
      return { status: 'completed' };
    case 'reopen':
      return { status: 'pending' };
    case 'schedule':
      return { when: change.words.trim() };
    case 'tag':
      return { addTags: [change.tag.trim()] };
    case 'priority':
      return { priority: change.priority };
    case 'project':
      return { project: change.project };
    case 'delete':
      return null;
  }
}

/** Makes the change (a delete asks first); says what it did in the toast, or why it failed.
 *  True when it was made. */
export async function applyBulk(todos: readonly Todo[], change: BulkChange): Promise<boolean> {
  const chosen = targets(todos, change);
  if (chosen.length === 0) return false;
  const ids = chosen.map((t) => t.id);
  const patch = patchOf(change);
  const n = String(chosen.length);
  if (patch === null && !window.confirm(`Delete ${n} todos? (Undo brings them back: Ctrl+Z.)`)) return false;
  try {
    const changed = patch === null ? await removeMany(ids) : await updateMany(ids, patch);
    // Deleted todos leave the list, and completed ones the open list: an undo names them.
    names.keep(chosen);
    say(bulkLine(change, changed.length, changed[0]?.when), UNDO);
    return true;
  } catch (err) {
    say(`Nothing changed: ${toApiError(err).message}`, null, true);
    return false;
  }
}
