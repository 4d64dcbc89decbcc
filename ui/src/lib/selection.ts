// The Todos list's multi-selection for bulk actions, as pure functions over todo ids: what a
// Ctrl/Cmd+click, a Shift+click, `x` or Shift+↑/↓ picks. lib/picker.svelte.ts holds the state.

interface Row {
  id: string;
}

/** Nothing picked (sets are replaced, never changed in place). */
export const NONE: ReadonlySet<string> = new Set();

/** The set with `id` added, or taken out when it was in. */
export function toggled(picked: ReadonlySet<string>, id: string): Set<string> {
  const out = new Set(picked);
  if (!out.delete(id)) out.add(id);
  return out;
}

/** The ids of the rows from `from` to `to`, both included, in either order. */
export function between(list: readonly Row[], from: number, to: number): string[] {
  const lo = Math.max(0, Math.min(from, to));
  const hi = Math.min(list.length - 1, Math.max(from, to));
  return list.slice(lo, hi + 1).map((r) => r.id);
}

export interface Mods {
  /** Ctrl or Cmd held: toggle the row. */
  toggle: boolean;
  /** Shift held: pick the range from the anchor. */
  range: boolean;
}

/** A click on row `index` with modifiers. `anchor` is the row a range starts from (the last
 *  plain click, Ctrl+click or `x`), -1 if none. As in a file manager: a plain click leaves only
 *  the focus (nothing picked); Shift adds the range from the anchor; Ctrl toggles the row and,
 *  when nothing was picked yet, takes the row the person was on along (the two rows they
 *  clicked). */
export function clicked(
  picked: ReadonlySet<string>,
  list: readonly Row[],
  index: number,
  anchor: number,
  mods: Mods,
): { picked: Set<string>; anchor: number } {
  const row = list[index];
  if (row === undefined) return { picked: new Set(picked), anchor };
  if (mods.range) {
    const from = anchor >= 0 && anchor < list.length ? anchor : index;
    return { picked: new Set([...picked, ...between(list, from, index)]), anchor: from };
  }
  if (mods.toggle) {
    const base = new Set(picked);
    const was = list[anchor];
    if (base.size === 0 && was !== undefined && anchor !== index) base.add(was.id);
    return { picked: toggled(base, row.id), anchor: index };
  }
  return { picked: new Set(), anchor: index };
}

/** Shift+↑/↓ from the focused row: the focus moves one row and the selection grows to it, or
 *  shrinks when the focus moves back toward the anchor (the row the range started on). */
export function extended(
  picked: ReadonlySet<string>,
  list: readonly Row[],
  anchor: number,
  focus: number,
  step: 1 | -1,
): { picked: Set<string>; focus: number; anchor: number } {
  const next = Math.max(0, Math.min(list.length - 1, focus + step));
  const out = new Set(picked);
  const from = anchor >= 0 && anchor < list.length ? anchor : focus;
  const here = list[focus];
  const there = list[next];
  if (next === focus || here === undefined || there === undefined) return { picked: out, focus, anchor: from };
  if (Math.abs(next - from) < Math.abs(focus - from)) {
    out.delete(here.id);
  } else {
    out.add(here.id);
    out.add(there.id);
  }
  return { picked: out, focus: next, anchor: from };
}

/** Only the ids still in the list (a filter hid some, or they were deleted): a bulk change never
 *  reaches a todo the person cannot see. The same set when nothing went. */
export function pruned(picked: ReadonlySet<string>, list: readonly Row[]): ReadonlySet<string> {
  if (picked.size === 0) return picked;
  const shown = new Set(list.map((r) => r.id));
  const out = new Set([...picked].filter((id) => shown.has(id)));
  return out.size === picked.size ? picked : out;
}
