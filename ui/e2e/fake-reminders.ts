// The browser-test harness's reminders: reading reminder text the way the shell does for the
// common forms ("at deadline", "30m before", "1 hour before", "9am", "tomorrow 8am",
// "2026-12-01 09:00"), the list's reminder views, snooze, the reminder settings, the next
// reminders, and "remind ..." in a quick-add line. harness.ts routes commands here.
/* eslint-disable @typescript-eslint/only-throw-error */
import { addDays, parseDay, UNHANDLED, type Todo, type TodoStore } from './fake-planner';

export interface ReminderView {
  text: string;
  words: string;
  at: string | null;
  missing: string | null;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UNITS: Record<string, number> = {
  m: 1, min: 1, mins: 1, minute: 1, minutes: 1,
  h: 60, hr: 60, hrs: 60, hour: 60, hours: 60,
  d: 1440, day: 1440, days: 1440,
  w: 10080, week: 10080, weeks: 10080,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function invalid(field: string, why: string, text: string): { code: string; message: string } {
  return {
    code: 'invalid',
    message: `${field}: ${why}; got ${JSON.stringify(text)} (write e.g. "at deadline", "30m before", "9am" or "tomorrow 9am")`,
  };
}

/** `9am`, `9:30 pm`, `14:30` as `HH:MM`; undefined when it is not a time of day. */
function timeOfDay(words: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(words);
  if (m === null || (m[2] === undefined && m[3] === undefined)) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (m[3] !== undefined) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (m[3] === 'pm' ? 12 : 0);
  }
  if (h > 23 || min > 59) return undefined;
  return `${pad(h)}:${pad(min)}`;
}

/** One reminder in its canonical form, read against `today`. */
export function parseReminder(field: string, text: string, today: string): string {
  const t = text.trim().toLowerCase();
  if (t === '') throw invalid(field, 'must not be empty', text);
  if (['deadline', 'at deadline', 'at the deadline', 'due', 'on time'].includes(t)) return 'at deadline';
  if (t.endsWith('before')) {
    const m = /^(\d+)\s*([a-z]+)$/.exec(t.slice(0, -'before'.length).trim());
    const per = m === null ? undefined : UNITS[m[2] ?? ''];
    if (m === null || per === undefined) throw invalid(field, 'must be an amount of minutes, hours, days or weeks before the deadline', text);
    const minutes = Number(m[1]) * per;
    if (minutes === 0) return 'at deadline';
    return minutes % 60 === 0 ? `${String(minutes / 60)}h before` : `${String(minutes)}m before`;
  }
  const time = timeOfDay(t.replace(/^at /, ''));
  if (time !== undefined) return time;
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t)) return t;
  const split = /^(.+?)\s+(?:at\s+)?(\S+)$/.exec(t);
  const dayTime = split === null ? undefined : timeOfDay(split[2] ?? '');
  if (split !== null && dayTime !== undefined) {
    try {
      const day = parseDay(split[1] ?? '', today);
      if (day !== undefined) return `${day} ${dayTime}`;
    } catch {
      // not a day: falls through to the refusal below
    }
  }
  throw invalid(field, 'is not a reminder', text);
}

/** A comma (or semicolon) separated list; empty or "none" is no reminder. */
export function parseReminders(field: string, text: string, today: string): string[] {
  const t = text.trim();
  if (t === '' || ['none', 'clear', 'never'].includes(t.toLowerCase())) return [];
  const items = t.split(/[,;]/);
  const out: string[] = [];
  items.forEach((item, i) => {
    const r = parseReminder(items.length === 1 ? field : `${field}[${String(i)}]`, item, today);
    if (!out.includes(r)) out.push(r);
  });
  return out;
}

function beforeMinutes(r: string): number | undefined {
  if (r === 'at deadline') return 0;
  const m = /^(\d+)(m|h) before$/.exec(r);
  return m === null ? undefined : Number(m[1]) * (m[2] === 'h' ? 60 : 1);
}

function missing(r: string, todo: Todo): string | null {
  if (beforeMinutes(r) !== undefined && (todo.due === null || todo.dueTime === undefined)) {
    return 'needs a deadline with a time of day (due and dueTime)';
  }
  if (/^\d{2}:\d{2}$/.test(r) && todo.when === undefined && todo.due === null) {
    return 'needs a scheduled day or a deadline (when or due)';
  }
  return null;
}

