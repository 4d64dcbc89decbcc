// Today's list, the pure parts: keyboard and drag reordering of item keys, the reason badge,
// the carried-task nudge and the morning summary's wording. No IO, no Svelte.
import { daysBetween, shortDate } from './dates';
import type { MorningSummary, TodayCounts, TodayItem } from './types';

/** -1 / +1 for Alt+ArrowUp / Alt+ArrowDown (the reorder keys), else null. */
export function reorderStep(
  event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>,
): -1 | 1 | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (event.key === 'ArrowUp') return -1;
  if (event.key === 'ArrowDown') return 1;
  return null;
}

/** The keys with `key` moved `by` places, or null when it cannot move (an end, or unknown). */
export function moveKey(keys: readonly string[], key: string, by: number): string[] | null {
  const from = keys.indexOf(key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= keys.length || by === 0) return null;
  const out = [...keys];
  out.splice(from, 1);
  out.splice(to, 0, key);
  return out;
}

/** The keys with `key` dropped just before (or after) `target`; null when nothing moves. */
export function dropKey(keys: readonly string[], key: string, target: string, after: boolean): string[] | null {
  if (key === target || !keys.includes(key) || !keys.includes(target)) return null;
  const out = keys.filter((k) => k !== key);
  const at = out.indexOf(target) + (after ? 1 : 0);
  out.splice(at, 0, key);
  return out.every((k, i) => k === keys[i]) ? null : out;
}

export function itemText(item: TodayItem): string {
  return item.kind === 'todo' ? item.todo.content : item.task.text;
}

export type BadgeTone = 'overdue' | 'today' | 'scheduled' | 'carried';

export interface Badge {
  text: string;
  tone: BadgeTone;
  /** Longer words for screen readers and the tooltip. */
  title: string;
}

/** Why a row is on Today, as a small badge: a todo's reason (a linked task shows its todo's
 *  deadline the same way), else "carried N×" for a task carried over. */
export function reasonBadge(item: TodayItem, today: string): Badge | null {
  const todo = item.todo;
  if (todo !== null && !item.done && todo.due !== null) {
    const days = daysBetween(today, todo.due);
    const time = todo.dueTime === undefined ? '' : ` ${todo.dueTime}`;
    if (days < 0 || (item.kind === 'todo' && item.reason === 'overdue')) {
      return { text: 'Overdue', tone: 'overdue', title: `Overdue: the deadline was ${shortDate(todo.due)}${time}` };
    }
    if (days === 0) return { text: `Due today${time}`, tone: 'today', title: `Deadline today${time}` };
  }
  if (item.kind === 'todo' && item.reason === 'scheduled') {
    const when = todo?.when;
    const late = when !== undefined && daysBetween(today, when) < 0;
    return late
      ? { text: `Scheduled ${shortDate(when)}`, tone: 'scheduled', title: `Scheduled for ${shortDate(when)}, not done yet` }
      : { text: 'Scheduled', tone: 'scheduled', title: 'Scheduled for today' };
  }
  if (item.kind === 'task' && (item.task.carried ?? 0) > 0) {
    const n = item.task.carried ?? 0;
    const from = item.task.carriedFrom === undefined ? '' : ` (first planned ${shortDate(item.task.carriedFrom)})`;
    return { text: `carried ${String(n)}×`, tone: 'carried', title: `Carried over ${String(n)} ${n === 1 ? 'time' : 'times'}${from}` };
  }
  return null;
}

/** True for an open plan task carried over often enough to offer a decision. */
export function needsNudge(item: TodayItem, nudgeAfter: number): boolean {
  return item.kind === 'task' && !item.done && nudgeAfter > 0 && (item.task.carried ?? 0) >= nudgeAfter;
}

function plural(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** "New day: carried 3 tasks from Mon 29 Nov; 2 due today, 1 overdue". */
export function morningLine(m: MorningSummary): string {
  const n = m.carried.length;
  const from = m.previous === null ? '' : ` from ${shortDate(m.previous)}`;
  const carried = n === 0 ? 'nothing carried over' : `carried ${plural(n, 'task', 'tasks')}${from}`;
  const due: string[] = [];
  if (m.dueToday > 0) due.push(`${String(m.dueToday)} due today`);
  if (m.overdue > 0) due.push(`${String(m.overdue)} overdue`);
  if (m.scheduled > 0) due.push(`${String(m.scheduled)} scheduled`);
  return `New day: ${carried}; ${due.length === 0 ? 'nothing due' : due.join(', ')}`;
}

/** "3 of 7 done · 1 overdue · 2 due today". */
export function countsLine(c: TodayCounts, items: number): string {
  const out = [`${String(c.done)} of ${String(items)} done`];
  if (c.overdue > 0) out.push(`${String(c.overdue)} overdue`);
  if (c.dueToday > 0) out.push(`${String(c.dueToday)} due today`);
  return out.join(' · ');
}
