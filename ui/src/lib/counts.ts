// The sidebar's counts, as the facade counts them (todo_counts: Today's list by the same rule
// the Today view uses), not today_view, whose first call of a day starts the day (and would
// take Today's morning summary). No Svelte, no IO.
import type { TodoCounts } from './types';

export interface NavCounts {
  /** Open todos on Today's list: overdue, due today, or scheduled on or before today. */
  today: number;
  /** Open todos. */
  todos: number;
}

export function navCounts(counts: TodoCounts): NavCounts {
  return { today: counts.today, todos: counts.open };
}

/** The count as the sidebar shows it: nothing for 0, `99+` past 99. */
export function countText(n: number | undefined): string {
  if (n === undefined || n <= 0) return '';
  return n > 99 ? '99+' : String(n);
}