/** Refuses reminders the todo cannot fire, as the shell does on update. */
export function checkFor(field: string, list: string[], todo: Todo): void {
  list.forEach((r, i) => {
    const why = missing(r, todo);
    if (why !== null) throw { code: 'invalid', message: `${list.length === 1 ? field : `${field}[${String(i)}]`}: ${JSON.stringify(r)} ${why}` };
  });
}

function minus(day: string, time: string, minutes: number): string {
  const [y, mo, d] = day.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const at = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, (mi ?? 0) - minutes));
  return `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)}`;
}

function fires(r: string, todo: Todo): string | null {
  if (missing(r, todo) !== null) return null;
  const before = beforeMinutes(r);
  if (before !== undefined) return minus(todo.due ?? '', todo.dueTime ?? '', before);
  if (/^\d{2}:\d{2}$/.test(r)) return `${todo.when ?? todo.due ?? ''} ${r}`;
  return r;
}

function words(r: string): string {
  const before = beforeMinutes(r);
  if (before === 0) return 'at the deadline';
  if (before !== undefined) {
    const unit = (n: number, u: string): string => `${String(n)} ${u}${n === 1 ? '' : 's'}`;
    if (before % 10080 === 0) return `${unit(before / 10080, 'week')} before`;
    if (before % 1440 === 0) return `${unit(before / 1440, 'day')} before`;
    if (before % 60 === 0) return `${unit(before / 60, 'hour')} before`;
    return `${String(before)} min before`;
  }
  if (/^\d{2}:\d{2}$/.test(r)) return `${r} on the day`;
  const [y, mo, d] = r.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1));
  return `${WEEKDAYS[date.getUTCDay()] ?? ''} ${String(d)} ${MONTHS[(mo ?? 1) - 1] ?? ''} ${r.slice(11)}`;
}

/** The list's reminder views of one todo. */
export function views(todo: Todo): ReminderView[] {
  return (todo.reminders ?? []).map((r) => ({ text: r, words: words(r), at: fires(r, todo), missing: missing(r, todo) }));
}

/** `remind [me] SPEC` at the end of a quick-add line: the rest of the line and the reminders. */
export function quickRemind(line: string, today: string): { content: string; reminders: string[] } {
  const m = /^(.*?)\s*\bremind(?:\s+me)?\s+(.+)$/i.exec(line);
  if (m === null) return { content: line, reminders: [] };
  try {
    return { content: (m[1] ?? '').trim(), reminders: parseReminders('remind', m[2] ?? '', today) };
  } catch {
    return { content: line, reminders: [] };
  }
}

/** The reminder commands, or UNHANDLED for the others. */
export function createReminders(store: TodoStore, today: string): { handle: (cmd: string, args: Record<string, unknown>) => unknown } {
  let prefs = { default: 'at deadline', keepRunning: true, autostart: false };

  function handle(cmd: string, args: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'snooze_reminder': {
        const t = store.find(args.id);
        const until = String(args.until);
        const minutes = until === '10m' ? 10 : until === '1h' ? 60 : until === 'tomorrow' ? 24 * 60 : Number(until);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
          throw { code: 'invalid', message: `until: must be 1 to 1440 minutes (10m, 1h) or tomorrow; got ${JSON.stringify(until)}` };
        }
        // "tomorrow" also moves the todo to tomorrow, as the shell does.
        if (until === 'tomorrow') t.when = addDays(today, 1);
        t.snoozedUntil = new Date(Date.now() + minutes * 60_000).toISOString();
        return t;
      }
      case 'reminder_prefs':
        return prefs;
      case 'set_reminder_prefs': {
        const d = String(args.default).trim();
        if (!/^(none|at deadline|\d+m before|\d+h before)$/.test(d)) {
          throw { code: 'invalid', message: `reminders.default: must be "at deadline", "<N>m before", "<N>h before" or "none"; got ${JSON.stringify(d)}` };
        }
        prefs = { default: d, keepRunning: args.keepRunning === true, autostart: args.autostart === true };
        return prefs;
      }
      case 'upcoming_reminders': {
        const limit = typeof args.limit === 'number' ? args.limit : 20;
        return store
          .all()
          .filter((t) => t.status !== 'completed')
          .flatMap((t) => views(t).flatMap((v) => (v.at === null ? [] : [{ todo: t, at: `${v.at.replace(' ', 'T')}:00+01:00` }])))
          .sort((a, b) => a.at.localeCompare(b.at))
          .slice(0, limit);
      }
      default:
        return UNHANDLED;
    }
  }

  return { handle };
}
