// Keyboard shortcuts: one table (shown by the `?` help overlay) and a matcher. No Svelte, no IO.

export type View = 'today' | 'upcoming' | 'todos' | 'projects' | 'history' | 'settings' | 'sync';

export type Action =
  | { kind: 'view'; view: View }
  | { kind: 'help' }
  | { kind: 'new' }
  | { kind: 'search' }
  | { kind: 'filter' }
  | { kind: 'prevDay' }
  | { kind: 'nextDay' }
  | { kind: 'today' }
  | { kind: 'down' }
  | { kind: 'up' }
  | { kind: 'toggle' }
  | { kind: 'edit' }
  | { kind: 'delete' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'pick' }
  | { kind: 'extendDown' }
  | { kind: 'extendUp' }
  | { kind: 'escape' };

export interface Shortcut {
  keys: string;
  label: string;
  /** Null for keys the focused element handles itself (listed for the help overlay only). */
  action: Action | null;
  /** Where it applies (for the help overlay). */
  scope: 'Everywhere' | 'Today' | 'Upcoming' | 'Todos' | 'Projects' | 'History';
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '1', label: 'Go to Today', action: { kind: 'view', view: 'today' }, scope: 'Everywhere' },
  { keys: '2', label: 'Go to Upcoming', action: { kind: 'view', view: 'upcoming' }, scope: 'Everywhere' },
  { keys: '3', label: 'Go to Todos', action: { kind: 'view', view: 'todos' }, scope: 'Everywhere' },
  { keys: '4', label: 'Go to Projects (and areas)', action: { kind: 'view', view: 'projects' }, scope: 'Everywhere' },
  { keys: '5', label: 'Go to History', action: { kind: 'view', view: 'history' }, scope: 'Everywhere' },
  { keys: '6', label: 'Go to Settings', action: { kind: 'view', view: 'settings' }, scope: 'Everywhere' },
  { keys: '7', label: 'Go to Sync (status and conflicts)', action: { kind: 'view', view: 'sync' }, scope: 'Everywhere' },
  { keys: 'n', label: 'New todo / new plan task / new todo in the project', action: { kind: 'new' }, scope: 'Everywhere' },
  { keys: '/', label: 'Search everything (todos, plans, journal, archive)', action: { kind: 'search' }, scope: 'Everywhere' },
  { keys: 'Ctrl+k', label: 'Search everything, even from a text field', action: { kind: 'search' }, scope: 'Everywhere' },
  { keys: '?', label: 'Show these shortcuts', action: { kind: 'help' }, scope: 'Everywhere' },
  { keys: 'Escape', label: 'Close, cancel, leave a field', action: { kind: 'escape' }, scope: 'Everywhere' },
  { keys: 'Ctrl+z', label: 'Undo the app’s last change (again: the one before)', action: { kind: 'undo' }, scope: 'Everywhere' },
  { keys: 'Ctrl+Shift+z', label: 'Redo what undo took back', action: { kind: 'redo' }, scope: 'Everywhere' },
  { keys: 'Ctrl+y', label: 'Redo (as Ctrl+Shift+z)', action: { kind: 'redo' }, scope: 'Everywhere' },
  { keys: '[', label: 'Previous day', action: { kind: 'prevDay' }, scope: 'Today' },
  { keys: ']', label: 'Next day', action: { kind: 'nextDay' }, scope: 'Today' },
  { keys: 't', label: 'Back to today', action: { kind: 'today' }, scope: 'Today' },
  { keys: 'Alt+ArrowUp', label: 'Move the focused row up', action: null, scope: 'Today' },
  { keys: 'Alt+ArrowDown', label: 'Move the focused row down', action: null, scope: 'Today' },
  { keys: ']', label: 'Move the focused todo one day later', action: null, scope: 'Upcoming' },
  { keys: '[', label: 'Move the focused todo one day earlier', action: null, scope: 'Upcoming' },
  { keys: 's', label: 'Schedule the focused todo: type a day', action: null, scope: 'Upcoming' },
  { keys: 'ArrowDown', label: 'Next todo (ArrowUp: previous)', action: null, scope: 'Upcoming' },
  { keys: 'j', label: 'Next todo', action: { kind: 'down' }, scope: 'Todos' },
  { keys: 'k', label: 'Previous todo', action: { kind: 'up' }, scope: 'Todos' },
  { keys: 'ArrowDown', label: 'Next todo (ArrowUp: previous), in the list', action: null, scope: 'Todos' },
  { keys: 'c', label: 'Complete / reopen the focused todo', action: { kind: 'toggle' }, scope: 'Todos' },
  { keys: 'e', label: 'Edit the focused todo', action: { kind: 'edit' }, scope: 'Todos' },
  { keys: 'f', label: 'Filter the list by text', action: { kind: 'filter' }, scope: 'Todos' },
  { keys: 'x', label: 'Select the focused todo, or unselect it (for bulk changes)', action: { kind: 'pick' }, scope: 'Todos' },
  { keys: 'Shift+ArrowDown', label: 'Extend the selection down', action: { kind: 'extendDown' }, scope: 'Todos' },
  { keys: 'Shift+ArrowUp', label: 'Extend the selection up', action: { kind: 'extendUp' }, scope: 'Todos' },
  { keys: 'Ctrl+click', label: 'Select a todo, or unselect it (Shift+click: all up to it)', action: null, scope: 'Todos' },
  { keys: 'Escape', label: 'Clear the selection', action: null, scope: 'Todos' },
  { keys: 'Delete', label: 'Delete the focused todo, or the selected ones (undo with Ctrl+z)', action: { kind: 'delete' }, scope: 'Todos' },
  { keys: 'Alt+ArrowUp', label: 'Move the focused checklist step up (Alt+ArrowDown: down)', action: null, scope: 'Todos' },
  { keys: 'Ctrl+Enter', label: 'Save the notes being edited (Escape: put them back)', action: null, scope: 'Todos' },
  { keys: 'j', label: 'Next project or area (k: previous)', action: null, scope: 'Projects' },
  { keys: 'ArrowDown', label: 'Next project or area (ArrowUp: previous), in the list', action: null, scope: 'Projects' },
  { keys: 'n', label: 'Add a todo to the selected project (no project selected: new project)', action: null, scope: 'Projects' },
  { keys: 'Ctrl+Enter', label: 'Save the notes being edited (Escape: put them back)', action: null, scope: 'Projects' },
  { keys: 'Escape', label: 'Close the new project form, cancel a rename or a removal', action: null, scope: 'Projects' },
  { keys: 'Arrow keys', label: 'Move across days (PageUp/PageDown: month)', action: null, scope: 'History' },
  { keys: 'Enter', label: 'Open the focused day', action: null, scope: 'History' },
];

