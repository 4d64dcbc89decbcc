// The one place the UI talks to the Rust side: typed wrappers over Tauri's `invoke` and the
// live change event. Nothing else in the UI imports @tauri-apps/api.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  ApiErrorPayload,
  McpHttpStatus,
  AuditEntry,
  CalendarView,
  CarriedAction,
  SearchQuery,
  SearchView,
  TodayView,
  UpcomingView,
  Changed,
  StartPhases,
  ClaudeChange,
  ConflictView,
  ConnectionTest,
  DayEdit,
  DayFile,
  DaySummary,
  Diagnostics,
  DayView,
  ExportFormat,
  ExportReport,
  ImportReport,
  Insights,
  InsightsGroup,
  NewDayPreview,
  PickKind,
  Progress,
  RestorePoint,
  RestoreReport,
  Review,
  ReviewPeriod,
  UpdatePrefs,
  UpdateView,
  NewDayReport,
  NewTodo,
  Keep,
  ProjectChange,
  ProjectPatch,
  ProjectSummary,
  Project,
  QuickAdd,
  ReminderPrefs,
  SettingsView,
  StorageProfile,
  SyncReport,
  SyncView,
  Theme,
  Todo,
  TodoCounts,
  TodoPage,
  TodoPatch,
  TodoQuery,
  UndoReport,
  UpcomingReminder,
} from './types';

/** A failed command, with the stable `code` the shell sends (or `ipc` when the call itself failed). */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

function isErrorPayload(value: unknown): value is ApiErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.code === 'string' && typeof record.message === 'string';
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isErrorPayload(err)) return new ApiError(err.code, err.message);
  if (err instanceof Error) return new ApiError('ipc', err.message);
  return new ApiError('ipc', String(err));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toApiError(err);
  }
}

/** The first view shows its data: the shell logs the time since it started, and the page's phases. */
export const uiReady = (phases: StartPhases): Promise<void> => call('ui_ready', { phases });

// ----- todos -----
export const listTodos = (query: TodoQuery = { status: 'all' }): Promise<TodoPage> =>
  call('list_todos', { query });
/** Adds a todo as given (no quick-add parsing); `input.project` must name an existing project. */
export const addTodo = (input: NewTodo): Promise<Todo> => call('add_todo', { input });
export const updateTodo = (id: string, patch: TodoPatch): Promise<Todo> =>
  call('update_todo', { id, patch });
export const completeTodo = (id: string): Promise<Todo> => call('complete_todo', { id });
export const reopenTodo = (id: string): Promise<Todo> => call('reopen_todo', { id });
export const addNote = (id: string, note: string): Promise<Todo> => call('add_note', { id, note });
export const removeTodo = (id: string): Promise<Todo> => call('remove_todo', { id });
/** One change to several todos at once (bulk actions): all or none, one undo. */
export const updateMany = (ids: string[], patch: TodoPatch): Promise<Todo[]> =>
  call('update_many', { ids, patch });
/** Deletes several todos at once: all or none, one undo. */
export const removeMany = (ids: string[]): Promise<Todo[]> => call('remove_many', { ids });
/** Takes back the app's own last change, per record; what changed since is kept (`kept`). */
export const undo = (): Promise<UndoReport> => call('undo');
/** Puts back what the last undo took back, unless the app changed something since. */
export const redo = (): Promise<UndoReport> => call('redo');
/** Takes back one change to a todo, whoever made it: `key` is the todo's id, `rev` the revision
 *  that change produced (an entry of `todoHistory`). */
export const undoChange = (key: string, rev: number): Promise<UndoReport> =>
  call('undo_change', { key, rev });
