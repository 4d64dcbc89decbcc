// Dragging a todo onto a day, across components: a row of Todos or Upcoming puts the todo in
// the drag's data under its own type, and the sidebar's Today accepts only a drag carrying it
// (a dragged file or text is no todo). Also the one "schedule for today" that the drop, the `t`
// key in Todos and Upcoming share, so each says the same thing and can be undone the same way.
import { scheduleTodo, toApiError } from './api';
import { live } from './bus.svelte';
import { say, UNDO } from './toast.svelte';

/** The drag data's type for a todo; a custom type, so no other page or app takes it as text. */
export const TODO_TYPE = 'application/x-valet-todo';

export interface DraggedTodo {
  id: string;
  content: string;
  /** Today as the shell said it (`YYYY-MM-DD`) where the drag started, or null. */
  today: string | null;
}

/** Puts the todo in the drag (and its text, for a drop into a text field). */
export function startTodoDrag(event: DragEvent, todo: DraggedTodo): void {
  const data = event.dataTransfer;
  if (data === null) return;
  data.setData(TODO_TYPE, JSON.stringify(todo));
  data.setData('text/plain', todo.content);
  data.effectAllowed = 'move';
}

/** True while the drag carries a todo (its data can only be read on drop; its types always). */
export function carriesTodo(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes(TODO_TYPE) ?? false;
}

/** The dropped todo, or null for anything else. */
export function droppedTodo(event: DragEvent): DraggedTodo | null {
  return readTodo(event.dataTransfer?.getData(TODO_TYPE) ?? '');
}

export function readTodo(raw: string): DraggedTodo | null {
  try {
    const v = JSON.parse(raw) as Partial<DraggedTodo> | null;
    if (typeof v?.id !== 'string' || typeof v.content !== 'string') return null;
    return { id: v.id, content: v.content, today: typeof v.today === 'string' ? v.today : null };
  } catch {
    return null;
  }
}

/** Schedules the todo for today (the shell's today when known, else the word, which the shell
 *  reads in its own zone), says so with Undo, and has every view show it at once. */
export async function scheduleForToday(todo: DraggedTodo): Promise<boolean> {
  try {
    await scheduleTodo(todo.id, todo.today ?? 'today');
    say(`Scheduled “${todo.content}” for today.`, UNDO);
    return true;
  } catch (err) {
    say(`“${todo.content}” is not scheduled: ${toApiError(err).message}`, null, true);
    return false;
  } finally {
    live.todos += 1;
    live.days += 1;
  }
}
