// Pure helpers for reminders: when one fires in words, the row mark's tooltip, the editor's text,
// the snooze line and the default-reminder choices. No IO, no Svelte.
import { daysBetween, shortDate } from './dates';
import type { ReminderView, Todo } from './types';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** When a reminder fires, from its `YYYY-MM-DD HH:MM`: "Tue 1 Dec 08:30". With `today`
 *  (`YYYY-MM-DD`, the user's zone), "today 08:30" and "tomorrow 08:30" read faster, and a day
 *  already gone is `past` (the time of day is not compared: the zone is the backend's). */
export function reminderAt(at: string, today?: string | null): { text: string; past: boolean } {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(at);
  if (match === null) return { text: at, past: false };
  const day = match[1] ?? '';
  const time = match[2] ?? '';
  if (today === undefined || today === null) return { text: `${shortDate(day)} ${time}`, past: false };
  const days = daysBetween(today, day);
  if (days === 0) return { text: `today ${time}`, past: false };
  if (days === 1) return { text: `tomorrow ${time}`, past: false };
  return { text: `${shortDate(day)} ${time}`, past: days < 0 };
}

/** One reminder for people: "30 min before (Tue 1 Dec 08:30)", or why it cannot fire. */
export function reminderPhrase(r: ReminderView): string {
  if (r.missing !== null) return `${r.words} (${r.missing})`;
  if (r.at !== null) return `${r.words} (${reminderAt(r.at).text})`;
  return r.words;
}

/** The row mark's tooltip and accessible text: "Reminds: 30 min before (Tue 1 Dec 08:30)";
 *  several are joined with commas. */
export function reminderTitle(views: readonly ReminderView[]): string {
  return `Reminds: ${views.map(reminderPhrase).join(', ')}`;
}

/** Some reminder of the todo cannot fire (the mark shows a warning tone). */
export function anyMissing(views: readonly ReminderView[] | undefined): boolean {
  return views?.some((r) => r.missing !== null) ?? false;
}

/** The text the reminders field starts from: the canonical forms, comma separated, which the
 *  backend reads back unchanged (the words, "09:00 on the day", would not parse). */
export function reminderDraft(views: readonly ReminderView[] | undefined, todo: Pick<Todo, 'reminders'>): string {
  const texts = views?.map((r) => r.text) ?? todo.reminders ?? [];
  return texts.join(', ');
}

/** "Snoozed until 14:30" (today, local clock) or "Snoozed until Sat 29 Nov 09:00"; null when
 *  there is no snooze or it has passed. */
export function snoozedLine(snoozedUntil: string | undefined, now: Date): string | null {
  if (snoozedUntil === undefined) return null;
  const at = new Date(snoozedUntil);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return null;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const key = (d: Date): string => `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const days = daysBetween(key(now), key(at));
  if (days === 0) return `Snoozed until ${time}`;
  if (days === 1) return `Snoozed until tomorrow ${time}`;
  return `Snoozed until ${shortDate(key(at))} ${time}`;
}

/** The default reminder's choices (values as `set_reminder_prefs` takes them). */
export const DEFAULT_REMINDERS: readonly { value: string; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'at deadline', label: 'At the deadline' },
  { value: '5m before', label: '5 minutes before' },
  { value: '10m before', label: '10 minutes before' },
  { value: '15m before', label: '15 minutes before' },
  { value: '30m before', label: '30 minutes before' },
  { value: '1h before', label: '1 hour before' },
  { value: '24h before', label: '1 day before' },
];

/** The choices, with `current` added when settings hold another one ("45m before", set from the
 *  CLI), so the select shows what is in effect instead of a wrong first option. */
export function defaultReminderChoices(current: string): { value: string; label: string }[] {
  if (DEFAULT_REMINDERS.some((c) => c.value === current)) return [...DEFAULT_REMINDERS];
  const minutes = /^(\d+)m before$/.exec(current);
  const hours = /^(\d+)h before$/.exec(current);
  let label = current;
  if (minutes !== null) label = `${minutes[1] ?? ''} minutes before`;
  else if (hours !== null) label = hours[1] === '1' ? '1 hour before' : `${hours[1] ?? ''} hours before`;
  return [...DEFAULT_REMINDERS, { value: current, label }];
}

/** The local wall time of an RFC 3339 instant that carries the user's offset
 *  ("2026-12-01T08:30:00+01:00" -> "2026-12-01 08:30"): read off the text, so the OS zone does
 *  not shift it when it differs from the one in Settings. */
export function wallTime(rfc3339: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return match === null ? rfc3339 : `${match[1] ?? ''} ${match[2] ?? ''}`;
}