export const todoHistory = (id: string): Promise<AuditEntry[]> => call('todo_history', { id });
/** Open, in progress, completed, overdue and due-today counts (the sidebar's numbers). */
export const todoCounts = (): Promise<TodoCounts> => call('todo_counts');
/** Every tag in use with how many todos have it, by name. */
export const tags = (): Promise<[string, number][]> => call('tags');
/** Renames a tag on every todo (onto an existing tag: the two merge); how many todos changed. */
export const renameTag = (from: string, to: string): Promise<number> => call('rename_tag', { from, to });
/** Makes a checklist step its own todo (same tags and category); returns the new todo. */
export const promoteStep = (id: string, step: string): Promise<Todo> => call('promote_step', { id, step });

// ----- projects and areas -----
/** Every project and area with its progress, areas first; completed and archived ones only
 *  with `all`. */
export const projects = (all = false): Promise<ProjectSummary[]> => call('projects', { all });
/** Creates a project (in `area`, an existing area's name) or, with `isArea`, an area. */
export const addProject = (name: string, opts: { isArea?: boolean; area?: string } = {}): Promise<Project> =>
  call('add_project', { name, isArea: opts.isArea ?? false, area: opts.area ?? '' });
/** Renames (its todos follow), moves, annotates, completes (its open todos too) or archives. */
export const updateProject = (name: string, patch: ProjectPatch): Promise<ProjectChange> =>
  call('update_project', { name, patch });
/** Removes a project with its todos, or an area (its projects stay, in no area); Ctrl+Z
 *  brings them back. */
export const removeProject = (name: string): Promise<ProjectChange> => call('remove_project', { name });

// ----- reminders -----
/** Snoozes a todo's reminder: `10m`, `1h`, a number of minutes, or `tomorrow` (which also
 *  moves the todo to tomorrow). */
export const snoozeReminder = (id: string, until: string): Promise<Todo> =>
  call('snooze_reminder', { id, until });
export const reminderPrefs = (): Promise<ReminderPrefs> => call('reminder_prefs');
export const setReminderPrefs = (prefs: ReminderPrefs): Promise<ReminderPrefs> =>
  call('set_reminder_prefs', { default: prefs.default, keepRunning: prefs.keepRunning, autostart: prefs.autostart });
/** The next reminders to fire, soonest first. */
export const upcomingReminders = (limit?: number): Promise<UpcomingReminder[]> =>
  call('upcoming_reminders', { limit: limit ?? null });

// ----- days -----
export const getDay = (date: string | null): Promise<DayView> => call('get_day', { date });
export const editDay = (date: string | null, edit: DayEdit): Promise<DayView> =>
  call('edit_day', { date, edit });
export const setDaySection = (
  date: string | null,
  file: DayFile,
  section: string,
  content: string,
): Promise<DayView> => call('set_day_section', { date, file, section, content });
export const reorderTasks = (date: string | null, ids: string[]): Promise<DayView> =>
  call('reorder_tasks', { date, ids });
export const newDayPreview = (date: string | null): Promise<NewDayPreview> =>
  call('new_day_preview', { date });
export const newDay = (date: string | null): Promise<NewDayReport> => call('new_day', { date });
export const listDays = (limit?: number): Promise<DaySummary[]> =>
  call('list_days', { limit: limit ?? null });
/** Copies an archived day back onto its day, or with `asToday` onto today's plan (open tasks, empty sections). */
export const restoreDay = (date: string, asToday = false): Promise<DayView> =>
  call('restore_day', { date, asToday });

// ----- planner -----
/** Today's joined list; the call that starts a new day also returns its `morning` summary. */
export const todayView = (): Promise<TodayView> => call('today_view');
/** Ticks a row; a linked task and its todo are ticked together by the shell. */
export const setTodayItem = (key: string, done: boolean): Promise<TodayView> =>
  call('set_today_item', { key, done });
/** Every key of Today's list, in the new order. */
export const reorderToday = (keys: string[]): Promise<TodayView> => call('reorder_today', { keys });
/** Adds a plan task linked to the todo. */
export const planTodo = (id: string): Promise<TodayView> => call('plan_todo', { id });
export const addTodayTask = (text: string): Promise<TodayView> => call('add_today_task', { text });
export const removeTodayTask = (id: string): Promise<TodayView> => call('remove_today_task', { id });
/** What to do with a task carried over too often; `when` (words ok) only for `later`. */
export const resolveCarried = (id: string, action: CarriedAction, when?: string): Promise<TodayView> =>
  call('resolve_carried', { id, action, when: when ?? null });
