// The browser-test harness's planner: Today's joined list, Upcoming, the History calendar, days
// with their sections and the planner settings (search_all: fake-search.ts), in memory, by the
// planner contract's rules (ordering, linked tasks, carried tasks). harness.ts routes commands here.
/* eslint-disable @typescript-eslint/only-throw-error */
import { search } from './fake-search';

export interface Todo {
  id: string;
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
  priority: 'high' | 'medium' | 'low';
  category: string;
  due: string | null;
  dueTime?: string;
  when?: string;
  notes: string[];
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  /** Canonical reminders ("30m before", "09:00"), as the shell stores them. */
  reminders?: string[];
  snoozedUntil?: string;
  tags?: string[];
  steps?: Step[];
  body?: string;
}

export interface Step {
  id: string;
  text: string;
  done: boolean;
}

export interface PlanTask {
  id: string;
  text: string;
  done: boolean;
  carriedFrom?: string;
  todo?: string;
  carried?: number;
}

interface Plan {
  date: string;
  tasks: PlanTask[];
  personalReminders: string;
  ongoingSummary: string;
  dataStash: string;
  reflections: string;
  order?: string[];
  started?: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Journal {
  date: string;
  entries: { id: string; time: string; text: string }[];
  mood?: string;
  moodScore?: number;
  highlights: string[];
  challenges: string[];
  lessons: string[];
  reflections: string;
  createdAt: string;
  updatedAt: string;
}

export interface DaySection {
  file: 'plan' | 'journal';
  name: string;
  title: string;
  text: string;
}

interface Archived {
  date: string;
  plan?: Plan;
  journal?: Journal;
  archivedAt: string;
}

interface DayRecord {
  plan?: Plan;
  journal?: Journal;
  archived?: Archived;
  /** Custom and legacy sections (the real store keeps them in the day's markdown). */
  custom?: DaySection[];
}

/** What a test may seed for the planner. */
export interface PlannerSeed {
  /** Changes to the generated todos, by index (e.g. `{ 1: { when: '2026-11-28' } }`). */
  todoPatches?: Record<number, Partial<Todo>>;
  /** Today's plan tasks. */
  tasks?: PlanTask[];
  /** Other days (replacing the default 2026-11-27). */
  days?: Record<string, { plan?: Partial<Plan>; journal?: Partial<Journal>; archived?: boolean; custom?: DaySection[] }>;
  /** Returned by the first today_view call, as when it started the day. */
  morning?: Record<string, unknown>;
  nudgeAfter?: number;
}

export interface TodoStore {
  all: () => Todo[];
  add: (content: string, extra?: Partial<Todo>) => Todo;
  find: (id: unknown) => Todo;
  remove: (id: string) => void;
}

export const UNHANDLED = Symbol('unhandled');

const STAMP = '2026-11-27T21:00:00Z';

export function addDays(key: string, days: number): string {
  const [y, m, d] = key.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

function plan(date: string, from: Partial<Plan> = {}): Plan {
  return { date, tasks: [], personalReminders: '', ongoingSummary: '', dataStash: '', reflections: '', createdAt: STAMP, updatedAt: STAMP, ...from };
}

function journal(date: string, from: Partial<Journal> = {}): Journal {
  return { date, entries: [], highlights: [], challenges: [], lessons: [], reflections: '', createdAt: STAMP, updatedAt: STAMP, ...from };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Words or a date as a day, as the shell's parser reads the common ones; '' is "no day". */
export function parseDay(words: string, today: string): string | undefined {
  const w = words.trim().toLowerCase();
  if (w === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(w)) return w;
  if (w === 'today') return today;
  if (w === 'tomorrow') return addDays(today, 1);
  const inN = /^in (\d+) (day|days|week|weeks)$/.exec(w);
  if (inN !== null) return addDays(today, Number(inN[1]) * (inN[2]?.startsWith('week') === true ? 7 : 1));
  const wd = WEEKDAYS.indexOf(w.replace(/^next /, ''));
  if (wd >= 0) {
    const [y, m, d] = today.split('-').map(Number);
    const now = (new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay() + 6) % 7;
    return addDays(today, ((wd - now + 7) % 7) || 7);
  }
  throw { code: 'invalid', message: `when: can't read “${words}” as a day; try tomorrow, friday, in 2 weeks or 2026-12-24` };
}

function taskLines(tasks: PlanTask[]): string {
  return tasks.map((t) => `- [${t.done ? 'x' : ' '}] ${t.text}`).join('\n');
}

function planSections(p: Plan | undefined): DaySection[] {
  if (p === undefined) return [];
  const s = (name: string, title: string, text: string): DaySection => ({ file: 'plan', name, title, text });
  return [
    s('tasks', 'Tasks', taskLines(p.tasks)),
    s('personal_reminders', 'Reminders', p.personalReminders),
    s('ongoing_summary', 'Ongoing summary', p.ongoingSummary),
    s('data_stash', 'Data stash', p.dataStash),
    s('reflections', 'Reflections', p.reflections),
  ];
}

function journalSections(j: Journal | undefined): DaySection[] {
  if (j === undefined) return [];
  const s = (name: string, title: string, text: string): DaySection => ({ file: 'journal', name, title, text });
  const list = (items: string[]): string => items.map((i) => `- ${i}`).join('\n');
  return [
    s('entries', 'Entries', j.entries.map((e) => `- ${e.time} ${e.text}`).join('\n')),
    s('mood', 'Mood', j.mood ?? ''),
    s('highlights', 'Highlights', list(j.highlights)),
    s('challenges', 'Challenges', list(j.challenges)),
    s('lessons', 'Lessons', list(j.lessons)),
    s('reflections', 'Reflections', j.reflections),
  ];
}

export interface PlannerPrefs {
  dayStartsAt: string;
  nudgeAfter: number;
}

/** The planner's command handler and its settings (`planner` in get_settings). `settings` is the
 *  harness's SettingsView, which set_planner_prefs returns. */
export function createPlanner(
  seed: PlannerSeed,
  today: string,
  store: TodoStore,
  settings: () => Record<string, unknown>,
): {
  handle: (cmd: string, args: Record<string, unknown>) => unknown;
  prefs: () => PlannerPrefs;
  /** The days' plans and journals as records (`plans/<date>.json`), for the undo journal. */
  records: () => [string, unknown][];
  /** Writes one of those records back (null removes it). */
  put: (key: string, value: unknown) => void;
} {
  const days = new Map<string, DayRecord>();
  const seededDays = seed.days ?? {
    [addDays(today, -1)]: {
      plan: { tasks: [{ id: 'y1', text: 'Send the invoice', done: true }, { id: 'y2', text: 'Book the dentist', done: false }] },
      journal: { entries: [{ id: 'e1', time: '18:30', text: 'A quiet, good day.' }] },
      archived: true,
    },
  };
  for (const [date, d] of Object.entries(seededDays)) {
    const rec: DayRecord = {};
    if (d.plan !== undefined) rec.plan = plan(date, d.plan);
    if (d.journal !== undefined) rec.journal = journal(date, d.journal);
    if (d.custom !== undefined) rec.custom = d.custom;
    if (d.archived === true) {
      rec.archived = { date, archivedAt: `${addDays(date, 1)}T04:00:00Z`, ...(rec.plan ? { plan: rec.plan } : {}), ...(rec.journal ? { journal: rec.journal } : {}) };
    }
    days.set(date, rec);
  }
  if (seed.tasks !== undefined) days.set(today, { plan: plan(today, { tasks: seed.tasks, started: true }) });
  let morning = seed.morning ?? null;
  let prefs: PlannerPrefs = { dayStartsAt: '04:00', nudgeAfter: seed.nudgeAfter ?? 3 };
  let nextTask = 1;

  const record = (date: string): DayRecord => {
    let rec = days.get(date);
    if (rec === undefined) {
      rec = {};
      days.set(date, rec);
    }
    return rec;
  };
  const planOf = (date: string): Plan => {
    const rec = record(date);
    rec.plan ??= plan(date);
    return rec.plan;
  };
  const journalOf = (date: string): Journal => {
    const rec = record(date);
    rec.journal ??= journal(date);
    return rec.journal;
  };
  const done = (t: Todo): boolean => t.status === 'completed';

  function sections(date: string): DaySection[] {
    const rec = days.get(date);
    if (rec === undefined) return [];
    const live = rec.plan !== undefined || rec.journal !== undefined;
    const p = live ? rec.plan : rec.archived?.plan;
    const j = live ? rec.journal : rec.archived?.journal;
    const all = [...planSections(p), ...(rec.custom ?? []).filter((c) => c.file === 'plan'), ...journalSections(j), ...(rec.custom ?? []).filter((c) => c.file === 'journal')];
    return all.filter((s) => s.text.trim() !== '');
  }

  function dayView(date: unknown): Record<string, unknown> {
    const d = typeof date === 'string' && date !== '' ? date : today;
    const rec = days.get(d) ?? {};
    return { date: d, isToday: d === today, plan: rec.plan ?? null, journal: rec.journal ?? null, archived: rec.archived ?? null, sections: sections(d) };
  }

  function taskItem(task: PlanTask): Record<string, unknown> {
    const todo = task.todo === undefined ? null : (store.all().find((t) => t.id === task.todo) ?? null);
    return { kind: 'task', key: `task:${task.id}`, task, todo, done: todo === null ? task.done : done(todo) };
  }

  /** The contract's default order, then the person's order (`plan.order`) over it. */
  function todayView(): Record<string, unknown> {
    const p = days.get(today)?.plan;
    const tasks = p?.tasks ?? [];
    const linked = new Map(tasks.filter((t) => t.todo !== undefined).map((t) => [t.todo, t]));
    const rows: Record<string, unknown>[] = [];
    const placed = new Set<string>();
    const counts = { overdue: 0, dueToday: 0, scheduled: 0, tasks: tasks.length, done: 0 };
    const add = (t: Todo, reason: 'overdue' | 'due_today' | 'scheduled'): void => {
      if (placed.has(t.id)) return;
      placed.add(t.id);
      counts[reason === 'due_today' ? 'dueToday' : reason] += 1;
      const task = linked.get(t.id);
      if (task !== undefined) {
        placed.add(`task:${task.id}`);
        rows.push(taskItem(task));
      } else rows.push({ kind: 'todo', key: `todo:${t.id}`, reason, todo: t, done: done(t) });
    };
    const todos = store.all();
    for (const t of todos) if (t.due !== null && t.due < today && !done(t)) add(t, 'overdue');
    for (const t of todos) if (t.due === today) add(t, 'due_today');
    for (const t of todos) if (t.when !== undefined && t.when <= today && !done(t)) add(t, 'scheduled');
    for (const task of tasks) if (!placed.has(`task:${task.id}`)) rows.push(taskItem(task));
    const order = p?.order ?? [];
    const rank = (key: unknown): number => {
      const i = order.indexOf(String(key));
      return i < 0 ? order.length : i;
    };
    const items = rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r.key) - rank(b.r.key) || a.i - b.i).map((x) => x.r);
    counts.done = items.filter((i) => i.done === true).length;
    const view = { date: today, items, plan: p ?? null, journal: days.get(today)?.journal ?? null, morning, nudgeAfter: prefs.nudgeAfter, counts };
    morning = null;
    return view;
  }

  function task(id: unknown): PlanTask {
    const t = days.get(today)?.plan?.tasks.find((x) => x.id === id);
    if (t === undefined) throw { code: 'not_found', message: `task not found: ${String(id)}` };
    return t;
  }

  function newTask(text: string, extra: Partial<PlanTask> = {}): PlanTask {
    // Ids never seen before, as the store's are (seeded tasks use short ones like `t1`).
    const t: PlanTask = { id: `task-${String(nextTask++)}`, text, done: false, ...extra };
    planOf(today).tasks.push(t);
    return t;
  }

  function removeTask(id: string): void {
    const p = planOf(today);
    p.tasks = p.tasks.filter((t) => t.id !== id);
    if (p.order !== undefined) p.order = p.order.filter((k) => k !== `task:${id}`);
  }

  function setDone(t: Todo, value: boolean): void {
    t.status = value ? 'completed' : 'pending';
    if (value) t.completedAt = new Date().toISOString();
    else delete t.completedAt;
  }

  function upcoming(n: number): Record<string, unknown> {
    const open = store.all().filter((t) => !done(t));
    const out = [];
    for (let i = 0; i < n; i += 1) {
      const date = addDays(today, i);
      out.push({
        date,
        scheduled: open.filter((t) => t.when === date || (i === 0 && t.when !== undefined && t.when < today)),
        deadlines: open.filter((t) => t.due === date),
      });
    }
    return { today, days: out };
  }

  function calendar(month: string): Record<string, unknown> {
    const marks = new Map<string, { date: string; plan: boolean; journal: boolean; archived: boolean; completed: number }>();
    const mark = (date: string) => {
      let m = marks.get(date);
      if (m === undefined) {
        m = { date, plan: false, journal: false, archived: false, completed: 0 };
        marks.set(date, m);
      }
      return m;
    };
    for (const [date, rec] of days) {
      if (!date.startsWith(month)) continue;
      if (rec.plan !== undefined || rec.archived?.plan !== undefined) mark(date).plan = true;
      if (rec.journal !== undefined || rec.archived?.journal !== undefined) mark(date).journal = true;
      if (rec.archived !== undefined) mark(date).archived = true;
    }
    for (const t of store.all()) {
      const at = t.completedAt?.slice(0, 10);
      if (at?.startsWith(month) === true) mark(at).completed += 1;
    }
    return { month, today, days: [...marks.values()].sort((a, b) => a.date.localeCompare(b.date)) };
  }

  function editDay(date: string, edit: Record<string, unknown>): void {
    const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);
    for (const text of list(edit.addTasks)) {
      if (date === today) newTask(text);
      else planOf(date).tasks.push({ id: `d${String(nextTask++)}`, text, done: false });
    }
    for (const s of (edit.setTasks ?? []) as { id: string; done: boolean }[]) {
      const t = planOf(date).tasks.find((x) => x.id === s.id);
      if (t !== undefined) t.done = s.done;
    }
    for (const id of list(edit.removeTasks)) planOf(date).tasks = planOf(date).tasks.filter((t) => t.id !== id);
    if (typeof edit.journalEntry === 'string') {
      const now = new Date();
      const time = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
      journalOf(date).entries.push({ id: `e${String(nextTask++)}`, time, text: edit.journalEntry });
    }
    if (typeof edit.mood === 'string') journalOf(date).mood = edit.mood;
    if (typeof edit.moodScore === 'number') {
      if (edit.moodScore < 0 || edit.moodScore > 5) throw { code: 'invalid', message: 'moodScore: must be 1 to 5 (0 clears it)' };
      const j = journalOf(date);
      if (edit.moodScore === 0) delete j.moodScore;
      else j.moodScore = edit.moodScore;
    }
    for (const k of ['highlights', 'challenges', 'lessons'] as const) if (edit[k] !== undefined) journalOf(date)[k].push(...list(edit[k]));
  }

