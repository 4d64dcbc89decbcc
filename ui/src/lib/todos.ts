// Pure helpers for the todo list: labels and due-date wording. No IO, no Svelte.
// (The order comes from the Rust side: `SortKey::Smart`, open todos first.)
import { daysBetween, shortDate, WEEKDAYS, weekdayIndex } from './dates';
import { projectOf, sameName } from './projects';
import type { AuditEntry, Priority, Todo, TodoPatch, TodoStatus } from './types';

export const STATUS_LABEL: Record<TodoStatus, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  completed: 'Done',
};

export const PRIORITY_LABEL: Record<Priority, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function isOpen(todo: Todo): boolean {
  return todo.status !== 'completed';
}

/** `YYYY-MM-DD` of a date in the local time zone. */
export function localDateKey(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export type DueTone = 'overdue' | 'today' | 'upcoming';

export interface DueLabel {
  text: string;
  tone: DueTone;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function parseDateKey(key: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (match === null) return null;
  const [, y, m, d] = match;
  return new Date(Number(y), Number(m) - 1, Number(d));
}

// One formatter each, made on first use: `toLocaleDateString` with options builds a new
// Intl.DateTimeFormat on every call, which in WebKit cost up to a millisecond per row of a list
// being redrawn (the slowest keystrokes of the typing benchmark).
let dayMonth: Intl.DateTimeFormat | null = null;
let dayMonthYear: Intl.DateTimeFormat | null = null;

function dueFormat(sameYear: boolean): Intl.DateTimeFormat {
  if (sameYear) return (dayMonth ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }));
  return (dayMonthYear ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));
}

/** "Today", "Tomorrow", "Yesterday" or a short date, with a tone for open todos past due.
 * `now` is today as the backend sees it (`YYYY-MM-DD` in the zone from Settings); a `Date`
 * (the OS clock and zone) is only a fallback. */
export function dueLabel(todo: Todo, now: Date | string = new Date()): DueLabel | null {
  if (todo.due === null) return null;
  const due = parseDateKey(todo.due);
  const time = todo.dueTime === undefined ? '' : ` ${todo.dueTime}`;
  if (due === null) return { text: todo.due + time, tone: 'upcoming' };

  const today =
    (typeof now === 'string' ? parseDateKey(now) : parseDateKey(localDateKey(now))) ?? new Date();
  const days = Math.round((due.getTime() - today.getTime()) / DAY_MS);
  let text: string;
  if (days === 0) text = 'Today';
  else if (days === 1) text = 'Tomorrow';
  else if (days === -1) text = 'Yesterday';
  else {
    const sameYear = due.getFullYear() === today.getFullYear();
    text = dueFormat(sameYear).format(due);
  }

  let tone: DueTone = 'upcoming';
  if (isOpen(todo) && days < 0) tone = 'overdue';
  else if (isOpen(todo) && days === 0) tone = 'today';
  return { text: text + time, tone };
}

/** "Scheduled today", "Scheduled tomorrow", "Scheduled Fri" (within the week), else
 *  "Scheduled 4 Dec"; `late` for an open todo whose day has passed. `today` is `YYYY-MM-DD`. */
export function whenLabel(todo: Todo, today: string): { text: string; late: boolean } | null {
  if (todo.when === undefined || todo.when === '') return null;
  const days = daysBetween(today, todo.when);
  let day: string;
  if (days === 0) day = 'today';
  else if (days === 1) day = 'tomorrow';
  else if (days === -1) day = 'yesterday';
  else if (days > 1 && days < 7) day = WEEKDAYS[weekdayIndex(todo.when)] ?? todo.when;
  else day = shortDate(todo.when).slice(4);
  return { text: `Scheduled ${day}`, late: days < 0 && isOpen(todo) };
}

/** Who made a change, for people: an MCP client by its name, else the app, the CLI, sync, import. */
export function actorName(by: string): string {
  if (by.startsWith('mcp:')) return by.slice(4) || 'an MCP client';
  switch (by) {
    case 'app':
      return 'the app';
    case 'cli':
      return 'the CLI';
    case 'sync':
      return 'sync';
    case 'import':
      return 'an import';
    default:
      return by;
  }
}

/** "created by Claude at 14:02" / "changed by the app at 09:10, 27 Nov" (local time). */
export function historyLine(e: AuditEntry, now: Date): string {
  const at = new Date(e.at);
  const hh = String(at.getHours()).padStart(2, '0');
  const mm = String(at.getMinutes()).padStart(2, '0');
  const sameDay = localDateKey(at) === localDateKey(now);
  const when = sameDay ? `${hh}:${mm}` : `${hh}:${mm}, ${localDateKey(at)}`;
  const said = e.changes.join('; ');
  const verb = e.op === 'delete' ? 'deleted' : said !== '' ? said : e.rev === 1 ? 'created' : 'changed';
  return `${verb} by ${actorName(e.by)} at ${when}`;
}