/** Schedules a todo for a day (`YYYY-MM-DD` or words); `''` unschedules it. */
export const scheduleTodo = (id: string, when: string): Promise<Todo> =>
  call('schedule_todo', { id, when });
export const upcoming = (days?: number): Promise<UpcomingView> =>
  call('upcoming', { days: days ?? null });
/** The marks of one month (`YYYY-MM`). */
export const calendar = (month: string): Promise<CalendarView> => call('calendar', { month });
export const searchAll = (query: SearchQuery): Promise<SearchView> => call('search_all', { query });
/** Insights for `from..=to` (dates or words; default the last 30 days), bucketed by `group`. */
export const insights = (from?: string, to?: string, group?: InsightsGroup): Promise<Insights> =>
  call('insights', { from: from ?? null, to: to ?? null, group: group ?? null });
/** The week or month holding `date` (words or YYYY-MM-DD; null: this one), looked back on. */
export const review = (period: ReviewPeriod | null, date: string | null): Promise<Review> =>
  call('review', { period, date });
/** Replaces the period's written reflection; '' removes it. */
export const writeReview = (period: ReviewPeriod | null, date: string | null, text: string): Promise<Review> =>
  call('write_review', { period, date, text });
export const setPlannerPrefs = (dayStartsAt: string, nudgeAfter: number): Promise<SettingsView> =>
  call('set_planner_prefs', { dayStartsAt, nudgeAfter });

// ----- settings -----
export const getSettings = (): Promise<SettingsView> => call('get_settings');
export const setTimeZone = (zone: string): Promise<SettingsView> => call('set_time_zone', { zone });
export const setPreferences = (theme: Theme, quickAddShortcut: string): Promise<SettingsView> =>
  call('set_preferences', { theme, quickAddShortcut });
export const setStorageProfile = (profile: StorageProfile): Promise<SettingsView> =>
  call('set_storage_profile', { profile });
export const saveStorageKeys = (
  accessKeyId: string,
  secretAccessKey: string,
): Promise<SettingsView> => call('save_storage_keys', { accessKeyId, secretAccessKey });
export const forgetStorageKeys = (): Promise<SettingsView> => call('forget_storage_keys');
export const testConnection = (profile: StorageProfile): Promise<ConnectionTest> =>
  call('test_connection', { profile });
export const mcpConfig = (client: string): Promise<string> => call('mcp_config', { client });
/** The app's MCP endpoint over HTTP (off by default). */
export const mcpHttpStatus = (): Promise<McpHttpStatus> => call('mcp_http_status');
export const setMcpHttp = (enabled: boolean, port: number): Promise<McpHttpStatus> =>
  call('set_mcp_http', { enabled, port });
/** A new bearer token: clients holding the old one are refused from now on. */
export const newMcpToken = (): Promise<McpHttpStatus> => call('new_mcp_token');
export const diagnostics = (): Promise<Diagnostics> => call('diagnostics');
/** What "Add to Claude Desktop" would change (writes nothing). */
export const claudeDesktopPreview = (): Promise<ClaudeChange> => call('claude_desktop_preview');
/** Makes the change; `before` is the text the preview showed (a file changed since is refused). */
export const addToClaudeDesktop = (before: string | null): Promise<ClaudeChange> =>
  call('add_to_claude_desktop', { before });

/** Stores the sync encryption passphrase in the OS keychain. */
export const saveSyncPassphrase = (passphrase: string): Promise<SettingsView> =>
  call('save_sync_passphrase', { passphrase });
export const forgetSyncPassphrase = (): Promise<SettingsView> => call('forget_sync_passphrase');

