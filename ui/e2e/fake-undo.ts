// The browser-test harness's undo journal, by the shell's rules (valet-service's undo.rs): every
// change records its records before and after, with who made it; undo and redo take back the
// app's own changes in order, undo_change one record's change by anyone; each puts back only the
// fields still as the change left them and reports the others as kept. It also keeps the audit
// trail todo_history reads. harness.ts runs each mutating command through `record`.
/* eslint-disable @typescript-eslint/only-throw-error */

export type Json = Record<string, unknown>;

/** The records of the fake store, by key (`todos/<id>.json`, `plans/<date>.json`). */
export interface Records {
  /** Every record now, as canonical JSON text (see `canon`), in the store's order. */
  snapshot: () => Map<string, string>;
  /** Writes a record; null deletes it. `index`: where a todo was in the list, to put it back. */
  put: (key: string, value: Json | null, index: number) => void;
}

interface UndoRecord {
  key: string;
  /** The record's revision after the change (what todo_history shows and undo_change takes). */
  rev: number;
  before: Json | null;
  after: Json | null;
  index: number;
}

type Kind = { kind: 'change' } | { kind: 'undo'; of: string } | { kind: 'redo'; of: string };

interface Entry {
  batch: string;
  by: string;
  at: string;
  kind: Kind;
  records: UndoRecord[];
}

export interface Audit {
  at: string;
  key: string;
  kind: string;
  id: string;
  rev: number;
  op: 'put' | 'delete';
  by: string;
  changes: string[];
}

export interface UndoReport {
  batch: string;
  by: string;
  at: string;
  records: string[];
  kept: string[];
}

/** JSON with object keys sorted: two equal records give the same text, as the shell compares
 *  values, not key orders. */
export function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function parse(text: string | undefined): Json | null {
  return text === undefined ? null : (JSON.parse(text) as Json);
}

function same(a: unknown, b: unknown): boolean {
  return canon(a ?? null) === canon(b ?? null);
}

/** The fields that differ between two versions of a record (one absent counts). */
function changedFields(before: Json, after: Json): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same(before[k], after[k]));
}

/** What the record should become to take `rec` back, given what it is now, and the fields that
 *  stay because they changed since (undo.rs `inverse`). */
function inverse(rec: UndoRecord, current: Json | null, now: string): [Json | null, string[]] {
  if (same(current, rec.after)) return [rec.before, []];
  if (rec.before !== null && rec.after !== null && current !== null) {
    const out: Json = { ...current };
    const kept: string[] = [];
    for (const f of changedFields(rec.before, rec.after)) {
      if (f === 'updatedAt') continue;
      if (same(current[f], rec.after[f])) {
        if (f in rec.before) out[f] = rec.before[f];
        else Reflect.deleteProperty(out, f);
      } else kept.push(f);
    }
    if (!same(out, current)) out.updatedAt = now;
    return [out, kept];
  }
  // Created, deleted or recreated since: left as it is.
  return [current, ['changed since']];
}

function nothing(what: 'undo' | 'redo'): { code: string; message: string } {
  return { code: 'invalid', message: `${what}: there is nothing to ${what}` };
}

export interface Journal {
  /** Runs a command as `by`, journaling what it changed; all or none (a failure puts every
   *  record back). */
  record: <T>(by: string, work: () => T) => T;
  undo: (by: string) => UndoReport;
  redo: (by: string) => UndoReport;
  undoChange: (by: string, key: string, rev: number) => UndoReport;
  /** A todo's changes, newest first. */
  history: (id: string) => Audit[];
}

