// The records the Rust facade (crate valet-service) sends over IPC, as serde writes them (camelCase).
// The stored records come generated from the Rust types (bindings/facade.ts, tests/bindings.rs);
// the views and inputs below are still written by hand.
import type { TodoStatus, Priority, Todo, OperationStats } from './bindings/facade';
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

/** One reminder of a todo as the list shows it (`ReminderView` in src-tauri). */
export interface ReminderView {
  /** Canonical, and accepted back by `update_todo`: "30m before", "09:00". */
  text: string;
  /** In words: "30 min before", "09:00 on the day". */
  words: string;
  /** When it fires, `YYYY-MM-DD HH:MM` in the user's zone; null when it cannot. */
  at: string | null;
  /** Why it cannot fire ("needs a deadline with a time of day (due and dueTime)"). */
  missing: string | null;
}

/** The reminder settings (Settings, Reminders). */
export interface ReminderPrefs {
  /** "at deadline", "<N>m before", "<N>h before" or "none". */
  default: string;
  /** Closing the window keeps Valet in the tray, so reminders keep firing. */
  keepRunning: boolean;
  /** Valet starts at login. */
  autostart: boolean;
}

/** One coming reminder (`upcoming_reminders`). */
export interface UpcomingReminder {
  todo: Todo;
  /** RFC 3339 with the offset of the user's zone. */
  at: string;
}

/** One page of the todo list (`TodoListView` in src-tauri: the facade's page plus what the
 *  list shows beside it). */
export interface TodoPage {
  items: Todo[];
  /** How many todos matched in all, across every page. */
  total: number;
  /** Offset of the next page, when there is one. */
  nextOffset?: number;
  /** Today (`YYYY-MM-DD`) in the zone from Settings, which due labels are relative to. */
  today?: string;
  /** Each repeating todo's rule in words ("every week on Mon, Thu"), by id. */
  repeats?: Record<string, string>;
  /** Each todo's reminders, by id (todos without reminders are absent). */
  reminders?: Record<string, ReminderView[]>;
}


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

export interface StorageProfile {
  provider: 'local' | 'cloudflare-r2';
  endpoint: string;
  bucket: string;
  keyPrefix: string;
  region: string;
  /** Seconds between background syncs (5 to 86400); null means the default, 30. */
  syncInterval?: number | null;
  /** End-to-end encryption of what is synced (the passphrase lives in the keychain). */
  encrypt?: boolean;
}

export interface KeychainStatus {
  available: boolean;
  hasKeys: boolean;
  hasPassphrase?: boolean;
  message: string | null;
}

export type Theme = 'system' | 'light' | 'dark';

export interface SettingsView {
  timeZone: string;
  timeZoneSetting: string | null;
  theme: Theme;
  quickAddShortcut: string;
  storage: StorageProfile;
  keychain: KeychainStatus;
  dataDir: string;
  version: string;
  planner: PlannerPrefs;
}

export interface PlannerPrefs {
  /** `HH:MM`: before this, "today" is still the previous day. */
  dayStartsAt: string;
  /** Tasks carried this many times are offered "Schedule later", "Drop", "Make a todo". */
  nudgeAfter: number;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
}

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

/** The live `valet://changed` event. */
export interface Changed {
  todos: boolean;
  days: boolean;
}

/** The sync badge's state (`SyncView` in src-tauri/src/commands/sync.rs). */
export interface SyncView {
  /** False when storage is "this computer only". */
  enabled: boolean;
  remote: string | null;
  firstSyncDone: boolean;
  /** RFC 3339 (UTC). */
  lastSync: string | null;
  /** The last sync's error in plain words. */
  error: string | null;
  /** The last sync stopped because it would delete most of the data: ask, then force. */
  needsConfirm: boolean;
  pending: number;
  conflicts: number;
  /** Said when this device's clock is off by more than a minute. */
  clockWarning?: string | null;
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
/** The app's MCP endpoint (`McpHttpStatus` in src-tauri/src/commands/mcp_http.rs). */
export interface McpHttpStatus {
  enabled: boolean;
  port: number;
  running: boolean;
  url: string | null;
  /** The bearer token clients present. */
  token: string | null;
  /** False when no keychain keeps it (it lasts until the app quits). */
  tokenRemembered: boolean;
  /** Why it is not running while it is on. */
  error: string | null;
  /** Ready-made client configs (JSON text). */
  vscode: string | null;
  cursor: string | null;
}

export interface ClaudeChange {
  path: string;
  /** The file's text now (null: it does not exist yet). */
  before: string | null;
  after: string;
  /** False when the file already holds this entry. */
  changed: boolean;
  /** Other MCP servers in the file, kept as they are. */
  keptServers: string[];
  /** A `valet` entry was there and is replaced. */
  replaces: boolean;
}

export type PickKind = 'folder' | 'open-json' | 'save-json';

export interface UpdatePrefs {
  channel: 'stable' | 'beta';
  /** A feed URL of one's own; empty means the channel's. */
  feed: string;
  checkAtStart: boolean;
}

export interface UpdateView {
  current: string;
  available: string | null;
  notes: string | null;
  date: string | null;
  downloaded: boolean;
  feed: string;
}

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
