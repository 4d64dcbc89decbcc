// The date picker's logic (DatePicker.svelte, CalendarDialog.svelte): the month grid, the keys
// that move the focused day (the WAI-ARIA APG "Date Picker Dialog" keys), the quick choices and
// what a typed value reads as. Days are `YYYY-MM-DD` keys on the calendar, never instants, so a
// time zone cannot shift a day. No Svelte, no IO.
import { addDays, addMonths, monthOf, shortDate, spokenDate, weekdayIndex } from './dates';

/** True for a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isDateKey(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function daysIn(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, m ?? 1, 0)).getUTCDate();
}

/** The weeks of `month` (`YYYY-MM`), Monday first; a day of another month is null. Always six
 *  weeks, so the popover keeps its height from one month to the next. */
export function monthGrid(month: string): (string | null)[][] {
  const first = `${month}-01`;
  const lead = weekdayIndex(first);
  const n = daysIn(month);
  const weeks: (string | null)[][] = [];
  for (let w = 0; w < 6; w += 1) {
    const week: (string | null)[] = [];
    for (let d = 0; d < 7; d += 1) {
      const day = w * 7 + d - lead + 1;
      week.push(day >= 1 && day <= n ? `${month}-${String(day).padStart(2, '0')}` : null);
    }
    weeks.push(week);
  }
  return weeks;
}

/** The same day `by` months later, or the month's last day when it has fewer (31 Jan + 1: 28 Feb). */
export function shiftMonths(key: string, by: number): string {
  const month = addMonths(monthOf(key), by);
  const day = Math.min(Number(key.slice(8, 10)), daysIn(month));
  return `${month}-${String(day).padStart(2, '0')}`;
}

export interface KeyPress {
  key: string;
  shiftKey?: boolean;
}

/** Where a key moves the focused day in the grid, or null for a key the grid leaves alone:
 *  arrows by a day or a week, PageUp/PageDown by a month (with Shift: a year), Home/End to the
 *  week's Monday/Sunday. */
export function moveFocus(from: string, press: KeyPress): string | null {
  const year = press.shiftKey === true ? 12 : 1;
  switch (press.key) {
    case 'ArrowLeft':
      return addDays(from, -1);
    case 'ArrowRight':
      return addDays(from, 1);
    case 'ArrowUp':
      return addDays(from, -7);
    case 'ArrowDown':
      return addDays(from, 7);
    case 'PageUp':
      return shiftMonths(from, -year);
    case 'PageDown':
      return shiftMonths(from, year);
    case 'Home':
      return addDays(from, -weekdayIndex(from));
    case 'End':
      return addDays(from, 6 - weekdayIndex(from));
    default:
      return null;
  }
}

/** The next `weekday` (0 Monday … 6 Sunday) strictly after `today`: "next week" is the coming
 *  Monday even on a Sunday, and never today. */
export function nextWeekday(today: string, weekday: number): string {
  const ahead = (weekday - weekdayIndex(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

export type QuickId = 'today' | 'tomorrow' | 'nextWeek' | 'weekend' | 'none';

export interface QuickChoice {
  id: QuickId;
  label: string;
  /** The value it sets: a day, or '' for "No date". */
  value: string;
}

/** The popover's shortcuts, as Todoist and Things offer them; "No date" only where a field may
 *  be empty. */
export function quickChoices(today: string, noDate = true): QuickChoice[] {
  const out: QuickChoice[] = [
    { id: 'today', label: 'Today', value: today },
    { id: 'tomorrow', label: 'Tomorrow', value: addDays(today, 1) },
    { id: 'nextWeek', label: 'Next week', value: nextWeekday(today, 0) },
    { id: 'weekend', label: 'Next weekend', value: nextWeekday(today, 5) },
  ];
  if (noDate) out.push({ id: 'none', label: 'No date', value: '' });
  return out;
}

/** "Fri 4 Dec", with the year when it is not this year's ("Mon 4 Jan 2027"). */
export function dayHint(key: string, today: string): string {
  const short = shortDate(key);
  return key.slice(0, 4) === today.slice(0, 4) ? short : `${short} ${key.slice(0, 4)}`;
}

/** The trigger button's name (APG: "Choose Date", then "Change Date, <the date>"). */
export function triggerLabel(what: string, resolved: string | null): string {
  return resolved === null ? `Choose the ${what} from a calendar` : `Change the ${what}, ${spokenDate(resolved)}, from a calendar`;
}

/** The day the calendar opens on: the field's day when it has one, else today. */
export function openingDay(resolved: string | null, today: string): string {
  return resolved !== null && isDateKey(resolved) ? resolved : today;
}

/** What the shell's quick-add preview says a typed value is: its day only when the whole text
 *  is the date (nothing left over as content); "fri" alone is not read there (it is often a
 *  word), nor is anything else it cannot place, and those are left to the shell to check when
 *  saved. */
export function previewDay(preview: unknown): string | null {
  if (typeof preview !== 'object' || preview === null) return null;
  const p = preview as { content?: unknown; when?: unknown; due?: unknown };
  if (typeof p.content !== 'string' || p.content.trim() !== '') return null;
  const day = typeof p.when === 'string' ? p.when : typeof p.due === 'string' ? p.due : null;
  return day !== null && isDateKey(day) ? day : null;
}
