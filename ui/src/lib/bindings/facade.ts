// Generated from the Rust records by ts-rs (tests/bindings.rs): do not edit by hand.
// Regenerate: VALET_UPDATE_BINDINGS=1 cargo test -p valet-tests --test bindings

export type TodoId = string;

export type ProjectId = string;

export type DayDate = string;

export type TodoStatus = "pending" | "in_progress" | "completed";

export type Priority = "high" | "medium" | "low";

export type Reminder = string;

export type Repeat = { 
/**
 * The RFC 5545 rule without `RRULE:`, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH`.
 */
rule: string, 
/**
 * The next occurrence counts from the day it was completed (Todoist's "every!").
 */
afterDone?: boolean, 
/**
 * The series' first day (DTSTART).
 */
start: string, 
/**
 * The series: the id of its first todo.
 */
series: TodoId, 
/**
 * Completing does not create the next occurrence while paused.
 */
paused?: boolean, };

export type Step = { 
/**
 * Unique within the todo (random, so two devices adding steps never collide).
 */
id: string, text: string, done: boolean, };

export type Todo = { id: TodoId, content: string, status: TodoStatus, priority: Priority, category: string, 
/**
 * The day it is planned for ("when", as Things has it): it shows in Today from that day
 * on until done. Not a deadline.
 */
when?: string, 
/**
 * The deadline's day, if any (the legacy server's `due`).
 */
due: string | null, 
/**
 * The time of day it is due, only with `due`, in the user's zone.
 */
dueTime?: string, notes: Array<string>, createdAt: string, updatedAt: string, completedAt?: string, 
/**
 * How it repeats: completing it creates the next occurrence (see `recurrence`).
 */
repeat?: Repeat, 
/**
 * When to notify (see `reminders`), in their stored words (`30m before`, `09:00`).
 */
reminders?: Array<Reminder>, 
/**
 * Every reminder instant at or before this has been shown, on some device, or was already
 * past when the reminder was set. Sync keeps the later of two.
 */
remindedUntil?: string, 
/**
 * A snoozed reminder comes back at this instant.
 */
snoozedUntil?: string, 
/**
 * Any number of tags (see `organize`).
 */
tags?: Array<string>, 
/**
 * The checklist inside the todo, in order.
 */
steps?: Array<Step>, 
/**
 * Notes as Markdown text, edited as a whole (the dated `notes` log stays as history).
 */
body?: string, };

export type ProjectKind = "project" | "area";

export type Project = { id: ProjectId, name: string, kind: ProjectKind, 
/**
 * The area a project is in (its name); areas are in none.
 */
area?: string, 
/**
 * Markdown notes.
 */
notes?: string, 
/**
 * Position among its siblings (lower first; ties by name).
 */
order: number, deadline?: string, completedAt?: string, archivedAt?: string, createdAt: string, updatedAt: string, };

export type PlanTask = { id: string, text: string, done: boolean, 
/**
 * The day this task was carried over from by "new day", if it was.
 */
carriedFrom?: DayDate, 
/**
 * The todo this task stands for, when it was planned from the list: ticking either
 * completes both.
 */
todo?: TodoId, 
/**
 * How many times "new day" has carried this task over (0 for a task written today).
 */
carried?: number, };

export type DayPlan = { date: DayDate, tasks: Array<PlanTask>, personalReminders: string, ongoingSummary: string, dataStash: string, reflections: string, 
/**
 * Any other named section, in the order it was first written (legacy files carry any name;
 * text of the `tasks` section that is not a checklist item is kept here under `tasks`).
 */
sections?: { [key in string]: string }, keywords?: Array<string>, 
/**
 * The order of the day's joined Today list, as item keys (`todo:<id>`, `task:<id>`);
 * items not named keep their default place (see `planner::join_today`).
 */
order?: Array<string>, 
/**
 * Set once the day has been started (archive of the day before, carry-over), so starting
 * it again by itself does not bring back a carried task someone removed.
 */
started?: boolean, createdAt: string, updatedAt: string, };

export type JournalEntry = { id: string, 
/**
 * Local time of day, `HH:MM`.
 */
time: string, text: string, };

export type JournalDay = { date: DayDate, entries: Array<JournalEntry>, mood?: string, 
/**
 * How the day felt on a scale from 1 (bad) to 5 (great), beside the words of `mood`.
 */
moodScore?: number, highlights: Array<string>, challenges: Array<string>, lessons: Array<string>, reflections: string, personalReminders: string, sections?: { [key in string]: string }, keywords?: Array<string>, createdAt: string, updatedAt: string, };

export type ArchivedDay = { date: DayDate, plan?: DayPlan, journal?: JournalDay, archivedAt: string, };

