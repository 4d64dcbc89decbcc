// The main window's one status line (the toast, shown by Toast.svelte): what an undo, a redo or a
// bulk change did, with one button (Undo or Redo); and the undo and redo the shortcuts and that
// button run.
import { redo, toApiError, undo, undoChange } from './api';
import { live } from './bus.svelte';
import { reportLine, TodoNames } from './undo';
import type { UndoReport } from './types';

export interface ToastAction {
  label: string;
  run: () => unknown;
}

/** `n` counts messages, so the same text said twice still restarts the timer. */
export const toast = $state<{ text: string; action: ToastAction | null; error: boolean; n: number }>({
  text: '',
  action: null,
  error: false,
  n: 0,
});

/** The names of the todos the list showed lately: the toast names what an undo put back. */
export const names = new TodoNames();

export function say(text: string, action: ToastAction | null = null, error = false): void {
  toast.text = text;
  toast.action = action;
  toast.error = error;
  toast.n += 1;
}

export function dismiss(): void {
  toast.text = '';
  toast.action = null;
  toast.error = false;
}

/** The Undo button of a change's toast. */
export const UNDO: ToastAction = { label: 'Undo', run: () => runUndo() };
const REDO: ToastAction = { label: 'Redo', run: () => runRedo() };

// One after the other, in the order pressed: two quick Ctrl+Z take back two changes, and a
// redo never overtakes the undo before it.
let queue: Promise<unknown> = Promise.resolve();

function run(work: () => Promise<UndoReport>, verb: 'Undone' | 'Redone', next: ToastAction): Promise<UndoReport | null> {
  const done = queue.then(async () => {
    try {
      const report = await work();
      say(reportLine(verb, report, (id) => names.get(id)), next);
      return report;
    } catch (err) {
      // "undo: there is nothing to undo" reads better without the field's name.
      const message = toApiError(err).message.replace(/^(undo|redo|rev|key): /, '');
      say(message.charAt(0).toUpperCase() + message.slice(1), null, true);
      return null;
    } finally {
      // The backend's change event refreshes every view too; this shows the result at once.
      live.todos += 1;
      live.days += 1;
    }
  });
  queue = done;
  return done;
}

/** Ctrl+Z: takes back the app's last change. */
export function runUndo(): Promise<UndoReport | null> {
  return run(undo, 'Undone', REDO);
}

/** Ctrl+Shift+Z, Ctrl+Y: puts back what the last undo took back. */
export function runRedo(): Promise<UndoReport | null> {
  return run(redo, 'Redone', UNDO);
}

/** A history entry's Undo: takes back that one change to the todo, whoever made it. */
export function runUndoChange(id: string, rev: number): Promise<UndoReport | null> {
  return run(() => undoChange(id, rev), 'Undone', REDO);
}
