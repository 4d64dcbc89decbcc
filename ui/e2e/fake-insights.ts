// The browser-test harness's `insights` command: computed from the harness's todos and days by
// the rules of valet-core's insights.rs (completions bucketed by day, week from Monday or month;
// on time when done by the deadline's day; the median days to complete; plans and journals, live
// over archived; carry-overs; streaks; moods), so a test can seed data and check the view's
// numbers against what the shell would say. harness.ts routes the command here.
/* eslint-disable @typescript-eslint/only-throw-error */
import { addDays, type PlanTask, type TodoStore } from './fake-planner';

/** A day as get_day answers it (the parts insights reads). */
export interface DayRead {
  date: string;
  plan: { tasks: PlanTask[] } | null;
  journal: JournalRead | null;
  archived: { plan?: { tasks: PlanTask[] }; journal?: JournalRead } | null;
}

interface JournalRead {
  entries: unknown[];
  mood?: string | null;
  moodScore?: number | null;
  highlights: string[];
  challenges: string[];
  lessons: string[];
  reflections: string;
}

type Group = 'day' | 'week' | 'month';

// The harness's settings say Europe/Paris: dates are local dates there, as the shell's are.
const ZONE = 'Europe/Paris';
const MAX_RANGE_DAYS = 3660;
const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

function local(iso: string): string {
  return localDay.format(new Date(iso));
}

function dayNumber(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000;
}

/** YYYY-MM-DD, today, or "N days/weeks ago" (the words the tests use; the shell reads more). */
function parseDate(field: string, text: unknown, today: string): string {
  const w = String(text).trim().toLowerCase();
  if (/^\d{4}-\d{2}-\d{2}$/.test(w)) return w;
  if (w === 'today') return today;
  const ago = /^(\d+) (day|days|week|weeks) ago$/.exec(w);
  if (ago !== null) return addDays(today, -Number(ago[1]) * (ago[2]?.startsWith('week') === true ? 7 : 1));
  throw { code: 'invalid', message: `${field}: can't read “${String(text)}” as a day` };
}

function parseGroup(value: unknown): Group {
  if (value === null || value === undefined) return 'day';
  const g = typeof value === 'string' ? value.trim().toLowerCase() : JSON.stringify(value);
  if (g === 'day' || g === 'week' || g === 'month') return g;
  throw { code: 'invalid', message: `group: must be day, week or month; got "${g}"` };
}

function bucketStart(group: Group, d: string): string {
  if (group === 'day') return d;
  if (group === 'month') return `${d.slice(0, 7)}-01`;
  const weekday = (new Date(dayNumber(d) * 86_400_000).getUTCDay() + 6) % 7;
  return addDays(d, -weekday);
}