export type DayFile = "planner" | "journal";

export type RecordKind = "todo" | "plan" | "journal" | "archive" | "project";

export type TodayReason = "overdue" | "due_today" | "scheduled";

export type TodayItem = { "kind": "todo", key: string, reason: TodayReason, todo: Todo, done: boolean, } | { "kind": "task", key: string, task: PlanTask, 
/**
 * The linked todo, when the task has one and it still exists.
 */
todo: Todo | null, done: boolean, };

export type MorningCarried = { text: string, carried: number, };

export type MorningSummary = { date: DayDate, previous: DayDate | null, archived: boolean, carried: Array<MorningCarried>, overdue: number, dueToday: number, scheduled: number, };

export type TodayCounts = { overdue: number, dueToday: number, scheduled: number, tasks: number, done: number, };

export type TodayView = { date: DayDate, items: Array<TodayItem>, plan: DayPlan | null, journal: JournalDay | null, 
/**
 * Only on the call that started the day.
 */
morning: MorningSummary | null, 
/**
 * Tasks carried this many times or more are offered other homes.
 */
nudgeAfter: number, counts: TodayCounts, };

export type UpcomingDay = { date: string, 
/**
 * Open todos scheduled on this day.
 */
scheduled: Array<Todo>, 
/**
 * Open todos whose deadline is this day.
 */
deadlines: Array<Todo>, };

export type UpcomingView = { today: DayDate, days: Array<UpcomingDay>, };

export type CalendarDay = { date: DayDate, plan: boolean, journal: boolean, archived: boolean, 
/**
 * Todos completed that day, in the user's zone.
 */
completed: number, };

export type CalendarView = { 
/**
 * `YYYY-MM`.
 */
month: string, today: DayDate, 
/**
 * Only days with at least one mark.
 */
days: Array<CalendarDay>, };

export type SearchHit = { kind: RecordKind, 
/**
 * The todo id, or the day for plans, journals and archives.
 */
id: string, 
/**
 * The todo's text, or the day written out ("Monday 30 November 2026").
 */
title: string, 
/**
 * Which field or section matched best (`content`, `notes`, `tasks`, `journal.entries`...).
 */
field: string, 
/**
 * The matching text, shortened around the first match, on one line.
 */
snippet: string, 
/**
 * Where the query's words are in `snippet`, as `[start, end)` offsets in UTF-16 code units
 * (what a JavaScript string indexes).
 */
highlights: Array<[number, number]>, 
/**
 * The day, for day hits; a todo's deadline, if it has one.
 */
date?: string, 
/**
 * Todos only.
 */
status?: TodoStatus, 
/**
 * Todos only: the last 8 characters of the id, as lists show it.
 */
shortId?: string, 
/**
 * Higher ranks first.
 */
score: number, };

export type SearchView = { hits: Array<SearchHit>, total: number, };

export type InsightsGroup = "day" | "week" | "month";

export type InsightsBucket = { 
/**
 * The bucket's first day.
 */
start: string, completed: number, 
/**
 * Of the todos completed in the bucket that had a deadline, the share done by it.
 */
onTimeRate: number | null, 
/**
 * The average mood score (1 to 5, one decimal) of the bucket's journaled days that have one.
 */
mood: number | null, };

export type CarriedTask = { text: string, 
/**
 * How many times "new day" carried it over.
 */
carried: number, 
/**
 * The last day it was on a plan.
 */
date: string, };

export type Streaks = { 
/**
 * Days in a row up to today (or yesterday, while today has none yet).
 */
current: number, 
/**
 * The longest run that ended within the range.
 */
longest: number, };

export type Insights = { from: string, to: string, group: InsightsGroup, 
/**
 * Todos completed in the range.
 */
completed: number, 
/**
 * Todos created in the range.
 */
created: number, completions: Array<InsightsBucket>, 
/**
 * Completed todos that had a deadline, and how many of those were done by it.
 */
withDeadline: number, onTime: number, 
/**
 * `on_time / with_deadline`, when any had a deadline.
 */
onTimeRate: number | null, 
/**
 * Median days from creation to completion (one decimal).
 */
medianDaysToComplete: number | null, 
/**
 * Open todos past their deadline today.
 */
overdueNow: number, 
/**
 * Completions by project (the todo's project; "No project" for none), most first.
 */
byProject: Array<[string, number]>, 
/**
 * Completions by tag, most first.
 */
byTag: Array<[string, number]>, 
/**
 * Days in the range with a plan of at least one task, and with a journal.
 */
plannedDays: number, journaledDays: number, 
/**
 * Times a task was carried into a day of the range.
 */
carryOvers: number, carriedLongest: Array<CarriedTask>, planStreak: Streaks, journalStreak: Streaks, 
/**
 * The mood of each journaled day that has one.
 */
moods: Array<[string, string]>, 
/**
 * The mood score (1 to 5) of each journaled day that has one.
 */
moodScores: Array<[string, number]>, 
/**
 * Their average, one decimal.
 */
averageMood: number | null, 
/**
 * Every journaled day of the range (for a calendar heat-map).
 */
journaledDates: Array<string>, };

