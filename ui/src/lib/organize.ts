// Pure helpers for tags and checklists: reading what was typed into a tag field, comparing tags,
// a checklist's progress, step moves as `update_todo` ops, and what a tag rename will do.
// No IO, no Svelte.
import { dropKey, moveKey } from './today';
import type { Step, StepInput, Todo } from './types';

/** Whether two tags are one tag (the backend compares them without case). */
export function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The tags typed into a field: separated by commas or spaces, a leading `#` dropped, repeats
 *  (without case) once. Checking each word is the backend's job, so its refusal names the field. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(/[\s,]+/)) {
    const tag = word.startsWith('#') ? word.slice(1) : word;
    if (tag !== '' && !out.some((t) => sameTag(t, tag))) out.push(tag);
  }
  return out;
}

/** "#finance #calls". */
export function tagLine(tags: readonly string[]): string {
  return tags.map((t) => `#${t}`).join(' ');
}

export function hasTag(todo: Pick<Todo, 'tags'>, tag: string): boolean {
  return (todo.tags ?? []).some((t) => sameTag(t, tag));
}

export interface Progress {
  done: number;
  total: number;
  /** "2/5". */
  text: string;
  /** "2 of 5 steps done", for screen readers and tooltips. */
  words: string;
}

/** A checklist's progress; null when it has no steps. */
export function stepProgress(steps: readonly Step[] | undefined): Progress | null {
  const total = steps?.length ?? 0;
  if (steps === undefined || total === 0) return null;
  const done = steps.filter((s) => s.done).length;
  return {
    done,
    total,
    text: `${String(done)}/${String(total)}`,
    words: `${String(done)} of ${String(total)} ${total === 1 ? 'step' : 'steps'} done`,
  };
}

/** The op moving step `id` by one place (-1 up, +1 down); null at an end. */
export function moveStepOp(steps: readonly Step[], id: string, by: -1 | 1): StepInput | null {
  const next = moveKey(
    steps.map((s) => s.id),
    id,
    by,
  );
  return next === null ? null : { op: 'move', id, to: next.indexOf(id) };
}

/** The op dropping step `id` just before (or after) step `target`; null when nothing moves. */
export function dropStepOp(steps: readonly Step[], id: string, target: string, after: boolean): StepInput | null {
  const next = dropKey(
    steps.map((s) => s.id),
    id,
    target,
    after,
  );
  return next === null ? null : { op: 'move', id, to: next.indexOf(id) };
}

export interface RenamePlan {
  /** The name the tag gets, `#` dropped and trimmed. */
  to: string;
  /** The other existing tag `to` names (rename merges into it), if any. */
  mergeInto: { name: string; count: number } | null;
  /** Nothing to do: empty, or the very same spelling. */
  noop: boolean;
}

/** What renaming `from` to what was typed will do, given every tag in use (`tags()`). */
export function renamePlan(from: string, typed: string, all: readonly (readonly [string, number])[]): RenamePlan {
  const trimmed = typed.trim();
  const to = trimmed.startsWith('#') ? trimmed.slice(1) : trimmed;
  const other = all.find(([name]) => sameTag(name, to) && !sameTag(name, from));
  return {
    to,
    mergeInto: other === undefined ? null : { name: other[0], count: other[1] },
    noop: to === '' || to === from,
  };
}

/** The tag filter after `from` was renamed to `to`: the old name replaced, repeats once. */
export function renamedFilter(filter: readonly string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const t of filter) {
    const name = sameTag(t, from) ? to : t;
    if (!out.some((x) => sameTag(x, name))) out.push(name);
  }
  return out;
}
