// The History calendar's pure parts: the month grid (Mon-first weeks), arrow-key moves across
// days, and the spoken text of a day's marks. No IO, no Svelte.
import { addDays, addMonths, daysBetween, monthOf, spokenDate, weekdayIndex } from './dates';
import type { CalendarDay } from './types';

export interface GridCell {
  date: string;
  /** False for the days of the previous/next month that fill the first and last weeks. */
  inMonth: boolean;
}

/** The weeks (Monday first) that show `month` (`YYYY-MM`): 4 to 6 rows of 7 days. */
export function monthGrid(month: string): GridCell[][] {
  const first = `${month}-01`;
  const last = addDays(`${addMonths(month, 1)}-01`, -1);
  const start = addDays(first, -weekdayIndex(first));
  const end = addDays(last, 6 - weekdayIndex(last));
  const weeks: GridCell[][] = [];
  const total = daysBetween(start, end) + 1;
  for (let i = 0; i < total; i += 7) {
    const week: GridCell[] = [];
    for (let j = 0; j < 7; j += 1) {
      const date = addDays(start, i + j);
      week.push({ date, inMonth: monthOf(date) === month });
    }
    weeks.push(week);
  }
  return weeks;
}

/** The same day of the month `by` months on, kept inside that month (31 Jan + 1 month: 28/29 Feb). */
function shiftMonth(date: string, by: number): string {
  const month = addMonths(monthOf(date), by);
  const lastDay = Number(addDays(`${addMonths(month, 1)}-01`, -1).slice(8));
  const day = Math.min(Number(date.slice(8)), lastDay);
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** Where a key moves the focus in the grid (the date-picker pattern), or null for other keys. */
export function calendarMove(date: string, key: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, -weekdayIndex(date));
    case 'End':
      return addDays(date, 6 - weekdayIndex(date));
    case 'PageUp':
      return shiftMonth(date, -1);
    case 'PageDown':
      return shiftMonth(date, 1);
    default:
      return null;
  }
}

/** "plan, journal, 2 todos completed, archived" ("" when the day has no mark). */
export function marksText(day: CalendarDay | undefined): string {
  if (day === undefined) return '';
  const marks: string[] = [];
  if (day.plan) marks.push('plan');
  if (day.journal) marks.push('journal');
  if (day.completed > 0) marks.push(`${String(day.completed)} ${day.completed === 1 ? 'todo' : 'todos'} completed`);
  if (day.archived) marks.push('archived');
  return marks.join(', ');
}

/** The accessible name of a day's cell: "Friday 27 November 2026, today: plan, journal". */
export function cellLabel(date: string, today: string, day: CalendarDay | undefined): string {
  const marks = marksText(day);
  const name = date === today ? `${spokenDate(date)}, today` : spokenDate(date);
  return marks === '' ? `${name}: nothing stored` : `${name}: ${marks}`;
}
