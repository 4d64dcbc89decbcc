// The fake Rust side for the browser tests: loaded (transpiled by server.ts) as a module before
// the app's own bundle, it mocks Tauri's IPC with `mockIPC` from @tauri-apps/api/mocks and answers
// every command the UI calls from in-memory data (the planner's and the days' in fake-planner.ts,
// reminders in fake-reminders.ts, tags, checklists and Markdown notes in fake-organize.ts,
// projects and areas in fake-projects.ts, the undo journal and the audit trail in fake-undo.ts,
// insights computed from all of these in fake-insights.ts).
// Tests seed it through `window.__VALET_SEED__`, read the calls it got from
// `window.__valet.calls`, and change things as another client would with `window.__valet.as`.
// The shell rejects with {code, message} payloads (CommandError), not Error objects: so does this.
/* eslint-disable @typescript-eslint/only-throw-error */
import { mockIPC } from '@tauri-apps/api/mocks';
import { createPlanner, parseDay, UNHANDLED, type PlannerSeed, type Todo, type TodoStore } from './fake-planner';
import { applyOrganize, createOrganize, organizePatch, quickTags, tagsMatch, type OrganizePatch } from './fake-organize';
import { checkFor, createReminders, parseReminders, quickRemind, views, type ReminderView } from './fake-reminders';
import { createProjects, type FakeProject, type ProjectSeed } from './fake-projects';
import { canon, createJournal } from './fake-undo';
import { createInsights, type DayRead } from './fake-insights';
import { createReview } from './fake-review';

interface Seed extends PlannerSeed {
  todos?: number;
  sync?: Record<string, unknown>;
  conflicts?: Record<string, unknown>[];
  /** Command name -> error payload to reject with (once). */
  failOnce?: Record<string, { code: string; message: string }>;
  /** The keychain as get_settings reports it (default: one that answers, no keys). */
  keychain?: { available: boolean; hasKeys: boolean; message: string | null };
  claude?: { path: string; before: string | null };
  projects?: ProjectSeed[];
}

interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

declare global {
  interface Window {
    __VALET_SEED__?: Seed;
    __valet: {
      calls: Call[];
      todos: Todo[];
      emit: (event: string, payload: unknown) => void;
      /** Runs a command as another client (`mcp:Claude`, `cli`), then sends the change event. */
      as: (by: string, cmd: string, args: Record<string, unknown>) => unknown;
    };
  }
}

const seed: Seed = window.__VALET_SEED__ ?? {};
const TODAY = '2026-11-28';
const CATEGORIES = ['General', 'work', 'home', 'finance'];
const PRIORITIES = ['high', 'medium', 'low'] as const;

