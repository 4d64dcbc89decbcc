// The records the Rust facade (crate valet-service) sends over IPC, as serde writes them (camelCase).

export type TodoStatus = 'pending' | 'in_progress' | 'completed';
export type Priority = 'high' | 'medium' | 'low';

export interface Todo {
  id: string;
  content: string;
  status: TodoStatus;
  priority: Priority;
  category: string;
  /** Local calendar date, `YYYY-MM-DD`. */
  due: string | null;
  /** `HH:MM`, only when the todo has a due time. */
  dueTime?: string;
  notes: string[];
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}

export interface TodoPage {
  items: Todo[];
  /** How many todos matched in all, across every page. */
  total: number;
  /** Offset of the next page, when there is one. */
  nextOffset?: number;
}

/** What a failed command returns (`CommandError` in src-tauri). */
export interface ApiErrorPayload {
  code: string;
  message: string;
}
