// The records the Rust facade (crate valet-service) sends over IPC, as serde writes them (camelCase).
// The stored records come generated from the Rust types (bindings/facade.ts, tests/bindings.rs);
// the views and inputs below are still written by hand.
import type { TodoStatus, Priority, OperationStats } from './bindings/facade';
// The app shell's own views (src-tauri/src/bindings.rs).
export type {
  ReminderView,
  ReminderPrefs,
  UpcomingReminder,
  StorageProfile,
  KeychainStatus,
  PlannerPrefs,
  SettingsView,
  ConnectionTest,
  SyncView,
  McpHttpStatus,
  ClaudeChange,
  UpdatePrefs,
  UpdateView,
  Changed,
  StartPhases,
} from './bindings/app';
export type { TodoListView as TodoPage } from './bindings/app';
export type {
  TodoStatus,
  Priority,
  Todo,
  Step,
  PlanTask,
  DayPlan,
  JournalEntry,
  JournalDay,
  ArchivedDay,
  ProjectKind,
  Project,
  TodoCounts,
  AuditEntry,
  UndoReport,
  DayView,
  DaySection,
  DaySummary,
  NewDayPreview,
  NewDayReport,
  ConflictView,
  Progress,
  KindCounts,
  ImportReport,
  ExportFormat,
  ExportReport,
  RestorePoint,
  RestoreReport,
  ProjectSummary,
  ProjectChange,
  OperationStats,
} from './bindings/facade';

/** One change to a checklist (`update_todo`'s `steps`, applied in order); `at` and `to` are
 *  0-based positions. */
export type StepInput =
  | { op: 'add'; text: string; at?: number }
  | { op: 'set'; id: string; done?: boolean; text?: string }
  | { op: 'remove'; id: string }
  | { op: 'move'; id: string; to: number };

/** What a failed command returns (`CommandError` in src-tauri). */
export interface ApiErrorPayload {
  code: string;
  message: string;
}

export type StatusFilter = 'open' | 'all' | 'pending' | 'in_progress' | 'completed';
export type DueFilter = 'all' | 'today' | 'week' | 'overdue' | 'none';
export type SortKey = 'smart' | 'due' | 'priority' | 'created' | 'updated' | 'content';

/** The todo list's filters (`QueryInput` in src-tauri). */
export interface TodoQuery {
  status?: StatusFilter;
  priorities?: Priority[];
  categories?: string[];
  /** Todos with any of these tags, or all of them with `allTags`. */
  tags?: string[];
  allTags?: boolean;
  due?: DueFilter;
  text?: string;
  sort?: SortKey;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface NewTodo {
  content: string;
  priority?: Priority;
  /** The legacy name of `project` (a missing project is created); prefer `project`. */
  category?: string;
  /** The project, which must exist. */
  project?: string;
  due?: string;
  dueTime?: string;
  notes?: string[];
}

/** A change to a todo; `due: ''` clears the deadline, `dueTime: ''` its time, `when: ''` the
 *  scheduled day. `due` and `when` take words ("tomorrow", "next friday") or `YYYY-MM-DD`. */
export interface TodoPatch {
  content?: string;
  priority?: Priority;
  category?: string;
  /** A project's name (it must exist); `''` takes the todo out of its project. */
  project?: string;
  due?: string;
  dueTime?: string;
  when?: string;
  /** Words ("every weekday") or an RRULE; "" stops repeating. */
  repeat?: string;
  paused?: boolean;
  /** Comma separated ("30m before, 9am", "tomorrow 8am"); "" removes every reminder. */
  reminders?: string;
  status?: TodoStatus;
  notes?: string[];
  /** Replaces every tag. */
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  /** Replaces the Markdown notes; "" removes them. */
  body?: string;
  steps?: StepInput[];
}

/** The Diagnostics panel: this app's metrics since it started, and the store's size now. */
export interface Diagnostics {
  since: string | null;
  operations: OperationStats[];
  sync: { cycles: number; requests: number; conflicts: number; failures: number };
  storageBytes: number;
  changeLogBytes: number;
  records: Record<string, number>;
}

export interface DayEdit {
  addTasks?: string[];
  setTasks?: { id: string; done: boolean }[];
  removeTasks?: string[];
  journalEntry?: string;
  mood?: string;
  /** 1 (bad) to 5 (great); 0 clears it. */
  moodScore?: number;
  highlights?: string[];
  challenges?: string[];
  lessons?: string[];
}

export type DayFile = 'planner' | 'journal';

export type Theme = 'system' | 'light' | 'dark';

/** What a quick-add line was understood as. */
export interface QuickAdd {
  content: string;
  priority: Priority | null;
  /** Every `#word` of the line, in order; absent when none. */
  tags?: string[];
  /** The scheduled day, when the line has a plain date ("tomorrow"). */
  when?: string;
  /** The repeat in words ("every week on Mon"), when the line has "every ...". */
  repeatWords?: string;
  /** Reminders given with "remind ...", canonical. */
  reminders?: string[];
  /** The same in words ("30 min before"), as the preview shows them. */
  reminderWords?: string[];
  /** The deadline, when the line says "by friday" or has a time. */
  due: string | null;
  dueTime: string | null;
  duePhrase: string | null;
}

/** What one sync cycle did. */
export interface SyncReport {
  firstSync: boolean;
  sent: number;
  received: number;
  applied: number;
  merged: number;
  conflicts: number;
  requests: number;
  nextSeq: number;
  snapshotWritten: boolean;
  /** Records another device deleted that this sync kept. */
  restored?: number;
  /** The remote had lost what this device last synced; everything was uploaded again. */
  remoteReset?: boolean;
}

export type Keep = 'current' | 'other' | 'both';

/** The change "Add to Claude Desktop" makes to claude_desktop_config.json. */

export type PickKind = 'folder' | 'open-json' | 'save-json';

/** A change to a project; absent fields stay. `area: ''` takes it out of its area, `deadline`
 *  takes words ("friday") or `YYYY-MM-DD` (`''` clears it); a new `name` moves its todos. */
export interface ProjectPatch {
  name?: string;
  area?: string;
  notes?: string;
  deadline?: string;
  order?: number;
  /** Completing a project completes its open todos. */
  completed?: boolean;
  archived?: boolean;
}

// Today, Upcoming, the History calendar and search everywhere.
export type * from './planner-types';
