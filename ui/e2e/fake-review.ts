// The browser-test harness's `review` and `write_review` commands: the week (from Monday) or
// month holding a day, looked back on by the rules of valet-core's review.rs (completed, late,
// missed deadlines, tasks carried within the period, the journal's notes and moods, what is due
// next, the period's insights) over the harness's todos and days; reflections kept in memory.
// harness.ts routes the commands here.
/* eslint-disable @typescript-eslint/only-throw-error */
import type { DayRead } from './fake-insights';
import { addDays, parseDay, type TodoStore } from './fake-planner';

type Period = 'week' | 'month';

const ZONE = 'Europe/Paris';
const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

interface JournalNotes {
  mood?: string | null;
  moodScore?: number | null;
  highlights?: string[];
  challenges?: string[];
  lessons?: string[];
}

function bounds(period: Period, day: string): [string, string] {
  if (period === 'week') {
    const [y, m, d] = day.split('-').map(Number);
    const weekday = (new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay() + 6) % 7;
    const from = addDays(day, -weekday);
    return [from, addDays(from, 6)];
  }
  const from = `${day.slice(0, 7)}-01`;
  const [y, m] = from.split('-').map(Number);
  const last = new Date(Date.UTC(y ?? 0, m ?? 1, 0)).getUTCDate();
  return [from, `${day.slice(0, 7)}-${String(last).padStart(2, '0')}`];
}

export function createReview(
  store: TodoStore,
  today: string,
  days: () => DayRead[],
  insights: (args: Record<string, unknown>) => unknown,
): { handle: (cmd: string, args: Record<string, unknown>) => unknown } {
  const reflections = new Map<string, string>();

  function period(value: unknown): Period {
    if (value == null) return 'week';
    if (value === 'week' || value === 'month') return value;
    throw { code: 'invalid', message: `period: must be week or month; got ${JSON.stringify(value)}` };
  }

  function build(p: Period, date: unknown): unknown {
    const words = typeof date === 'string' ? date : JSON.stringify(date);
    const day = date == null ? today : parseDay(words, today);
    if (day === undefined) throw { code: 'invalid', message: `date: can't read “${words}” as a day` };
    const [from, to] = bounds(p, day);
    const [nextFrom, nextTo] = bounds(p, addDays(to, 1));
    const inRange = (d: string): boolean => d >= from && d <= to;
    const project = (c: string): string | null => (c === 'General' ? null : c);
    const completed = store
      .all()
      .filter((t) => t.status === 'completed' && t.completedAt !== undefined && inRange(localDay.format(new Date(t.completedAt))))
      .map((t) => ({ id: t.id, content: t.content, project: project(t.category), date: localDay.format(new Date(t.completedAt ?? '')), due: t.due }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const late = completed.filter((t) => t.due !== null && t.date > t.due);
    const missed = store
      .all()
      .filter((t) => t.status !== 'completed' && t.due !== null && inRange(t.due) && t.due < today)
      .map((t) => ({ id: t.id, content: t.content, project: project(t.category), date: t.due ?? '', due: t.due }));
    const dueNext = store
      .all()
      .filter((t) => {
        const when = t.due ?? t.when ?? null;
        return t.status !== 'completed' && when !== null && when >= nextFrom && when <= nextTo;
      })
      .map((t) => ({ id: t.id, content: t.content, project: project(t.category), date: t.due ?? t.when ?? '', due: t.due }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const slipped = new Map<string, { text: string; carried: number; last: string; done: boolean }>();
    const notes = { highlights: [] as { date: string; text: string }[], challenges: [] as { date: string; text: string }[], lessons: [] as { date: string; text: string }[] };
    const moods: [string, number | null, string | null][] = [];
    for (const d of [...days()].sort((a, b) => a.date.localeCompare(b.date))) {
      if (!inRange(d.date)) continue;
      const plan = d.plan ?? d.archived?.plan;
      for (const t of plan?.tasks ?? []) {
        if ((t.carried ?? 0) === 0) continue;
        slipped.set(t.text, { text: t.text, carried: t.carried ?? 0, last: d.date, done: t.done });
      }
      const j = (d.journal ?? d.archived?.journal) as JournalNotes | null | undefined;
      if (j == null) continue;
      for (const k of ['highlights', 'challenges', 'lessons'] as const) for (const text of j[k] ?? []) notes[k].push({ date: d.date, text });
      const words = (j.mood ?? '').trim();
      const score = j.moodScore ?? 0;
      if (words !== '' || score > 0) moods.push([d.date, score > 0 ? score : null, words === '' ? null : words]);
    }
    return {
      period: p,
      from,
      to,
      completed,
      late,
      missed,
      slipped: [...slipped.values()].sort((a, b) => b.carried - a.carried),
      ...notes,
      moods,
      dueNext,
      nextFrom,
      nextTo,
      numbers: insights({ from, to, group: 'day' }),
      reflection: reflections.get(`${p}/${from}`) ?? '',
    };
  }

  function handle(cmd: string, args: Record<string, unknown>): unknown {
    const p = period(args.period);
    if (cmd === 'write_review') {
      const built = build(p, args.date) as { from: string };
      const text = typeof args.text === 'string' ? args.text.trim() : '';
      if (text === '') reflections.delete(`${p}/${built.from}`);
      else reflections.set(`${p}/${built.from}`, text);
    }
    return build(p, args.date);
  }

  return { handle };
}