/** The key as written in the table: `Ctrl+z`, `Ctrl+Shift+z`, `Shift+ArrowDown`, `?`, `j`.
 *  (Cmd counts as Ctrl, for the Mac.) Shift is named only with Ctrl or a named key: with a
 *  plain character it is in the character already (`?`). */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const ctrl = event.ctrlKey || event.metaKey;
  const named = event.key.length > 1;
  const shift = event.shiftKey && (ctrl || named) ? 'Shift+' : '';
  return (ctrl ? 'Ctrl+' : '') + shift + (named ? event.key : event.key.toLowerCase());
}

// Inputs that take no typed text: with one focused (a checkbox in Today's list), shortcuts work.
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when the event comes from a place where text is typed: there the browser's own text
 *  undo (Ctrl+Z) must keep working. */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target.tagName === 'TEXTAREA' || target.isContentEditable;
}

/** True when plain keys belong to the focused element: a text field, or a select (whose
 *  letters pick an option). */
export function isTyping(target: EventTarget | null): boolean {
  return isTextField(target) || (target instanceof HTMLElement && target.tagName === 'SELECT');
}

// Keys that work from a text field too: leaving it, and opening search (Ctrl+K is the
// convention for "search from anywhere", and types nothing).
const WHILE_TYPING = new Set(['Escape', 'Ctrl+k']);
// Undo and redo work from a select too (after a bulk change of priority, say): a select has no
// text to undo.
const UNDO_KEYS = new Set(['Ctrl+z', 'Ctrl+Shift+z', 'Ctrl+y']);

/** The action for a key press, or null. Plain keys are ignored while typing. */
export function match(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target'>,
): Action | null {
  if (event.altKey) return null;
  const name = event.key === '?' ? '?' : keyName(event);
  const free = WHILE_TYPING.has(name) || (UNDO_KEYS.has(name) && !isTextField(event.target));
  if (!free && isTyping(event.target)) return null;
  const found = SHORTCUTS.find((s) => s.keys === name && s.action !== null);
  return found?.action ?? null;
}
