// Keyboard shortcuts and commands: one table that the key handler (`match`), the `?` help overlay
// and the command palette (actions.ts) all read, so a key or a name cannot differ between them.
// No Svelte, no IO.

export type View = 'today' | 'upcoming' | 'todos' | 'projects' | 'history' | 'insights' | 'review' | 'settings' | 'sync';

const ALL_VIEWS: readonly View[] = ['today', 'upcoming', 'todos', 'projects', 'history', 'insights', 'review', 'settings', 'sync'];

/** The view a location hash names (`#todos`, `#/todos`); the quick-add window's own; else Today. */
export function viewFromHash(hash: string): View | 'quick-add' {
  const h = hash.replace(/^#\/?/, '');
  if (h === 'quick-add') return 'quick-add';
  return ALL_VIEWS.includes(h as View) ? (h as View) : 'today';
}

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
  | { kind: 'escape' }
  | { kind: 'palette' }
  | { kind: 'sidebar' }
  | { kind: 'theme' }
  | { kind: 'syncNow' };

export type Scope = 'Everywhere' | 'Today' | 'Upcoming' | 'Todos' | 'Projects' | 'History' | 'Insights' | 'Review';

export interface Shortcut {
  /** As `keyName` writes it; null for a command with no key of its own (the palette runs it). */
  keys: string | null;
  label: string;
  /** Null for keys the focused element handles itself (listed for the help overlay only). */
  action: Action | null;
  /** Where it applies (for the help overlay; the palette offers a view's commands in that view). */
  scope: Scope;
  /** Its name in the command palette; absent: the palette leaves it out (keys that act on what
   *  has the focus, a second key for a command already listed). */
  command?: string;
  /** More words the palette's filter finds it by. */
  words?: string;
  /** Offered only while sync is set up. */
  needsSync?: boolean;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '1', label: 'Go to Today', action: { kind: 'view', view: 'today' }, scope: 'Everywhere', command: 'Go to Today', words: 'view plan day' },
  { keys: '2', label: 'Go to Upcoming', action: { kind: 'view', view: 'upcoming' }, scope: 'Everywhere', command: 'Go to Upcoming', words: 'view week schedule' },
  { keys: '3', label: 'Go to Todos', action: { kind: 'view', view: 'todos' }, scope: 'Everywhere', command: 'Go to Todos', words: 'view list all tasks' },
  { keys: '4', label: 'Go to Projects (and areas)', action: { kind: 'view', view: 'projects' }, scope: 'Everywhere', command: 'Go to Projects', words: 'view areas' },
  { keys: '5', label: 'Go to History', action: { kind: 'view', view: 'history' }, scope: 'Everywhere', command: 'Go to History', words: 'view calendar journal archive past' },
  { keys: '6', label: 'Go to Settings', action: { kind: 'view', view: 'settings' }, scope: 'Everywhere', command: 'Go to Settings', words: 'view preferences options' },
  { keys: '7', label: 'Go to Sync (status and conflicts)', action: { kind: 'view', view: 'sync' }, scope: 'Everywhere', command: 'Go to Sync', words: 'view status conflicts' },
  // The next free number: the older views keep the keys people already know.
  { keys: '8', label: 'Go to Insights (what got done, streaks, moods)', action: { kind: 'view', view: 'insights' }, scope: 'Everywhere', command: 'Go to Insights', words: 'view stats statistics report chart progress streaks completed mood' },
  { keys: '9', label: 'Go to Review (a week or month looked back on, with your reflection)', action: { kind: 'view', view: 'review' }, scope: 'Everywhere', command: 'Go to Review', words: 'view weekly monthly review reflect reflection retrospective look back missed slipped' },
  { keys: 'n', label: 'New todo / new plan task / new todo in the project', action: { kind: 'new' }, scope: 'Everywhere', command: 'New todo', words: 'add create quick task' },
  { keys: '/', label: 'Search everything (todos, plans, journal, archive)', action: { kind: 'search' }, scope: 'Everywhere', command: 'Search everything', words: 'find journal plans archive' },
  { keys: 'Ctrl+k', label: 'Command palette: every command, and search, even from a text field', action: { kind: 'palette' }, scope: 'Everywhere' },
  { keys: '?', label: 'Show these shortcuts', action: { kind: 'help' }, scope: 'Everywhere', command: 'Show keyboard shortcuts', words: 'help keys' },
  { keys: 'Ctrl+\\', label: 'Show or hide the sidebar', action: { kind: 'sidebar' }, scope: 'Everywhere', command: 'Toggle the sidebar', words: 'collapse expand navigation menu' },
  { keys: null, label: 'Switch between the light and the dark theme', action: { kind: 'theme' }, scope: 'Everywhere', command: 'Switch theme (light or dark)', words: 'dark light mode appearance colour color' },
  { keys: null, label: 'Sync now', action: { kind: 'syncNow' }, scope: 'Everywhere', command: 'Sync now', words: 'upload download send', needsSync: true },
  { keys: 'Escape', label: 'Close, cancel, leave a field', action: { kind: 'escape' }, scope: 'Everywhere' },
  { keys: 'Ctrl+z', label: 'Undo the app’s last change (again: the one before)', action: { kind: 'undo' }, scope: 'Everywhere', command: 'Undo the last change', words: 'back revert' },
  { keys: 'Ctrl+Shift+z', label: 'Redo what undo took back', action: { kind: 'redo' }, scope: 'Everywhere', command: 'Redo', words: 'again' },
  { keys: 'Ctrl+y', label: 'Redo (as Ctrl+Shift+z)', action: { kind: 'redo' }, scope: 'Everywhere' },
  { keys: '[', label: 'Previous day', action: { kind: 'prevDay' }, scope: 'Today', command: 'Previous day', words: 'yesterday back' },
  { keys: ']', label: 'Next day', action: { kind: 'nextDay' }, scope: 'Today', command: 'Next day', words: 'tomorrow forward' },
  { keys: 't', label: 'Back to today', action: { kind: 'today' }, scope: 'Today', command: 'Back to today', words: 'now' },
  { keys: 'Alt+ArrowUp', label: 'Move the focused row up', action: null, scope: 'Today' },
  { keys: 'Alt+ArrowDown', label: 'Move the focused row down', action: null, scope: 'Today' },
  { keys: ']', label: 'Move the focused todo one day later', action: null, scope: 'Upcoming' },
  { keys: '[', label: 'Move the focused todo one day earlier', action: null, scope: 'Upcoming' },
  { keys: 's', label: 'Schedule the focused todo: type a day (Alt+ArrowDown: a calendar)', action: null, scope: 'Upcoming' },
  { keys: 't', label: 'Move the focused todo to today', action: null, scope: 'Upcoming' },
  { keys: 'ArrowDown', label: 'Next todo (ArrowUp: previous)', action: null, scope: 'Upcoming' },
  { keys: 'j', label: 'Next todo', action: { kind: 'down' }, scope: 'Todos' },
  { keys: 'k', label: 'Previous todo', action: { kind: 'up' }, scope: 'Todos' },
  { keys: 'ArrowDown', label: 'Next todo (ArrowUp: previous), in the list', action: null, scope: 'Todos' },
  { keys: 'c', label: 'Complete / reopen the focused todo', action: { kind: 'toggle' }, scope: 'Todos', command: 'Complete or reopen the focused todo', words: 'done finish tick check' },
  { keys: 'e', label: 'Edit the focused todo', action: { kind: 'edit' }, scope: 'Todos', command: 'Edit the focused todo', words: 'change rename' },
  { keys: 'f', label: 'Filter the list by text', action: { kind: 'filter' }, scope: 'Todos', command: 'Filter the list', words: 'narrow find text' },
  { keys: 'x', label: 'Select the focused todo, or unselect it (for bulk changes)', action: { kind: 'pick' }, scope: 'Todos' },
  { keys: 'Shift+ArrowDown', label: 'Extend the selection down', action: { kind: 'extendDown' }, scope: 'Todos' },
  { keys: 'Shift+ArrowUp', label: 'Extend the selection up', action: { kind: 'extendUp' }, scope: 'Todos' },
  { keys: 'Ctrl+click', label: 'Select a todo, or unselect it (Shift+click: all up to it)', action: null, scope: 'Todos' },
  { keys: 'Escape', label: 'Clear the selection', action: null, scope: 'Todos' },
  { keys: 'Delete', label: 'Delete the focused todo, or the selected ones (undo with Ctrl+z)', action: { kind: 'delete' }, scope: 'Todos', command: 'Delete the focused or selected todos', words: 'remove trash' },
  // `t` is Today's "Back to today" too: the same action, which Todos reads as "for today".
  { keys: 't', label: 'Schedule the focused todo, or the selected ones, for today', action: { kind: 'today' }, scope: 'Todos', command: 'Schedule for today', words: 'plan do today date day move' },
  { keys: 'Drag', label: 'Drag a todo onto Today in the sidebar: schedule it for today', action: null, scope: 'Todos' },
  { keys: 'Alt+ArrowUp', label: 'Move the focused checklist step up (Alt+ArrowDown: down)', action: null, scope: 'Todos' },
  { keys: 'Ctrl+Enter', label: 'Save the notes being edited (Escape: put them back)', action: null, scope: 'Todos' },
  { keys: 'j', label: 'Next project or area (k: previous)', action: null, scope: 'Projects' },
  { keys: 'ArrowDown', label: 'Next project or area (ArrowUp: previous), in the list', action: null, scope: 'Projects' },
  { keys: 'n', label: 'Add a todo to the selected project (no project selected: new project)', action: null, scope: 'Projects' },
  { keys: 'Ctrl+Enter', label: 'Save the notes being edited (Escape: put them back)', action: null, scope: 'Projects' },
  { keys: 'Escape', label: 'Close the new project form, cancel a rename or a removal', action: null, scope: 'Projects' },
  { keys: 'Arrow keys', label: 'Move across days (PageUp/PageDown: month)', action: null, scope: 'History' },
  { keys: 'Enter', label: 'Open the focused day', action: null, scope: 'History' },
  { keys: 'Arrow keys', label: 'In the focused chart: the previous or next day, week or month (Home/End: first/last)', action: null, scope: 'Insights' },
  { keys: 'Ctrl+Enter', label: 'Save the reflection being written', action: null, scope: 'Review' },
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

// Keys that work from a text field too: leaving it, the palette (Ctrl+K is the convention for
// "commands and search from anywhere") and the sidebar; Ctrl+K and Ctrl+\ type nothing.
const WHILE_TYPING = new Set(['Escape', 'Ctrl+k', 'Ctrl+\\']);
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