export type ReviewPeriod = "week" | "month";

export type ReviewTodo = { id: string, content: string, 
/**
 * None for no project.
 */
project: string | null, 
/**
 * Completed: the local day it was done; due next: its deadline or scheduled day.
 */
date: string, 
/**
 * The deadline, when it has one.
 */
due: string | null, };

export type SlippedTask = { text: string, 
/**
 * How many times it was carried over, at most.
 */
carried: number, 
/**
 * The last day of the period it was on a plan.
 */
last: string, 
/**
 * Whether it was done that day.
 */
done: boolean, };

export type DatedNote = { date: string, text: string, };

export type Review = { period: ReviewPeriod, from: string, to: string, 
/**
 * Todos completed in the period, oldest first.
 */
completed: Array<ReviewTodo>, 
/**
 * Of those, done after their deadline.
 */
late: Array<ReviewTodo>, 
/**
 * Open todos whose deadline fell in the period and has passed.
 */
missed: Array<ReviewTodo>, 
/**
 * Plan tasks carried over within the period, most carried first.
 */
slipped: Array<SlippedTask>, highlights: Array<DatedNote>, challenges: Array<DatedNote>, lessons: Array<DatedNote>, 
/**
 * Each journaled day's mood, with its score when it has one.
 */
moods: Array<[string, number | null, string | null]>, 
/**
 * Open todos due or scheduled in the next period, soonest first.
 */
dueNext: Array<ReviewTodo>, nextFrom: string, nextTo: string, 
/**
 * The period's numbers (per day for a week, per week for a month).
 */
numbers: Insights, 
/**
 * The reflection written for the period (empty: none yet).
 */
reflection: string, };

export type PageMark = unknown;

export type TodoPage = { items: Array<Todo>, 
/**
 * How many todos matched in all, across every page.
 */
total: number, 
/**
 * The offset of the next page, when there is one.
 */
nextOffset?: number, 
/**
 * Where this page ended, when there is a next page (stable under concurrent edits).
 */
nextMark?: PageMark, };

export type ProjectSummary = { 
/**
 * Whether it has a record (`false`: only todos name it, as after a legacy import).
 */
stored: boolean, open: number, done: number, id: ProjectId, name: string, kind: ProjectKind, 
/**
 * The area a project is in (its name); areas are in none.
 */
area?: string, 
/**
 * Markdown notes.
 */
notes?: string, 
/**
 * Position among its siblings (lower first; ties by name).
 */
order: number, deadline?: string, completedAt?: string, archivedAt?: string, createdAt: string, updatedAt: string, };

export type TodoCounts = { open: number, inProgress: number, completed: number, overdue: number, dueToday: number, 
/**
 * Open todos on Today's list (overdue, due today, or scheduled on or before today), by
 * the rule Today itself uses (`valet_core::planner::reason`); plan tasks not counted.
 */
today: number, };

export type AuditEntry = { at: string, 
/**
 * The record's key relative to the store (`todos/<id>.json`, `plans/<date>.json`, ...).
 */
key: string, 
/**
 * The record's kind (`todos`, `plans`, `journals`, `archive`) and id (uuid or date).
 */
kind: string, id: string, 
/**
 * The record's revision after this change.
 */
rev: number, 
/**
 * `put` or `delete`.
 */
op: string, 
/**
 * Who: `app`, `cli`, `mcp:<client>`, `sync`, `import`.
 */
by: string, 
/**
 * What changed, in words ("priority medium → high", "completed", "note added");
 * "created" for a new record, empty for a delete or a change logged before Valet kept
 * field changes.
 */
changes: Array<string>, };

export type UndoReport = { 
/**
 * The journaled change that was taken back.
 */
batch: string, 
/**
 * Who made it and when.
 */
by: string, at: string, 
/**
 * The records put back (`todos/<id>.json`).
 */
records: Array<string>, 
/**
 * What could not be put back because it changed since ("todos/<id>.json: content").
 */
kept: Array<string>, };

export type DayView = { date: DayDate, isToday: boolean, plan: DayPlan | null, journal: JournalDay | null, archived: ArchivedDay | null, 
/**
 * Every section with text, plan then journal (the live copy, else the archived one),
 * custom and imported sections included: what a reader of the day should see.
 */
sections: Array<DaySection>, };

