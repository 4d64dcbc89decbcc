// Undo and bulk changes in words, for the toast (pure: no IO, no Svelte): what an undo or redo
// put back, what a bulk change did, which history entries can be undone, and the names of the
// todos the list showed lately.
import { shortDate } from './dates';
import type { AuditEntry, Priority, Todo, UndoReport } from './types';

/** The id in a todo's or a project's record path (`todos/<id>.json`, `projects/<id>.json`),
 *  or null for another record (a day's plan): those are the records the toast can name. */
export function todoIdOf(record: string): string | null {
  const m = /^(?:todos|projects)\/(.+)\.json$/.exec(record);
  return m?.[1] ?? null;
}

/** "A", "A and B", "A, B and C", then "A, B and 3 more": a toast stays one line. */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
  return `${names.slice(0, 2).join(', ')} and ${String(names.length - 2)} more`;
}

function count(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/** A field as people read it: `dueTime` → "due time". */
function fieldWords(field: string): string {
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What stayed because it changed since: the fields, once each ("content, tags"); a record
 *  created or deleted since (the shell says "changed since" for the whole record) by its name. */
export function keptWords(kept: readonly string[], nameOf: (id: string) => string | undefined): string {
  const parts: string[] = [];
  for (const item of kept) {
    const at = item.lastIndexOf(': ');
    const record = at < 0 ? '' : item.slice(0, at);
    const field = at < 0 ? item : item.slice(at + 2);
    let part: string;
    if (field === 'changed since') {
      const id = todoIdOf(record);
      const name = id === null ? undefined : nameOf(id);
      part = name ?? 'a record';
    } else {
      part = fieldWords(field);
    }
    if (!parts.includes(part)) parts.push(part);
  }
  return parts.join(', ');
}

/** The toast after an undo or redo: "Undone: Call the bank", or "Undone: 2 changes" when a
 *  record is not a todo the list showed, then " (kept: content, changed since)" when some
 *  fields stayed. */
export function reportLine(
  verb: 'Undone' | 'Redone',
  report: UndoReport,
  nameOf: (id: string) => string | undefined,
): string {
  const names: string[] = [];
  for (const record of report.records) {
    const id = todoIdOf(record);
    const name = id === null ? undefined : nameOf(id);
    if (name !== undefined) names.push(name);
  }
  let what: string;
  if (report.records.length === 0) what = report.kept.length === 0 ? 'nothing left to change' : 'nothing put back';
  else if (names.length === report.records.length) what = nameList(names);
  else what = count(report.records.length, 'change', 'changes');
  const kept = report.kept.length === 0 ? '' : ` (kept: ${keptWords(report.kept, nameOf)}, changed since)`;
  return `${verb}: ${what}${kept}`;
}

/** Whether a history entry gets an Undo button: a change someone other than the app made (an
 *  AI client, the CLI). The app's own are undone with Ctrl+Z; sync's and imports' cannot be. */
export function undoable(entry: AuditEntry): boolean {
  return entry.op === 'put' && !['app', 'sync', 'import'].includes(entry.by);
}

export type BulkChange =
  | { kind: 'complete' | 'reopen' | 'delete' }
  | { kind: 'schedule'; words: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'priority'; priority: Priority }
  /** Into a project by name; '' takes them out of theirs. */
  | { kind: 'project'; project: string };

/** The toast after a bulk change: "Completed 3 todos", "Tagged 3 todos #work", "Scheduled 3
 *  todos for Fri 4 Dec" (`day`: the day the words became, when the shell said it). */
export function bulkLine(change: BulkChange, n: number, day?: string): string {
  const todos = count(n, 'todo', 'todos');
  switch (change.kind) {
    case 'complete':
      return `Completed ${todos}`;
    case 'reopen':
      return `Reopened ${todos}`;
    case 'delete':
      return `Deleted ${todos}`;
    case 'schedule':
      return `Scheduled ${todos} for ${day === undefined ? change.words.trim() : shortDate(day)}`;
    case 'tag':
      return `Tagged ${todos} #${change.tag.trim().replace(/^#+/, '')}`;
    case 'priority':
      return `Set ${todos} to ${change.priority} priority`;
    case 'project':
      return change.project === '' ? `Took ${todos} out of their project` : `Moved ${todos} to ${change.project}`;
  }
}

/** The names of the todos the list showed lately, for the toast: an undo often brings back a
 *  todo the list no longer shows (deleted, or completed out of the open list). Lists are kept
 *  by reference and indexed only when a name is asked for, so a refresh of 10,000 todos costs
 *  nothing here. */
export class TodoNames {
  private lists: (readonly Todo[])[] = [];
  private readonly index = new WeakMap<readonly Todo[], Map<string, string>>();
  private readonly extra = new Map<string, string>();

  /** The list a view shows now (the last few are kept). */
  show(list: readonly Todo[]): void {
    if (this.lists[0] === list) return;
    this.lists = [list, ...this.lists.filter((l) => l !== list)].slice(0, 4);
  }

  /** Todos a change took out of every list (deleted): an undo brings them back. */
  keep(todos: readonly Todo[]): void {
    for (const t of todos) {
      this.extra.delete(t.id);
      this.extra.set(t.id, t.content);
    }
    // The oldest go first: a Map iterates in insertion order.
    for (const id of this.extra.keys()) {
      if (this.extra.size <= 2000) break;
      this.extra.delete(id);
    }
  }

  /** A name for another record an undo can bring back (a removed project, by its id). */
  keepName(id: string, name: string): void {
    this.extra.delete(id);
    this.extra.set(id, name);
  }

  get(id: string): string | undefined {
    for (const list of this.lists) {
      let byId = this.index.get(list);
      if (byId === undefined) {
        byId = new Map(list.map((t) => [t.id, t.content]));
        this.index.set(list, byId);
      }
      const name = byId.get(id);
      if (name !== undefined) return name;
    }
    return this.extra.get(id);
  }
}