// ----- data in and out -----
export const importLegacy = (path: string, dryRun: boolean): Promise<ImportReport> =>
  call('import_legacy', { path, dryRun });
export const exportData = (path: string, format: ExportFormat): Promise<ExportReport> =>
  call('export_data', { path, format });
export const importData = (path: string, dryRun: boolean): Promise<ImportReport> =>
  call('import_data', { path, dryRun });
export const listRestorePoints = (): Promise<RestorePoint[]> => call('list_restore_points');
export const createRestorePoint = (): Promise<RestorePoint> => call('create_restore_point');
export const restorePoint = (id: string): Promise<RestoreReport> => call('restore_point', { id });
/** A native picker; `null` when the person cancelled. */
export const pickPath = (kind: PickKind): Promise<string | null> => call('pick_path', { kind });

// ----- updates -----
export const getUpdatePrefs = (): Promise<UpdatePrefs> => call('get_update_prefs');
export const setUpdatePrefs = (prefs: UpdatePrefs): Promise<UpdatePrefs> =>
  call('set_update_prefs', { prefs });
/** What the last check (the quiet one at start included) found, if anything. */
export const updateStatus = (): Promise<UpdateView | null> => call('update_status');
export const checkForUpdate = (): Promise<UpdateView> => call('check_for_update');
/** Downloads the update and verifies its signature; installs nothing. */
export const downloadUpdate = (): Promise<UpdateView> => call('download_update');
/** Installs the verified update and restarts the app. */
export const installUpdate = (): Promise<void> => call('install_update');

// ----- sync -----
export const syncStatus = (): Promise<SyncView> => call('sync_status');
/** One sync cycle; `force` only after the person confirmed a sync that deletes most data. */
/** One sync now. `force` accepts a held mass delete or overwrite; `restoreDeleted` goes on
 * but keeps (and sends back) what the other device deleted. */
export const syncNow = (force = false, restoreDeleted = false): Promise<SyncReport> =>
  call('sync_now', { force, restoreDeleted });
export const listConflicts = (): Promise<ConflictView[]> => call('list_conflicts');
export const resolveConflict = (record: string, index: number, keep: Keep): Promise<ConflictView> =>
  call('resolve_conflict', { record, index, keep });

// ----- quick add -----
export const quickAddPreview = (text: string): Promise<QuickAdd> =>
  call('quick_add_preview', { text });
export const quickAdd = (text: string): Promise<Todo> => call('quick_add', { text });
export const closeQuickAdd = (): Promise<void> => call('close_quick_add');

interface Events {
  'valet://changed': Changed;
  'valet://sync': SyncView;
  'valet://progress': Progress;
  'valet://update': UpdateView;
  'valet://open-todo': string;
}

async function on<K extends keyof Events>(
  name: K,
  handler: (payload: Events[K]) => void,
): Promise<() => void> {
  try {
    return await listen<Events[K]>(name, (event) => {
      handler(event.payload);
    });
  } catch {
    // Outside Tauri (browser tests without event mocks): no live events.
    return () => undefined;
  }
}

/** Calls `handler` whenever any process changes the store. Returns the unsubscribe function. */
export const onChanged = (handler: (changed: Changed) => void): Promise<() => void> =>
  on('valet://changed', handler);

/** Calls `handler` whenever the sync state moves (a sync ran, failed, or changes wait). */
export const onSync = (handler: (view: SyncView) => void): Promise<() => void> =>
  on('valet://sync', handler);

/** Calls `handler` as a long operation (import, export, restore, update download) moves. */
export const onProgress = (handler: (progress: Progress) => void): Promise<() => void> =>
  on('valet://progress', handler);

/** Calls `handler` when the quiet check at start found a newer release. */
export const onUpdate = (handler: (view: UpdateView) => void): Promise<() => void> =>
  on('valet://update', handler);

/** Calls `handler` with a todo's id when the person clicked its reminder notification. */
export const onOpenTodo = (handler: (id: string) => void): Promise<() => void> =>
  on('valet://open-todo', handler);