function makeTodo(i: number): Todo {
  const stamp = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  return {
    id: `019ac9b2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    content: i === 0 ? 'Call the bank' : `Todo number ${String(i)}`,
    status: 'pending',
    priority: PRIORITIES[i % 3] ?? 'medium',
    category: CATEGORIES[i % 4] ?? 'General',
    due: i % 5 === 0 ? TODAY : null,
    notes: [],
    createdAt: stamp,
    updatedAt: stamp,
  };
}

let todos: Todo[] = Array.from({ length: seed.todos ?? 3 }, (_, i) => ({ ...makeTodo(i), ...(seed.todoPatches?.[i] ?? {}) }));
let conflicts = seed.conflicts ?? [];
let sync: Record<string, unknown> = {
  enabled: false,
  remote: null,
  firstSyncDone: false,
  lastSync: null,
  error: null,
  needsConfirm: false,
  pending: 0,
  conflicts: conflicts.length,
  ...(seed.sync ?? {}),
};
const failOnce = { ...(seed.failOnce ?? {}) };
let claudeText = seed.claude?.before ?? null;
// The app's MCP endpoint as Settings shows it (off, port 7077, a fixed token).
let mcpHttp = { enabled: false, port: 7077 };
let mcpToken = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
let restorePoints: Record<string, unknown>[] = [];
let updatePrefs = { channel: 'stable', feed: '', checkAtStart: true };
const calls: Call[] = [];

function settings(): Record<string, unknown> {
  return {
    timeZone: 'Europe/Paris',
    timeZoneSetting: null,
    theme: 'system',
    quickAddShortcut: 'CommandOrControl+Shift+Space',
    storage: { provider: 'local', endpoint: '', bucket: '', keyPrefix: '', region: '' },
    keychain: seed.keychain ?? { available: true, hasKeys: false, message: null },
    dataDir: '/home/test/.local/share/valet',
    version: '0.1.0',
    planner: planner.prefs(),
  };
}

function find(id: unknown): Todo {
  const todo = todos.find((t) => t.id === id);
  if (todo === undefined) throw { code: 'not_found', message: `todo not found: ${String(id)}` };
  return todo;
}

const store: TodoStore = {
  all: () => todos,
  find,
  add: (content, extra = {}) => {
    const now = new Date().toISOString();
    const todo: Todo = { ...makeTodo(todos.length + 100_000), content, due: null, createdAt: now, updatedAt: now, ...extra };
    todos = [todo, ...todos];
    return todo;
  },
  remove: (id) => {
    todos = todos.filter((t) => t.id !== id);
  },
};
const planner = createPlanner(seed, TODAY, store, settings);

const reminders = createReminders(store, TODAY);
const organize = createOrganize(store);
const lists = createProjects(store, TODAY, seed.projects);
// Insights read the days as the History view does, through the planner's own commands.
const readDays = (): DayRead[] =>
  (planner.handle('list_days', {}) as { date: string }[]).map((d) => planner.handle('get_day', { date: d.date }) as DayRead);
const insights = createInsights(store, TODAY, readDays);
const review = createReview(store, TODAY, readDays, (args) => insights.handle(args));

// Every record the journal sees: the todos in the list's order, then the days' plans and journals.
const journal = createJournal(
  {
    snapshot: () => {
      const out = new Map(todos.map((t) => [`todos/${t.id}.json`, canon(t)]));
      for (const [key, value] of planner.records()) out.set(key, canon(value));
      for (const [key, value] of lists.records()) out.set(key, canon(value));
      return out;
    },
    put: (key, value, index) => {
      if (key.startsWith('projects/')) {
        lists.put(key, value as unknown as FakeProject | null);
        return;
      }
      const id = /^todos\/(.+)\.json$/.exec(key)?.[1];
      if (id === undefined) {
        planner.put(key, value);
        return;
      }
      const at = todos.findIndex((t) => t.id === id);
      if (value === null) todos = todos.filter((t) => t.id !== id);
      else if (at >= 0) todos[at] = value as unknown as Todo;
      else todos.splice(Math.min(index, todos.length), 0, value as unknown as Todo);
    },
  },
  // The seeded todos were made by an AI client, as the old fixed history said.
  { by: 'mcp:Claude', at: '2026-11-28T13:02:00Z' },
);

// The commands that change records: the journal records them, by actor.
const MUTATING = new Set([
  'add_todo', 'quick_add', 'complete_todo', 'reopen_todo', 'update_todo', 'add_note', 'remove_todo',
  'update_many', 'remove_many', 'rename_tag', 'promote_step', 'snooze_reminder', 'set_today_item',
  'reorder_today', 'plan_todo', 'add_today_task', 'remove_today_task', 'resolve_carried',
  'schedule_todo', 'edit_day', 'set_day_section', 'reorder_tasks', 'restore_day',
  'add_project', 'update_project', 'remove_project',
]);

type Patch = Partial<Omit<Todo, 'reminders' | 'tags' | 'steps' | 'body'>> & { reminders?: string; project?: string } & OrganizePatch;

/** update_todo's change to one todo (update_many applies it to each). */
function updateOne(t: Todo, patch: Patch, now: string): Todo {
  const { when, reminders: text, tags, addTags, removeTags, steps, body, project, ...rest } = patch;
  // Every field is read and checked against the changed todo before anything changes.
  const organized = organizePatch(t, { tags, addTags, removeTags, steps, body });
  if (project !== undefined) rest.category = lists.resolve(project, t.id);
  // The deadline in words ("friday"), as the shell reads it; '' clears it.
  if (typeof rest.due === 'string') rest.due = parseDay(rest.due, TODAY) ?? null;
  const next = text === undefined ? undefined : parseReminders('reminders', text, TODAY);
  if (next !== undefined) checkFor('reminders', next, { ...t, ...rest });
  const wasDone = t.status === 'completed';
  Object.assign(t, rest);
  if (t.status === 'completed' && !wasDone) t.completedAt = now;
  else if (t.status !== 'completed') delete t.completedAt;
  applyOrganize(t, organized);
  t.updatedAt = now;
  if (next !== undefined && next.length > 0) t.reminders = next;
  else if (next !== undefined) delete t.reminders;
  if (when !== undefined) {
    const day = parseDay(when, TODAY);
    if (day === undefined) delete t.when;
    else t.when = day;
  }
  return t;
}

function dayOrNot(words: string): string | undefined {
  try {
    return parseDay(words, TODAY);
  } catch {
    return undefined;
  }
}

function list(q: Record<string, unknown>): {
  items: Todo[];
  total: number;
  today: string;
  repeats: Record<string, string>;
  reminders: Record<string, ReminderView[]>;
} {
  const status = typeof q.status === 'string' ? q.status : 'open';
  const text = typeof q.text === 'string' ? q.text.trim().toLowerCase() : '';
  const prios = Array.isArray(q.priorities) ? (q.priorities as string[]) : [];
  const cats = Array.isArray(q.categories) ? (q.categories as string[]) : [];
  const tags = Array.isArray(q.tags) ? (q.tags as string[]) : [];
  const allTags = q.allTags === true;
  const items = todos.filter(
    (t) =>
      (status === 'all' ||
        (status === 'open' ? t.status !== 'completed' : t.status === status)) &&
      (text === '' || t.content.toLowerCase().includes(text)) &&
      (prios.length === 0 || prios.includes(t.priority)) &&
      (cats.length === 0 || cats.includes(t.category)) &&
      tagsMatch(t, tags, allTags),
  );
  const byId = Object.fromEntries(items.filter((t) => (t.reminders ?? []).length > 0).map((t) => [t.id, views(t)]));
  // As the shell sends it: every field present (the fake has no repeat words to give).
  return { items, total: items.length, today: TODAY, repeats: {}, reminders: byId };
}

function claudeAfter(): string {
  const config = claudeText === null ? {} : (JSON.parse(claudeText) as Record<string, unknown>);
  const servers = (config.mcpServers ?? {}) as Record<string, unknown>;
  servers.valet = { command: '/usr/bin/valet', args: ['mcp'] };
  config.mcpServers = servers;
  return JSON.stringify(config, null, 2);
}

function handle(cmd: string, args: Record<string, unknown>): unknown {
  const answer = planner.handle(cmd, args);
  if (answer !== UNHANDLED) return answer;
  const reminded = reminders.handle(cmd, args);
  if (reminded !== UNHANDLED) return reminded;
  const organized = organize.handle(cmd, args);
  if (organized !== UNHANDLED) return organized;
  const listed = lists.handle(cmd, args);
  if (listed !== UNHANDLED) return listed;
  const now = new Date().toISOString();
  switch (cmd) {
    case 'list_todos':
      return list((args.query ?? {}) as Record<string, unknown>);
    case 'insights':
      return insights.handle(args);
    case 'review':
    case 'write_review':
      return review.handle(cmd, args);
    case 'categories': {
      const counts = new Map<string, number>();
      for (const t of todos) counts.set(t.category, (counts.get(t.category) ?? 0) + 1);
      return [...counts.entries()];
    }
    case 'todo_counts':
      return {
        open: todos.filter((t) => t.status !== 'completed').length,
        inProgress: 0,
        completed: todos.filter((t) => t.status === 'completed').length,
        overdue: 0,
        dueToday: todos.filter((t) => t.due === TODAY).length,
        // The facade's rule for Today's list, as far as the fake's todos need it.
        today: todos.filter(
          (t) => t.status !== 'completed' && ((t.due != null && t.due <= TODAY) || (t.when != null && t.when <= TODAY)),
        ).length,
      };
    case 'add_todo':
    case 'quick_add': {
      const input = (args.input ?? {}) as Record<string, unknown>;
      const quick = quickRemind(typeof args.text === 'string' ? args.text : String(input.content), TODAY);
      const remind = typeof args.remind === 'string' ? parseReminders('reminders', args.remind, TODAY) : quick.reminders;
      const tagged = cmd === 'quick_add' ? quickTags(quick.content) : { content: quick.content, tags: [] };
      const inProject = typeof input.project === 'string' ? { category: lists.resolve(input.project) } : {};
      const todo: Todo = { ...makeTodo(todos.length + 100_000), content: tagged.content, ...inProject, createdAt: now, updatedAt: now };
      if (remind.length > 0) todo.reminders = remind;
      if (tagged.tags.length > 0) todo.tags = tagged.tags;
      todos = [todo, ...todos];
      return todo;
    }
    case 'quick_add_preview': {
      const quick = quickRemind(String(args.text), TODAY);
      const tagged = quickTags(quick.content);
      const said = quick.reminders.length === 0 ? {} : { reminders: quick.reminders, reminderWords: views({ ...makeTodo(0), reminders: quick.reminders }).map((v) => v.words) };
      // Like the shell, tags are absent when the line has none.
      const tags = tagged.tags.length === 0 ? {} : { tags: tagged.tags };
      // A line that is only a day ("friday", "by friday"), as the date picker asks about: the
      // scheduled day (after `by`, the deadline), and no content left.
      const by = /^by\s+/i.exec(tagged.content);
      const day = dayOrNot(tagged.content.slice(by?.[0].length ?? 0));
      if (day !== undefined) return { content: '', priority: null, ...(by === null ? { when: day, due: null } : { due: day }), dueTime: null, duePhrase: tagged.content, ...tags, ...said };
      return { content: tagged.content, priority: null, due: null, dueTime: null, duePhrase: null, ...tags, ...said };
    }
    case 'complete_todo': {
      const t = find(args.id);
      t.status = 'completed';
      t.completedAt = now;
      return t;
    }
    case 'reopen_todo': {
      const t = find(args.id);
      t.status = 'pending';
      delete t.completedAt;
      return t;
    }
    case 'update_todo':
      return updateOne(find(args.id), args.patch as Patch, now);
    case 'update_many': {
      // Every id is found before anything changes; a bad patch on the third todo puts the first
      // two back (the journal's all or none).
      const found = (args.ids as unknown[]).map(find);
      return found.map((t) => updateOne(t, (args.patch ?? {}) as Patch, now));
    }
    case 'remove_many': {
      const found = (args.ids as unknown[]).map(find);
      todos = todos.filter((t) => !found.includes(t));
      return found;
    }
    case 'add_note': {
      const t = find(args.id);
      t.notes.push(String(args.note));
      return t;
    }
    case 'remove_todo': {
      const t = find(args.id);
      todos = todos.filter((x) => x !== t);
      return t;
    }
    case 'new_day_preview':
      return { date: TODAY, previous: null, carryOver: [] };
    case 'new_day':
      return { date: TODAY, previous: null, archived: false, carriedOver: 0 };
    case 'get_settings':
    case 'set_time_zone':
    case 'set_preferences':
    case 'set_storage_profile':
    case 'save_storage_keys':
    case 'forget_storage_keys':
      return settings();
    case 'test_connection':
      return { ok: true, message: 'Local storage needs no connection.' };
    case 'diagnostics':
      return {
        since: '2026-11-28T09:00:00Z',
        operations: [{ layer: 'store', operation: 'mutate', calls: 12, failures: 0, p50Ms: 1.2, p99Ms: 4.5 }],
        sync: { cycles: 0, requests: 0, conflicts: 0, failures: 0 },
        storageBytes: 123456,
        changeLogBytes: 2048,
        records: { todos: 3, plans: 1, journals: 1, archive: 0 },
      };
    case 'mcp_config':
      return JSON.stringify({ mcpServers: { valet: { command: '/usr/bin/valet', args: ['mcp'] } } }, null, 2);
    case 'mcp_http_status':
    case 'set_mcp_http':
    case 'new_mcp_token': {
      if (cmd === 'set_mcp_http') mcpHttp = { enabled: args.enabled === true, port: Number(args.port) };
      if (cmd === 'new_mcp_token') mcpToken = mcpToken.split('').reverse().join('');
      const url = mcpHttp.enabled ? `http://127.0.0.1:${String(mcpHttp.port)}/mcp` : null;
      const headers = { Authorization: `Bearer ${mcpToken}` };
      return {
        enabled: mcpHttp.enabled,
        port: mcpHttp.port,
        running: mcpHttp.enabled,
        url,
        token: mcpHttp.enabled ? mcpToken : null,
        tokenRemembered: true,
        error: null,
        vscode: url === null ? null : JSON.stringify({ servers: { valet: { type: 'http', url, headers } } }, null, 2),
        cursor: url === null ? null : JSON.stringify({ mcpServers: { valet: { url, headers } } }, null, 2),
      };
    }
    case 'claude_desktop_preview':
    case 'add_to_claude_desktop': {
      const path = seed.claude?.path ?? '/home/test/.config/Claude/claude_desktop_config.json';
      const after = claudeAfter();
      const servers = Object.keys((JSON.parse(after) as { mcpServers: Record<string, unknown> }).mcpServers);
      const kept = { keptServers: servers.filter((k) => k !== 'valet'), replaces: claudeText?.includes('"valet"') ?? false };
      if (cmd === 'claude_desktop_preview') return { path, before: claudeText, after, changed: after !== claudeText, ...kept };
      if (args.before !== claudeText) throw { code: 'changed', message: 'the file changed' };
      claudeText = after;
      return { path, before: after, after, changed: false, ...kept };
    }
    case 'save_sync_passphrase':
    case 'forget_sync_passphrase':
      return settings();
    case 'pick_path':
      return null;
    case 'import_legacy':
    case 'import_data': {
      const counts = (n: number): Record<string, number> => ({ read: n, created: args.dryRun === true ? n : n, updated: 0, unchanged: 0, keptNewer: 0 });
      const none = counts(0);
      if (args.path === '' || typeof args.path !== 'string') throw { code: 'invalid', message: 'path: must not be empty; choose a location' };
      return {
        source: args.path, dryRun: args.dryRun, filesRead: 4, todos: counts(2), plans: counts(1), journals: counts(1), archives: none,
        settings: none, profile: none, skipped: [], conflicts: [], warnings: [],
        ...(args.dryRun === true ? {} : { restorePoint: '20261128T090000000Z' }), elapsedMs: 12,
      };
    }
    case 'export_data':
      return { path: args.path, format: args.format, todos: todos.length, plans: 1, journals: 1, archives: 0, files: args.format === 'json' ? 1 : 3, elapsedMs: 5 };
    case 'list_restore_points':
      return restorePoints;
    case 'create_restore_point': {
      const p = { id: `20261128T1000000${String(restorePoints.length)}Z`, createdAt: now, reason: 'from Settings', todos: todos.length, plans: 1, journals: 1, archives: 0 };
      restorePoints = [p, ...restorePoints];
      return p;
    }
    case 'restore_point':
      return { restored: args.id, undoPoint: '20261128T110000000Z', created: 1, updated: 2, deleted: 0, unchanged: 5, settingsRestored: false, profileRestored: false };
    case 'ui_ready':
      return null;
    case 'update_status':
      return null;
    case 'get_update_prefs':
      return updatePrefs;
    case 'set_update_prefs':
      updatePrefs = args.prefs as typeof updatePrefs;
      return updatePrefs;
    case 'check_for_update':
      return { current: '0.1.0', available: '0.2.0', notes: 'Faster search.', date: '2026-11-27 10:00:00.0 +00:00:00', downloaded: false, feed: 'https://releases.valet.dev/stable/latest.json' };
    case 'download_update':
      return { current: '0.1.0', available: '0.2.0', notes: 'Faster search.', date: null, downloaded: true, feed: 'https://releases.valet.dev/stable/latest.json' };
    case 'sync_status':
      return sync;
    case 'sync_now':
      sync = { ...sync, lastSync: now, error: null, needsConfirm: false, pending: 0 };
      return { firstSync: false, sent: 1, received: 2, applied: 2, merged: 0, conflicts: 0, requests: 4, nextSeq: 7, snapshotWritten: false };
    case 'list_conflicts':
      return conflicts;
    case 'resolve_conflict': {
      const found = conflicts.find((c) => c.record === args.record && c.index === args.index);
      if (found === undefined) throw { code: 'not_found', message: 'conflict not found' };
      conflicts = conflicts.filter((c) => c !== found);
      sync = { ...sync, conflicts: conflicts.length };
      return found;
    }
    default:
      throw { code: 'invalid', message: `the browser-test harness has no command ${cmd}` };
  }
}

