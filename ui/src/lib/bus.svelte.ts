// App-wide reactive state shared by the views: live-change counters and the last shortcut.
import type { Action } from './shortcuts';
import type { SyncView } from './types';

export const live = $state({ todos: 0, days: 0 });

/** The sync state the badge and the Sync view show (null until the shell answered). */
export const sync = $state<{ view: SyncView | null }>({ view: null });

export const command = $state<{ action: Action | null; n: number }>({ action: null, n: 0 });

export function dispatch(action: Action): void {
  command.action = action;
  command.n += 1;
}

/** Reads reactive values so an `$effect` re-runs when they change; returns how many. */
export function track(...values: unknown[]): number {
  return values.length;
}