  const PLAN_FIELDS: Record<string, 'personalReminders' | 'ongoingSummary' | 'dataStash' | 'reflections'> = {
    personal_reminders: 'personalReminders',
    ongoing_summary: 'ongoingSummary',
    data_stash: 'dataStash',
    reflections: 'reflections',
  };

  /** Answers a planner or day command, or UNHANDLED for the others. */
  function handle(cmd: string, args: Record<string, unknown>): unknown {
    const date = typeof args.date === 'string' && args.date !== '' ? args.date : today;
    switch (cmd) {
      case 'today_view':
        planOf(today).started = true;
        return todayView();
      case 'set_today_item': {
        const key = String(args.key);
        const value = args.done === true;
        if (key.startsWith('todo:')) setDone(store.find(key.slice(5)), value);
        else {
          const t = task(key.slice(5));
          t.done = value;
          if (t.todo !== undefined) setDone(store.find(t.todo), value);
        }
        return todayView();
      }
      case 'reorder_today':
        planOf(today).order = (args.keys as string[]).map(String);
        return todayView();
      case 'plan_todo': {
        const t = store.find(args.id);
        if (!planOf(today).tasks.some((x) => x.todo === t.id)) newTask(t.content, { todo: t.id, done: done(t) });
        return todayView();
      }
      case 'add_today_task': {
        const text = String(args.text).trim();
        if (text === '') throw { code: 'invalid', message: 'text: must not be empty' };
        newTask(text);
        return todayView();
      }
      case 'remove_today_task':
        removeTask(task(args.id).id);
        return todayView();
      case 'resolve_carried': {
        const t = task(args.id);
        if (args.action === 'drop') removeTask(t.id);
        else if (args.action === 'todo') t.todo = store.add(t.text).id;
        else if (args.action === 'later') {
          const when = parseDay(typeof args.when === 'string' ? args.when : 'tomorrow', today);
          store.add(t.text, when === undefined ? {} : { when });
          removeTask(t.id);
        } else throw { code: 'invalid', message: `action: must be drop, todo or later; got ${String(args.action)}` };
        return todayView();
      }
      case 'schedule_todo': {
        const t = store.find(args.id);
        const when = parseDay(String(args.when), today);
        if (when === undefined) delete t.when;
        else t.when = when;
        return t;
      }
      case 'upcoming':
        return upcoming(typeof args.days === 'number' ? args.days : 14);
      case 'calendar':
        return calendar(String(args.month));
      case 'search_all':
        return search(
          (args.query ?? {}) as Record<string, unknown>,
          store.all(),
          [...days].map(([date, rec]) => ({ date, live: rec.plan !== undefined || rec.journal !== undefined, sections: sections(date) })),
        );
      case 'set_planner_prefs': {
        const n = Number(args.nudgeAfter);
        const at = String(args.dayStartsAt);
        if (!/^\d{2}:\d{2}$/.test(at) || at > '12:00') throw { code: 'invalid', message: 'dayStartsAt: must be HH:MM from 00:00 to 12:00' };
        if (!Number.isInteger(n) || n < 1) throw { code: 'invalid', message: 'nudgeAfter: must be a whole number from 1' };
        prefs = { dayStartsAt: String(args.dayStartsAt), nudgeAfter: n };
        return settings();
      }
      case 'get_day':
        return dayView(date);
      case 'edit_day':
        editDay(date, (args.edit ?? {}) as Record<string, unknown>);
        return dayView(date);
      case 'set_day_section': {
        const field = PLAN_FIELDS[String(args.section)];
        if (args.file === 'journal') journalOf(date).reflections = String(args.content);
        else if (field !== undefined) planOf(date)[field] = String(args.content);
        else throw { code: 'invalid', message: `section: unknown ${String(args.section)}` };
        return dayView(date);
      }
      case 'reorder_tasks': {
        const p = planOf(date);
        const ids = args.ids as string[];
        p.tasks = ids.flatMap((id) => p.tasks.filter((t) => t.id === id));
        return dayView(date);
      }
      case 'restore_day': {
        const rec = record(date);
        if (rec.archived === undefined) throw { code: 'not_found', message: `no archived copy of ${date}` };
        if (args.asToday === true) {
          // As the facade does: the archived day's open tasks go onto today's plan, carried.
          const to = planOf(today);
          for (const t of rec.archived.plan?.tasks ?? []) {
            if (!t.done && !to.tasks.some((x) => x.text === t.text)) {
              to.tasks.push({ ...structuredClone(t), id: `${t.id}-again`, carriedFrom: date, carried: (t.carried ?? 0) + 1 });
            }
          }
          return dayView(today);
        }
        if (rec.archived.plan !== undefined) rec.plan = structuredClone(rec.archived.plan);
        if (rec.archived.journal !== undefined) rec.journal = structuredClone(rec.archived.journal);
        return dayView(date);
      }
      case 'list_days':
        return [...days]
          .filter(([, r]) => r.plan !== undefined || r.journal !== undefined || r.archived !== undefined)
          .map(([d, r]) => ({
            date: d,
            hasPlan: r.plan !== undefined,
            hasJournal: r.journal !== undefined,
            archived: r.archived !== undefined,
            openTasks: r.plan?.tasks.filter((t) => !t.done).length ?? 0,
            doneTasks: r.plan?.tasks.filter((t) => t.done).length ?? 0,
            journalEntries: r.journal?.entries.length ?? 0,
          }));
      default:
        return UNHANDLED;
    }
  }

  function records(): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const [date, rec] of days) {
      if (rec.plan !== undefined) out.push([`plans/${date}.json`, rec.plan]);
      if (rec.journal !== undefined) out.push([`journals/${date}.json`, rec.journal]);
    }
    return out;
  }

  function put(key: string, value: unknown): void {
    const m = /^(plans|journals)\/(.+)\.json$/.exec(key);
    if (m === null) return;
    const rec = record(m[2] ?? '');
    if (m[1] === 'plans') {
      if (value === null) delete rec.plan;
      else rec.plan = value as Plan;
    } else if (value === null) delete rec.journal;
    else rec.journal = value as Journal;
  }

  return { handle, prefs: () => prefs, records, put };
}