function nextBucket(group: Group, d: string): string {
  if (group === 'day') return addDays(d, 1);
  if (group === 'week') return addDays(d, 7);
  const [y, m] = d.split('-').map(Number);
  const index = (y ?? 0) * 12 + (m ?? 1);
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function top(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

function journalEmpty(j: JournalRead): boolean {
  return (
    j.entries.length === 0 &&
    (j.mood ?? '').trim() === '' &&
    (j.moodScore ?? 0) === 0 &&
    j.highlights.length === 0 &&
    j.challenges.length === 0 &&
    j.lessons.length === 0 &&
    j.reflections.trim() === ''
  );
}

function streaks(days: Set<string>, from: string, to: string, today: string): { current: number; longest: number } {
  let current = 0;
  for (let d = days.has(today) ? today : addDays(today, -1); days.has(d); d = addDays(d, -1)) current += 1;
  let longest = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of [...days].filter((x) => x <= to).sort()) {
    run = prev !== null && dayNumber(d) - dayNumber(prev) === 1 ? run + 1 : 1;
    prev = d;
    if (d >= from) longest = Math.max(longest, run);
  }
  return { current, longest };
}

/** The insights command over the store's todos and the days `days` reads. */
export function createInsights(store: TodoStore, today: string, days: () => DayRead[]): { handle: (args: Record<string, unknown>) => unknown } {
  function handle(args: Record<string, unknown>): unknown {
    const group = parseGroup(args.group);
    const to = args.to == null ? today : parseDate('to', args.to, today);
    const from = args.from == null ? addDays(to, -29) : parseDate('from', args.from, today);
    if (from > to) throw { code: 'invalid', message: `from: must be on or before to (${to}); got ${from}` };
    if (dayNumber(to) - dayNumber(from) >= MAX_RANGE_DAYS) throw { code: 'invalid', message: `from: the range may cover at most ${String(MAX_RANGE_DAYS)} days` };
    const inRange = (d: string): boolean => d >= from && d <= to;

    const buckets = new Map<string, number>();
    for (let b = bucketStart(group, from); b <= to; b = nextBucket(group, b)) buckets.set(b, 0);
    const deadlines = new Map<string, [number, number]>();
    let completed = 0;
    let created = 0;
    let withDeadline = 0;
    let onTime = 0;
    let overdueNow = 0;
    const durations: number[] = [];
    const byProject = new Map<string, number>();
    const byTag = new Map<string, number>();
    for (const t of store.all()) {
      if (inRange(local(t.createdAt))) created += 1;
      if (t.status !== 'completed') {
        if (t.due !== null && t.due < today) overdueNow += 1;
        continue;
      }
      if (t.completedAt === undefined) continue;
      const day = local(t.completedAt);
      if (!inRange(day)) continue;
      completed += 1;
      const b = bucketStart(group, day);
      buckets.set(b, (buckets.get(b) ?? 0) + 1);
      if (t.due !== null) {
        withDeadline += 1;
        if (day <= t.due) onTime += 1;
        const dl = deadlines.get(b) ?? [0, 0];
        deadlines.set(b, [dl[0] + 1, dl[1] + (day <= t.due ? 1 : 0)]);
      }
      const minutes = Math.trunc((Date.parse(t.completedAt) - Date.parse(t.createdAt)) / 60_000);
      durations.push(Math.max(0, minutes) / 1440);
      const project = t.category === 'General' ? 'No project' : t.category;
      byProject.set(project, (byProject.get(project) ?? 0) + 1);
      for (const tag of t.tags ?? []) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
    }
    durations.sort((a, b) => a - b);
    let median: number | null = null;
    if (durations.length > 0) {
      const m = Math.floor(durations.length / 2);
      const v = durations.length % 2 === 0 ? ((durations[m - 1] ?? 0) + (durations[m] ?? 0)) / 2 : (durations[m] ?? 0);
      median = Math.round(v * 10) / 10;
    }

    // A day's plan and journal: the live one, else the archived copy.
    const plans = new Map<string, { tasks: PlanTask[] }>();
    const journals = new Map<string, JournalRead>();
    for (const d of days()) {
      const plan = d.plan ?? d.archived?.plan;
      const journal = d.journal ?? d.archived?.journal;
      if (plan !== undefined) plans.set(d.date, plan);
      if (journal !== undefined) journals.set(d.date, journal);
    }
    const planned = new Set([...plans].filter(([, p]) => p.tasks.length > 0).map(([d]) => d));
    const journaled = new Set([...journals].filter(([, j]) => !journalEmpty(j)).map(([d]) => d));
    let carryOvers = 0;
    const longest = new Map<string, { text: string; carried: number; date: string }>();
    for (const [date, p] of [...plans].filter(([d]) => inRange(d)).sort((a, b) => a[0].localeCompare(b[0]))) {
      for (const t of p.tasks) {
        const carried = t.carried ?? 0;
        if (carried === 0) continue;
        carryOvers += 1;
        const e = longest.get(t.text) ?? { text: t.text, carried: 0, date };
        if (carried >= e.carried) {
          e.carried = carried;
          e.date = date;
        }
        longest.set(t.text, e);
      }
    }
    const carriedLongest = [...longest.values()]
      .sort((a, b) => b.carried - a.carried || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .slice(0, 5);
    const moods = [...journals]
      .filter(([d, j]) => inRange(d) && j.mood != null)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([d, j]) => [d, j.mood ?? ''] as [string, string]);
    const moodScores = [...journals]
      .filter(([d, j]) => inRange(d) && (j.moodScore ?? 0) > 0)
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([d, j]) => [d, j.moodScore ?? 0] as [string, number]);
    const avg = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10);
    const moodOf = (b: string): number | null => avg(moodScores.filter(([d]) => bucketStart(group, d) === b).map(([, s]) => s));

    return {
      from,
      to,
      group,
      completed,
      created,
      completions: [...buckets.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([start, n]) => {
        const dl = deadlines.get(start);
        return { start, completed: n, onTimeRate: dl === undefined ? null : dl[1] / dl[0], mood: moodOf(start) };
      }),
      withDeadline,
      onTime,
      onTimeRate: withDeadline > 0 ? onTime / withDeadline : null,
      medianDaysToComplete: median,
      overdueNow,
      byProject: top(byProject, 10),
      byTag: top(byTag, 10),
      plannedDays: [...planned].filter(inRange).length,
      journaledDays: [...journaled].filter(inRange).length,
      carryOvers,
      carriedLongest,
      planStreak: streaks(planned, from, to, today),
      journalStreak: streaks(journaled, from, to, today),
      moods,
      moodScores,
      averageMood: avg(moodScores.map(([, s]) => s)),
      journaledDates: [...journaled].filter(inRange).sort(),
    };
  }

  return { handle };
}
