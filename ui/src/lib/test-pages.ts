// Test helper: a todo list page as the shell sends it (every field present), so mocks of
// `listTodos` cannot drift from the generated `TodoPage` type.
import type { Todo, TodoPage } from './types';

export function todoPage(items: Todo[], extra: Partial<TodoPage> = {}): TodoPage {
  return { items, total: items.length, today: '2026-11-28', repeats: {}, reminders: {}, ...extra };
}