/** Lowercased searchable text per todo (content, category, notes, tags, steps and the Markdown
 *  notes, one per line): built once per list so a keystroke only runs `includes`. A word never
 *  holds whitespace, so a match never spans two fields. */
export function searchIndex(todos: readonly Todo[]): string[] {
  return todos.map((t) =>
    [t.content, t.category, ...t.notes, ...(t.tags ?? []), ...(t.steps ?? []).map((s) => s.text), t.body ?? '']
      .join('\n')
      .toLowerCase(),
  );
}

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter((w) => w !== '');
}

/** The todos whose content, category, a note, a tag, a step or the Markdown notes contain every
 *  word of `text`, ignoring case
 *  (the same rule as the Rust query's text filter, `valet_core::query`). Done here, over the
 *  list the other filters returned, so a keystroke costs no round trip to the shell. */
export function filterByText(todos: readonly Todo[], text: string, index = searchIndex(todos)): readonly Todo[] {
  const ws = words(text);
  if (ws.length === 0) return todos;
  const out: Todo[] = [];
  for (let i = 0; i < todos.length; i += 1) {
    const hay = index[i] ?? '';
    const todo = todos[i];
    if (todo !== undefined && ws.every((w) => hay.includes(w))) out.push(todo);
  }
  return out;
}

/** Keeps the last result so typing on (the new text starts with the old one, which can only
 *  narrow the matches) filters that result instead of the whole list; and the results of the
 *  texts typed since the box was last empty, so erasing back through them scans nothing (each
 *  erased key used to scan the whole list again: the slowest keys of the typing benchmark). */
export class TextFilter {
  private list: readonly Todo[] = [];
  private index: string[] = [];
  private lastText = '';
  // Each text's matches with their index lines; the last text's answer is the narrowing base.
  private seen = new Map<string, { out: readonly Todo[]; index: string[] }>();

  /** At most this many texts are kept (erasing a long query still hits; memory stays small). */
  static readonly KEEP = 24;

  run(list: readonly Todo[], text: string): readonly Todo[] {
    if (list !== this.list) {
      this.list = list;
      this.index = searchIndex(list);
      this.seen.clear();
    }
    const previous = this.lastText;
    this.lastText = text;
    const ws = words(text);
    if (ws.length === 0) {
      this.seen.clear();
      return list;
    }
    const known = this.seen.get(text);
    if (known !== undefined) return known.out;
    const base = text.startsWith(previous) ? this.seen.get(previous) : undefined;
    const from = base?.out ?? list;
    const fromIndex = base?.index ?? this.index;
    const out: Todo[] = [];
    const outIndex: string[] = [];
    for (let i = 0; i < from.length; i += 1) {
      const hay = fromIndex[i] ?? '';
      const todo = from[i];
      if (todo !== undefined && ws.every((w) => hay.includes(w))) {
        out.push(todo);
        outIndex.push(hay);
      }
    }
    if (this.seen.size >= TextFilter.KEEP) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    this.seen.set(text, { out, index: outIndex });
    return out;
  }
}

/** The list's one-line count: one number when nothing is hidden, else what shows out of what
 * the filters matched ("12 todos", or "3 matching of 12"). */
export function summaryLine(shown: number, total: number): string {
  if (shown === total) return `${String(total)} ${total === 1 ? 'todo' : 'todos'}`;
  return `${String(shown)} matching of ${String(total)}`;
}

/** What the row's inline edit form holds: each field as typed (`project`: '' for none). */
export interface Draft {
  content: string;
  priority: Priority;
  project: string;
  due: string;
  when: string;
  repeat: string;
}

/** The form filled from a todo (and its repeat in words), or empty. */
export function draftOf(todo: Todo | null, repeat = ''): Draft {
  if (todo === null) return { content: '', priority: 'medium', project: '', due: '', when: '', repeat: '' };
  return { content: todo.content, priority: todo.priority, project: projectOf(todo.category), due: todo.due ?? '', when: todo.when ?? '', repeat };
}

/** The update for a saved form: the dates and the repeat only when they changed (the shell
 *  reads them as words, so an untouched "tomorrow" would move), the project too (a project only
 *  this todo names, as after a legacy import, has no record: sent back, it would be refused). */
export function draftPatch(todo: Todo, draft: Draft, repeat = ''): TodoPatch {
  return {
    content: draft.content,
    priority: draft.priority,
    ...(sameName(draft.project, projectOf(todo.category)) ? {} : { project: draft.project }),
    ...(draft.due !== (todo.due ?? '') ? { due: draft.due } : {}),
    ...(draft.when !== (todo.when ?? '') ? { when: draft.when } : {}),
    ...(draft.repeat !== repeat ? { repeat: draft.repeat } : {}),
  };
}