/** The journal over `records`; what is there at the start was created by `seeded.by`. */
export function createJournal(records: Records, seeded: { by: string; at: string }): Journal {
  const journal: Entry[] = [];
  const audit: Audit[] = [];
  const revs = new Map<string, number>();
  let seq = 0;

  function indexIn(snap: Map<string, string>, key: string): number {
    const kind = key.split('/')[0] ?? '';
    let i = 0;
    for (const k of snap.keys()) {
      if (k === key) return i;
      if (k.startsWith(`${kind}/`)) i += 1;
    }
    return 0;
  }

  function commit(by: string, kind: Kind, before: Map<string, string>, after: Map<string, string>, at: string): void {
    const recs: UndoRecord[] = [];
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(key);
      const a = after.get(key);
      if (b === a) continue;
      const rev = (revs.get(key) ?? 0) + 1;
      revs.set(key, rev);
      recs.push({ key, rev, before: parse(b), after: parse(a), index: indexIn(b === undefined ? after : before, key) });
      const [folder = '', file = ''] = key.split('/');
      audit.push({ at, key, kind: folder, id: file.replace(/\.json$/, ''), rev, op: a === undefined ? 'delete' : 'put', by, changes: [] });
    }
    if (recs.length > 0) journal.push({ batch: `batch-${String(++seq)}`, by, at, kind, records: recs });
  }

  function run<T>(by: string, kind: Kind, work: () => T): T {
    const before = records.snapshot();
    let out: T;
    try {
      out = work();
    } catch (err) {
      const now = records.snapshot();
      for (const key of new Set([...before.keys(), ...now.keys()])) {
        if (before.get(key) !== now.get(key)) records.put(key, parse(before.get(key)), indexIn(before, key));
      }
      throw err;
    }
    commit(by, kind, before, records.snapshot(), new Date().toISOString());
    return out;
  }

  function takeBack(by: string, entry: Entry, only: string | null, kind: Kind): UndoReport {
    const now = new Date().toISOString();
    const put: string[] = [];
    const kept: string[] = [];
    run(by, kind, () => {
      const current = records.snapshot();
      for (const rec of entry.records) {
        if (only !== null && rec.key !== only) continue;
        const cur = parse(current.get(rec.key));
        const [target, skipped] = inverse(rec, cur, now);
        kept.push(...skipped.map((f) => `${rec.key}: ${f}`));
        if (same(target, cur)) continue;
        records.put(rec.key, target, rec.index);
        put.push(rec.key);
      }
    });
    return { batch: entry.batch, by: entry.by, at: entry.at, records: put, kept };
  }

  // What is there at the start: one change by `seeded.by`, so its creations can be undone.
  const start = records.snapshot();
  const seedRecords: UndoRecord[] = [];
  let i = 0;
  for (const [key, text] of start) {
    revs.set(key, 1);
    seedRecords.push({ key, rev: 1, before: null, after: parse(text), index: i++ });
    const [folder = '', file = ''] = key.split('/');
    audit.push({ at: seeded.at, key, kind: folder, id: file.replace(/\.json$/, ''), rev: 1, op: 'put', by: seeded.by, changes: ['created'] });
  }
  journal.push({ batch: 'batch-0', by: seeded.by, at: seeded.at, kind: { kind: 'change' }, records: seedRecords });

  return {
    record: (by, work) => run(by, { kind: 'change' }, work),
    undo(by) {
      const undone = new Set(journal.flatMap((e) => (e.kind.kind === 'undo' ? [e.kind.of] : [])));
      const entry = [...journal].reverse().find((e) => e.by === by && e.kind.kind !== 'undo' && !undone.has(e.batch));
      if (entry === undefined) throw nothing('undo');
      return takeBack(by, entry, null, { kind: 'undo', of: entry.batch });
    },
    redo(by) {
      const redone = new Set(journal.flatMap((e) => (e.kind.kind === 'redo' ? [e.kind.of] : [])));
      for (const e of [...journal].reverse()) {
        if (e.by !== by) continue;
        // A new change ends what can be redone, as in every editor.
        if (e.kind.kind === 'change') break;
        if (e.kind.kind === 'undo' && !redone.has(e.batch)) return takeBack(by, e, null, { kind: 'redo', of: e.batch });
      }
      throw nothing('redo');
    },
    undoChange(by, key, rev) {
      const path = key.startsWith('todos/') ? key : `todos/${key}.json`;
      const entry = [...journal].reverse().find((e) => e.records.some((r) => r.key === path && r.rev === rev));
      if (entry === undefined) {
        throw { code: 'invalid', message: `rev: no change to ${path} at revision ${String(rev)} can be undone (too old, or made by sync or an import)` };
      }
      return takeBack(by, entry, path, { kind: 'undo', of: entry.batch });
    },
    history: (id) => audit.filter((a) => a.key === `todos/${id}.json`).reverse(),
  };
}
