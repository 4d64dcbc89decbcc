// Calendar helpers on `YYYY-MM-DD` keys (local calendar dates, no zones).

/** The key `days` days after `key`. */
export function addDays(key: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return key;
  const d = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** "Saturday, 28 November 2026" for a key. */
export function longDate(key: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return key;
  const d = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  longFormat ??= new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return longFormat.format(d);
}

// Made once: building an Intl.DateTimeFormat per call is the slow part of formatting.
let longFormat: Intl.DateTimeFormat | null = null;

// Short English names, fixed rather than from the locale: the UI's wording is English and these
// labels sit in tight rows where a locale's own order ("Mon, Nov 29") would not fit the layout.
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const WEEKDAYS_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

function parts(key: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(key: string): number {
  const p = parts(key);
  if (p === null) return 0;
  return (new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay() + 6) % 7;
}

/** "Mon 29 Nov". */
export function shortDate(key: string): string {
  const p = parts(key);
  if (p === null) return key;
  return `${WEEKDAYS[weekdayIndex(key)] ?? ''} ${String(p[2])} ${MONTHS[p[1] - 1] ?? ''}`;
}

/** "Mon 29 Nov 2026". */
export function mediumDate(key: string): string {
  const p = parts(key);
  return p === null ? key : `${shortDate(key)} ${String(p[0])}`;
}

/** "Monday 29 November 2026" (fixed English, for accessible names). */
export function spokenDate(key: string): string {
  const p = parts(key);
  if (p === null) return key;
  return `${WEEKDAYS_LONG[weekdayIndex(key)] ?? ''} ${String(p[2])} ${MONTHS_LONG[p[1] - 1] ?? ''} ${String(p[0])}`;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  const a = parts(from);
  const b = parts(to);
  if (a === null || b === null) return 0;
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000);
}

/** `YYYY-MM` of a day key. */
export function monthOf(key: string): string {
  return key.slice(0, 7);
}

/** The month `by` months after `month` (`YYYY-MM`). */
export function addMonths(month: string, by: number): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return month;
  const index = Number(match[1]) * 12 + Number(match[2]) - 1 + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "November 2026". */
export function monthTitle(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) return month;
  return `${MONTHS_LONG[Number(match[2]) - 1] ?? ''} ${match[1] ?? ''}`;
}

/** "Today", "Tomorrow", "Yesterday", else "Fri 4 Dec": a day relative to `today`. */
export function relativeDay(key: string, today: string): string {
  const d = daysBetween(today, key);
  if (d === 0) return 'Today';
  if (d === 1) return 'Tomorrow';
  if (d === -1) return 'Yesterday';
  return shortDate(key);
}
