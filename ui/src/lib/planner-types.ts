// The planner's records over IPC (today_view, upcoming, calendar, search_all), as serde writes
// them (camelCase). Re-exported by types.ts: import them from there.
import type { DayPlan, JournalDay, PlanTask, Todo } from './types';

/** Why a todo is on Today. */
export type TodayReason = 'overdue' | 'due_today' | 'scheduled';

/** One row of Today's joined list. `done` is the truth to show (a linked task's is its todo's). */
export type TodayItem =
  | { kind: 'todo'; key: string; reason: TodayReason; todo: Todo; done: boolean }
  | { kind: 'task'; key: string; task: PlanTask; todo: Todo | null; done: boolean };

/** What starting the day did (only on the call that started it). */
export interface MorningSummary {
  date: string;
  previous: string | null;
  archived: boolean;
  carried: { text: string; carried: number }[];
  overdue: number;
  dueToday: number;
  scheduled: number;
}

export interface TodayCounts {
  overdue: number;
  dueToday: number;
  scheduled: number;
  tasks: number;
  done: number;
}

export interface TodayView {
  date: string;
  items: TodayItem[];
  plan: DayPlan | null;
  journal: JournalDay | null;
  morning: MorningSummary | null;
  nudgeAfter: number;
  counts: TodayCounts;
}

export type CarriedAction = 'drop' | 'todo' | 'later';

export interface UpcomingDay {
  date: string;
  scheduled: Todo[];
  deadlines: Todo[];
}

export interface UpcomingView {
  today: string;
  /** `days[0]` is today; every day of the range is there, empty ones too. */
  days: UpcomingDay[];
}

export interface CalendarDay {
  date: string;
  plan: boolean;
  journal: boolean;
  archived: boolean;
  completed: number;
}

export interface CalendarView {
  /** `YYYY-MM`. */
  month: string;
  today: string;
  /** Only the days with at least one mark. */
  days: CalendarDay[];
}

export type SearchKind = 'todo' | 'plan' | 'journal' | 'archive';

export interface SearchQuery {
  text: string;
  kinds?: SearchKind[];
  from?: string;
  to?: string;
  limit?: number;
}

export interface SearchHit {
  kind: SearchKind;
  /** The todo's uuid, or the date for a day hit (one hit per day). */
  id: string;
  title: string;
  field: string;
  snippet: string;
  /** `[start, end)` in UTF-16 code units of `snippet` (JavaScript string indices). */
  highlights: [number, number][];
  date?: string;
  status?: string;
  shortId?: string;
}

export interface SearchView {
  hits: SearchHit[];
  total: number;
}

// ----- insights (valet_core::insights::Insights) -----
export type InsightsGroup = 'day' | 'week' | 'month';

export interface InsightsBucket {
  /** The bucket's first day (YYYY-MM-DD). */
  start: string;
  completed: number;
  /** Of the bucket's completions with a deadline, the share done by it (0..1); null: none had one. */
  onTimeRate: number | null;
  /** The bucket's average mood score (1..5); null when no day in it has one. */
  mood: number | null;
}

export interface CarriedTask {
  text: string;
  carried: number;
  /** The last day it was carried into. */
  date: string;
}

export interface Streaks {
  /** Days in a row up to today (or yesterday, while today has none yet). */
  current: number;
  /** The longest run that ended within the range. */
  longest: number;
}

export interface Insights {
  from: string;
  to: string;
  group: InsightsGroup;
  completed: number;
  created: number;
  completions: InsightsBucket[];
  withDeadline: number;
  onTime: number;
  /** onTime / withDeadline (0..1), null when none had a deadline. */
  onTimeRate: number | null;
  medianDaysToComplete: number | null;
  overdueNow: number;
  /** [project name ("No project" for none), completions], most first. */
  byProject: [string, number][];
  byTag: [string, number][];
  plannedDays: number;
  journaledDays: number;
  carryOvers: number;
  carriedLongest: CarriedTask[];
  planStreak: Streaks;
  journalStreak: Streaks;
  /** [date, mood] of each journaled day that has one. */
  moods: [string, string][];
  /** [date, score 1..5] of each journaled day that has a mood score. */
  moodScores: [string, number][];
  averageMood: number | null;
  /** Every journaled day in the range (YYYY-MM-DD). */
  journaledDates: string[];
}

// ----- review (valet_core::review::Review) -----
export type ReviewPeriod = 'week' | 'month';

export interface ReviewTodo {
  id: string;
  content: string;
  project: string | null;
  date: string;
  due: string | null;
}

export interface SlippedTask {
  text: string;
  carried: number;
  /** The last day it was carried into. */
  last: string;
  done: boolean;
}

export interface DatedNote {
  date: string;
  text: string;
}

export interface Review {
  period: ReviewPeriod;
  from: string;
  to: string;
  completed: ReviewTodo[];
  /** Completed after their deadline. */
  late: ReviewTodo[];
  /** Deadlines in the period still open. */
  missed: ReviewTodo[];
  slipped: SlippedTask[];
  highlights: DatedNote[];
  challenges: DatedNote[];
  lessons: DatedNote[];
  /** [date, score 1..5 or null, mood words or null] of each day with a mood. */
  moods: [string, number | null, string | null][];
  /** Due in the next period. */
  dueNext: ReviewTodo[];
  nextFrom: string;
  nextTo: string;
  numbers: Insights;
  /** The person's own reflection on the period (Markdown); '' when none. */
  reflection: string;
}
