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
