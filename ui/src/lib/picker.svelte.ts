// The Todos list's bulk selection as reactive state: the picked todo ids and the row a range
// starts from (kept by id: the list reorders under it). The rules are in selection.ts.
import { clicked, extended, NONE, pruned, toggled, type Mods } from './selection';
import type { Todo } from './types';

export class Picker {
  /** Replaced, never edited in place, so rows re-render when it changes. */
  ids = $state.raw<ReadonlySet<string>>(NONE);
  private anchor: string | null = null;

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  private anchorIn(list: readonly Todo[]): number {
    return this.anchor === null ? -1 : list.findIndex((t) => t.id === this.anchor);
  }

  /** A click on a row (a plain one leaves nothing picked). */
  click(list: readonly Todo[], index: number, mods: Mods): void {
    const out = clicked(this.ids, list, index, this.anchorIn(list), mods);
    this.ids = out.picked;
    this.anchor = list[out.anchor]?.id ?? null;
  }

  /** `x`: the focused row in or out. */
  toggle(list: readonly Todo[], index: number): void {
    const row = list[index];
    if (row === undefined) return;
    this.ids = toggled(this.ids, row.id);
    this.anchor = row.id;
  }

  /** Shift+↑/↓; returns the row to focus. */
  extend(list: readonly Todo[], focus: number, step: 1 | -1): number {
    const out = extended(this.ids, list, this.anchorIn(list), focus, step);
    this.ids = out.picked;
    this.anchor = list[out.anchor]?.id ?? null;
    return out.focus;
  }

  /** A keyboard move (j/k, arrows): the next range starts there. */
  moved(list: readonly Todo[], index: number): void {
    this.anchor = list[index]?.id ?? null;
  }

  /** The picked todos, in the list's order. */
  picked(list: readonly Todo[]): Todo[] {
    return this.ids.size === 0 ? [] : list.filter((t) => this.ids.has(t.id));
  }

  prune(list: readonly Todo[]): void {
    const out = pruned(this.ids, list);
    if (out !== this.ids) this.ids = out;
  }

  /** Nothing picked, and no range start: the next Ctrl+click starts afresh. */
  clear(): void {
    if (this.ids.size > 0) this.ids = NONE;
    this.anchor = null;
  }
}