/** A command as `by` runs it: undo and history from the journal, changes journaled. */
function run(cmd: string, args: Record<string, unknown>, by: string): unknown {
  const failure = failOnce[cmd];
  if (failure !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete
    delete failOnce[cmd];
    throw failure;
  }
  switch (cmd) {
    case 'undo':
      return journal.undo(by);
    case 'redo':
      return journal.redo(by);
    case 'undo_change':
      return journal.undoChange(by, String(args.key), Number(args.rev));
    case 'todo_history':
      return journal.history(String(args.id));
    default:
      return MUTATING.has(cmd) ? journal.record(by, () => handle(cmd, args)) : handle(cmd, args);
  }
}

// Real IPC serialises: the UI gets fresh objects, never the harness's own (which it would then
// see mutated in place, or see unchanged by identity when they were).
function fresh(result: unknown): unknown {
  return result === undefined ? result : (JSON.parse(JSON.stringify(result)) as unknown);
}

function emit(event: string, payload: unknown): void {
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args: unknown) => Promise<unknown> } })
    .__TAURI_INTERNALS__;
  void internals.invoke('plugin:event|emit', { event, payload });
}

mockIPC(
  (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    return fresh(run(cmd, a, 'app'));
  },
  { shouldMockEvents: true },
);

window.__valet = {
  calls,
  get todos() {
    return todos;
  },
  emit,
  as: (by, cmd, args) => {
    const result = fresh(run(cmd, args, by));
    emit('valet://changed', { todos: true, days: true });
    return result;
  },
};
