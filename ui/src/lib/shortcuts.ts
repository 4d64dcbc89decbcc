// Keyboard shortcuts: one table (shown by the `?` help overlay) and a matcher. No Svelte, no IO.

export type View = 'today' | 'upcoming' | 'todos' | 'history' | 'settings' | 'sync';

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
  | { kind: 'escape' };

export interface Shortcut {
  keys: string;
  label: string;
  /** Null for keys the focused element handles itself (listed for the help overlay only). */
  action: Action | null;
  /** Where it applies (for the help overlay). */
  scope: 'Everywhere' | 'Today' | 'Upcoming' | 'Todos' | 'History';
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '1', label: 'Go to Today', action: { kind: 'view', view: 'today' }, scope: 'Everywhere' },
  { keys: '2', label: 'Go to Upcoming', action: { kind: 'view', view: 'upcoming' }, scope: 'Everywhere' },
  { keys: '3', label: 'Go to Todos', action: { kind: 'view', view: 'todos' }, scope: 'Everywhere' },
  { keys: '4', label: 'Go to History', action: { kind: 'view', view: 'history' }, scope: 'Everywhere' },
  { keys: '5', label: 'Go to Settings', action: { kind: 'view', view: 'settings' }, scope: 'Everywhere' },
  { keys: '6', label: 'Go to Sync (status and conflicts)', action: { kind: 'view', view: 'sync' }, scope: 'Everywhere' },
  { keys: 'n', label: 'New todo / new plan task', action: { kind: 'new' }, scope: 'Everywhere' },
  { keys: '/', label: 'Search everything (todos, plans, journal, archive)', action: { kind: 'search' }, scope: 'Everywhere' },
  { keys: 'Ctrl+k', label: 'Search everything, even from a text field', action: { kind: 'search' }, scope: 'Everywhere' },
  { keys: '?', label: 'Show these shortcuts', action: { kind: 'help' }, scope: 'Everywhere' },
  { keys: 'Escape', label: 'Close, cancel, leave a field', action: { kind: 'escape' }, scope: 'Everywhere' },
  { keys: 'Ctrl+z', label: 'Undo the last delete', action: { kind: 'undo' }, scope: 'Everywhere' },
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
  { keys: 'x', label: 'Complete / reopen the selected todo', action: { kind: 'toggle' }, scope: 'Todos' },
  { keys: 'e', label: 'Edit the selected todo', action: { kind: 'edit' }, scope: 'Todos' },
  { keys: 'f', label: 'Filter the list by text', action: { kind: 'filter' }, scope: 'Todos' },
  { keys: 'Delete', label: 'Delete the selected todo (undo with Ctrl+z)', action: { kind: 'delete' }, scope: 'Todos' },
  { keys: 'Alt+ArrowUp', label: 'Move the focused checklist step up (Alt+ArrowDown: down)', action: null, scope: 'Todos' },
  { keys: 'Ctrl+Enter', label: 'Save the notes being edited (Escape: put them back)', action: null, scope: 'Todos' },
  { keys: 'Arrow keys', label: 'Move across days (PageUp/PageDown: month)', action: null, scope: 'History' },
  { keys: 'Enter', label: 'Open the focused day', action: null, scope: 'History' },
];

/** The key as written in the table: `Ctrl+z`, `?`, `Escape`, `j`. */
export function keyName(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): string {
  const mod = event.ctrlKey || event.metaKey ? 'Ctrl+' : '';
  return mod + (event.key.length === 1 ? event.key.toLowerCase() : event.key);
}

// Inputs that take no typed text: with one focused (a checkbox in Today's list), shortcuts work.
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when the event comes from a place where typing text is expected. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  const tag = target.tagName;
  return tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

// Keys that work from a text field too: leaving it, and opening search (Ctrl+K is the
// convention for "search from anywhere", and types nothing).
const WHILE_TYPING = new Set(['Escape', 'Ctrl+k']);

/** The action for a key press, or null. Plain keys are ignored while typing. */
export function match(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>,
): Action | null {
  if (event.altKey) return null;
  const name = event.key === '?' ? '?' : keyName(event);
  const typing = isTyping(event.target);
  if (typing && !WHILE_TYPING.has(name)) return null;
  const found = SHORTCUTS.find((s) => s.keys === name && s.action !== null);
  return found?.action ?? null;
}