export type DaySection = { 
/**
 * `plan` or `journal`.
 */
file: string, name: string, title: string, text: string, };

export type DaySummary = { date: DayDate, hasPlan: boolean, hasJournal: boolean, archived: boolean, openTasks: number, doneTasks: number, journalEntries: number, 
/**
 * Plan sections with text besides tasks (imported days often have only these).
 */
planSections: Array<string>, 
/**
 * Journal sections with text besides entries.
 */
journalSections: Array<string>, };

export type NewDayPreview = { date: DayDate, 
/**
 * The day that would be archived (the most recent earlier day with a plan or journal).
 */
previous: DayDate | null, 
/**
 * Whether an archive record would be written (not when it is already archived unchanged).
 */
wouldArchive: boolean, 
/**
 * Open tasks of that day not already on `date`'s plan: they would be carried over.
 */
carryOver: Array<string>, };

export type NewDayReport = { date: DayDate, 
/**
 * The most recent earlier day with a plan or journal, if any.
 */
previous: DayDate | null, 
/**
 * True only when an archive record was written by this call.
 */
archived: boolean, 
/**
 * Why nothing was archived, when nothing was.
 */
archiveNote?: string, 
/**
 * Open plan tasks copied from the previous day.
 */
carriedOver: number, };

export type ConflictView = { 
/**
 * The record (`todo/<id>`, `plan/<date>`, ...).
 */
record: string, 
/**
 * Its index among the record's conflicts (for `resolve`).
 */
index: number, field: string, 
/**
 * The text the record has now.
 */
current: unknown, 
/**
 * The text that lost the concurrent edit.
 */
other: unknown, otherWritten: string, };

export type Progress = { 
/**
 * `import-legacy`, `import`, `export` or `restore`.
 */
operation: string, 
/**
 * What is happening now, in plain words ("reading the folder", "writing records").
 */
step: string, done: number, total: number, };

export type KindCounts = { read: number, created: number, updated: number, unchanged: number, 
/**
 * Valet's copy was newer than the legacy one and already held all of its text: not written.
 */
keptNewer: number, };

export type ImportSkipped = { path: string, reason: string, };

export type ConflictKept = { 
/**
 * The day (or `profile`).
 */
date: string, 
/**
 * `plan`, `journal`, `archive` or `profile`.
 */
kind: string, 
/**
 * Where the older text now is: a section name such as
 * `conflict: archive copy of reflections`, or a file name.
 */
keptAs: string, 
/**
 * Which copy won and which lost, in words.
 */
detail: string, };

export type ImportWarning = { path: string, message: string, };

export type ImportReport = { source: string, dryRun: boolean, 
/**
 * Files opened and read (including malformed ones, which are also in `skipped`).
 */
filesRead: number, todos: KindCounts, plans: KindCounts, journals: KindCounts, archives: KindCounts, 
/**
 * Projects and areas (JSON imports; a legacy folder's categories stay todos' projects).
 */
projects?: KindCounts, settings: KindCounts, profile: KindCounts, skipped: Array<ImportSkipped>, conflicts: Array<ConflictKept>, warnings: Array<ImportWarning>, 
/**
 * The restore point taken before writing (none on a dry run or when nothing was written).
 */
restorePoint?: string, elapsedMs: number, };

export type ExportFormat = "json" | "markdown";

export type ExportReport = { path: string, format: ExportFormat, todos: number, plans: number, journals: number, archives: number, 
/**
 * Projects and areas.
 */
projects: number, 
/**
 * Files written (1 for json).
 */
files: number, elapsedMs: number, };

export type RestorePoint = { id: string, createdAt: string, reason: string, todos: number, plans: number, journals: number, archives: number, 
/**
 * Blobs this point had to add (0 when nothing changed since the previous point).
 */
newObjects?: number, 
/**
 * Points removed by the retention policy when this one was made.
 */
pruned?: Array<string>, };

export type RestoreReport = { restored: string, 
/**
 * The point taken just before, to undo this restore with.
 */
undoPoint: string, created: number, updated: number, deleted: number, unchanged: number, settingsRestored: boolean, profileRestored: boolean, };

export type ProjectChange = { project: Project, 
/**
 * Todos moved by a rename, completed with the project, or removed with it.
 */
todos: number, 
/**
 * Projects moved by an area's rename or taken out of a removed area.
 */
projects: number, };

export type OperationStats = { 
/**
 * `store` (Valet's read / mutate), or the OpenDAL backend (`fs`, `s3`, `memory`).
 */
layer: string, operation: string, calls: number, failures: number, p50Ms: number, p99Ms: number, };
