// App-wide reactive state shared by the views: live-change counters, the last shortcut, and what
// one view asked another to show.
import { uiReady } from './api';
import { phases } from './startup';
import type { Action, View } from './shortcuts';
import type { SyncView } from './types';

export const live = $state({ todos: 0, days: 0 });

/** The sync state the badge and the Sync view show (null until the shell answered). */
export const sync = $state<{ view: SyncView | null }>({ view: null });

export const command = $state<{ action: Action | null; n: number }>({ action: null, n: 0 });

/** Something another view asked to show: a todo (Todos selects it) or a day (History opens it).
 *  The view that shows it sets the field back to null. */
export const reveal = $state<{ todo: string | null; date: string | null }>({ todo: null, date: null });

/** Shows a todo in Todos (selected), or a day in History (opened). */
export function revealTodo(id: string): void {
  reveal.todo = id;
  goTo('todos');
}

export function revealDay(date: string): void {
  reveal.date = date;
  goTo('history');
}

/** Switches the main window's view: App follows the location hash. */
export function goTo(view: View): void {
  if (window.location.hash !== `#${view}`) window.location.hash = view;
}

export function dispatch(action: Action): void {
  command.action = action;
  command.n += 1;
}

/** Reads reactive values so an `$effect` re-runs when they change; returns how many. */
export function track(...values: unknown[]): number {
  return values.length;
}

let interactive = false;
let whenInteractive: () => void = () => undefined;

/** Resolves once the first view shows its data (or after 3 s): start-up work that the first
 *  view does not need waits for it, so it does not compete with the first paint. */
export const afterFirstView = new Promise<void>((resolve) => {
  whenInteractive = resolve;
  setTimeout(resolve, 3000);
});

/** Called by a view once its first data is set: tells the shell (once) that the window is usable.
 *  The microtask runs after Svelte's flush of that change, so the data is in the DOM (as for the
 *  blank app's page, whose one frame callback sends the same signal before its first paint).
 *  The shell logs the time since it started. */
export function markInteractive(): void {
  if (interactive) return;
  interactive = true;
  const received = performance.now();
  queueMicrotask(() => {
    const at = phases(received);
    whenInteractive();
    void uiReady(at).catch(() => undefined);
  });
}
