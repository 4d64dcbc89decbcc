//! What the tools return: compact structured content (with output schemas) and a short text
//! rendering of the same for clients that only read text. An assistant's context is precious:
//! empty fields are left out and lists are bounded.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use valet_core::{DayPlan, JournalDay, Priority, Today, Todo};
use valet_service::{DayView, NewDayReport, TodoCounts};

/// A todo as an assistant sees it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodoItem {
    pub id: String,
    pub content: String,
    /// pending, in_progress or completed.
    pub status: String,
    /// high, medium or low.
    pub priority: String,
    pub category: String,
    /// The day it is scheduled for, YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The deadline, YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// How it repeats, in words and as an RFC 5545 RRULE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<RepeatOut>,
    /// HH:MM.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_time: Option<String>,
    /// When it notifies, soonest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<ReminderOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The checklist, in order; tick a step with valet_todo_operations (update, checkSteps) by its id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepOut>,
    /// Markdown notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Present (true) only when the due date has passed and the todo is open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
}

impl TodoItem {
    pub fn from(t: &Todo, today: &Today) -> TodoItem {
        TodoItem {
            id: t.id.to_string(),
            content: t.content.clone(),
            status: t.status.as_str().to_owned(),
            priority: t.priority.as_str().to_owned(),
            category: t.category.clone(),
            when: t.when.map(|d| d.to_string()),
            due: t.due.map(|d| d.to_string()),
            repeat: t.repeat.as_ref().map(|r| RepeatOut {
                words: r.words(),
                rrule: r.rule.clone(),
                paused: r.paused,
            }),
            due_time: t.due_time.map(|x| x.format("%H:%M").to_string()),
            reminders: t
                .reminders
                .iter()
                .map(|r| ReminderOut {
                    text: r.to_string(),
                    words: r.describe(),
                    at: r.fires_at(t, today.zone).map(|at| {
                        at.with_timezone(&today.zone)
                            .format("%Y-%m-%dT%H:%M%:z")
                            .to_string()
                    }),
                })
                .collect(),
            tags: t.tags.clone(),
            steps: t
                .steps
                .iter()
                .map(|s| StepOut {
                    id: s.id.clone(),
                    text: s.text.clone(),
                    done: s.done,
                })
                .collect(),
            body: t.body.clone(),
            notes: t.notes.clone(),
            overdue: t.status.is_open() && t.due.is_some_and(|d| d < today.date),
            completed_at: t
                .completed_at
                .map(|c| c.format("%Y-%m-%dT%H:%MZ").to_string()),
        }
    }

    /// One line: `- [ ] Call the bank · high · finance · due 2026-11-29 09:00 · id 5e6f0a1b`.
    pub fn line(&self) -> String {
        let mark = match self.status.as_str() {
            "completed" => "[x]",
            "in_progress" => "[~]",
            _ => "[ ]",
        };
        let mut parts = vec![format!("- {mark} {}", self.content)];
        if self.priority != Priority::Medium.as_str() {
            parts.push(self.priority.clone());
        }
        parts.push(self.category.clone());
        if let Some(w) = &self.when {
            parts.push(format!("scheduled {w}"));
        }
        if let Some(r) = &self.repeat {
            parts.push(format!(
                "repeats {}{}",
                r.words,
                if r.paused { " (paused)" } else { "" }
            ));
        }
        if let Some(d) = &self.due {
            let t = self
                .due_time
                .as_ref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let late = if self.overdue { " (overdue)" } else { "" };
            parts.push(format!("due {d}{t}{late}"));
        }
        if !self.tags.is_empty() {
            let t: Vec<String> = self.tags.iter().map(|t| format!("#{t}")).collect();
            parts.push(t.join(" "));
        }
        if !self.steps.is_empty() {
            let done = self.steps.iter().filter(|s| s.done).count();
            parts.push(format!("steps {done}/{}", self.steps.len()));
        }
        if !self.reminders.is_empty() {
            let r: Vec<&str> = self.reminders.iter().map(|r| r.words.as_str()).collect();
            parts.push(format!("reminds {}", r.join(", ")));
        }
        if !self.notes.is_empty() {
            parts.push(format!("notes: {}", self.notes.join(" | ")));
        }
        parts.push(format!("id {}", short(&self.id)));
        parts.join(" · ")
    }
}

/// The last 8 characters of an id: what lists show and every tool accepts.
pub fn short(id: &str) -> &str {
    &id[id.len().saturating_sub(8)..]
}

pub fn lines(items: &[TodoItem]) -> String {
    if items.is_empty() {
        return "(no todos)".into();
    }
    items
        .iter()
        .map(TodoItem::line)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodosOut {
    pub todos: Vec<TodoItem>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeletedOut {
    /// The todos as they were before deletion (to undo, add them again).
    pub deleted: Vec<TodoItem>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FindOut {
    pub todos: Vec<TodoItem>,
    /// How many todos match in all.
    pub total: usize,
    /// Pass as `cursor` to get the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanTaskOut {
    pub id: String,
    pub text: String,
    pub done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// The todo this task was planned from; ticking the task completes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub todo_id: Option<String>,
    /// Times carried over from earlier days.
    #[serde(skip_serializing_if = "is_zero")]
    pub carried: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanOut {
    pub tasks: Vec<PlanTaskOut>,
    /// Every other non-empty section by name (personal_reminders, ongoing_summary, data_stash,
    /// reflections, custom ones), as markdown.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntryOut {
    pub id: String,
    /// HH:MM local time.
    pub time: String,
    pub text: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalOut {
    pub entries: Vec<EntryOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mood: Option<String>,
    /// 1 (bad) to 5 (great).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mood_score: Option<u8>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub challenges: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<String>,
    /// Every other non-empty section by name (reflections, personal_reminders, custom ones).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayOut {
    /// YYYY-MM-DD.
    pub date: String,
    pub is_today: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<JournalOut>,
    /// Whether an archived copy of this day exists (read it with the valet://archive/{date} resource).
    pub archived: bool,
    /// For today: the plan joined with overdue, due and scheduled todos, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<Vec<TodayRowOut>>,
    /// Todos left out of `today` (at most 50 rows; valet_todo_view has them all).
    #[serde(skip_serializing_if = "is_zero")]
    pub today_omitted: usize,
}

fn plan_out(p: &DayPlan) -> PlanOut {
    PlanOut {
        tasks: p
            .tasks
            .iter()
            .map(|t| PlanTaskOut {
                id: t.id.clone(),
                text: t.text.clone(),
                done: t.done,
                carried_from: t.carried_from.map(|d| d.to_string()),
                todo_id: t.todo.map(|id| id.to_string()),
                carried: t.carried,
            })
            .collect(),
        sections: p
            .sections_in_order()
            .into_iter()
            .filter(|(n, _)| n != "tasks")
            .collect(),
    }
}

fn journal_out(j: &JournalDay) -> JournalOut {
    let structured = ["entries", "mood", "highlights", "challenges", "lessons"];
    JournalOut {
        entries: j
            .entries
            .iter()
            .map(|e| EntryOut {
                id: e.id.clone(),
                time: e.time.clone(),
                text: e.text.clone(),
            })
            .collect(),
        mood: j.mood.clone(),
        mood_score: j.mood_score,
        highlights: j.highlights.clone(),
        challenges: j.challenges.clone(),
        lessons: j.lessons.clone(),
        sections: j
            .sections_in_order()
            .into_iter()
            .filter(|(n, _)| !structured.contains(&n.as_str()))
            .collect(),
    }
}

impl DayOut {
    pub fn from(v: &DayView) -> DayOut {
        DayOut {
            date: v.date.to_string(),
            is_today: v.is_today,
            plan: v.plan.as_ref().filter(|p| !p.is_empty()).map(plan_out),
            journal: v
                .journal
                .as_ref()
                .filter(|j| !j.is_empty())
                .map(journal_out),
            archived: v.archived.is_some(),
            today: None,
            today_omitted: 0,
        }
    }

    /// Adds today's joined list (for the day that is today).
    pub fn with_today(mut self, t: Option<&valet_service::TodayView>) -> DayOut {
        if let Some(t) = t {
            let (rows, omitted) = today_rows(&t.items);
            self.today = Some(rows);
            self.today_omitted = omitted;
        }
        self
    }

    /// Markdown, with task ids so the assistant can check them off.
    pub fn text(&self) -> String {
        let mut out = format!(
            "# {}{}\n",
            self.date,
            if self.is_today { " (today)" } else { "" }
        );
        if let Some(rows) = self.today.as_ref().filter(|r| !r.is_empty()) {
            out.push_str("\n## Today (plan, overdue, due and scheduled todos)\n");
            for r in rows {
                out.push_str(&r.line());
                out.push('\n');
            }
            if self.today_omitted > 0 {
                out.push_str(&omitted_line(self.today_omitted));
                out.push('\n');
            }
        }
        match &self.plan {
            Some(p) => {
                out.push_str("\n## Plan\n");
                if !p.tasks.is_empty() {
                    out.push_str("\n### Tasks\n");
                    for t in &p.tasks {
                        let from = t
                            .carried_from
                            .as_ref()
                            .map(|d| format!(" (from {d})"))
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "- [{}] {}{from} · id {}\n",
                            if t.done { "x" } else { " " },
                            t.text,
                            t.id
                        ));
                    }
                }
                for (name, text) in &p.sections {
                    out.push_str(&format!("\n### {name}\n{}\n", text.trim_end()));
                }
            }
            None => out.push_str("\nNo plan yet.\n"),
        }
        match &self.journal {
            Some(j) => {
                out.push_str("\n## Journal\n");
                for e in &j.entries {
                    out.push_str(&format!("- {} {}\n", e.time, e.text));
                }
                match (j.mood_score, &j.mood) {
                    (Some(n), Some(m)) => out.push_str(&format!("\nMood: {n}/5, {m}\n")),
                    (Some(n), None) => out.push_str(&format!("\nMood: {n}/5\n")),
                    (None, Some(m)) => out.push_str(&format!("\nMood: {m}\n")),
                    (None, None) => {}
                }
                for (name, list) in [
                    ("Highlights", &j.highlights),
                    ("Challenges", &j.challenges),
                    ("Lessons", &j.lessons),
                ] {
                    if !list.is_empty() {
                        out.push_str(&format!("\n### {name}\n"));
                        for item in list {
                            out.push_str(&format!("- {item}\n"));
                        }
                    }
                }
                for (name, text) in &j.sections {
                    out.push_str(&format!("\n### {name}\n{}\n", text.trim_end()));
                }
            }
            None => out.push_str("\nNo journal yet.\n"),
        }
        if self.archived {
            out.push_str("\n(An archived copy exists: valet://archive/");
            out.push_str(&self.date);
            out.push_str(")\n");
        }
        out
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CountsOut {
    pub open: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub due_today: usize,
    pub completed: usize,
}

impl From<&TodoCounts> for CountsOut {
    fn from(c: &TodoCounts) -> Self {
        CountsOut {
            open: c.open,
            in_progress: c.in_progress,
            overdue: c.overdue,
            due_today: c.due_today,
            completed: c.completed,
        }
    }
}

impl CountsOut {
    pub fn text(&self) -> String {
        format!(
            "{} open ({} in progress, {} overdue, {} due today), {} completed",
            self.open, self.in_progress, self.overdue, self.due_today, self.completed
        )
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewDayOut {
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// True only when an archive was written by this call.
    pub archived: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_note: Option<String>,
    pub carried_over: usize,
}

impl NewDayOut {
    pub fn from(r: &NewDayReport) -> NewDayOut {
        NewDayOut {
            date: r.date.to_string(),
            previous: r.previous.map(|d| d.to_string()),
            archived: r.archived,
            archive_note: r.archive_note.clone(),
            carried_over: r.carried_over,
        }
    }

    pub fn text(&self) -> String {
        let archive = match (&self.previous, self.archived) {
            (Some(p), true) => format!("Archived {p}."),
            _ => format!(
                "Nothing archived: {}.",
                self.archive_note.as_deref().unwrap_or("nothing to archive")
            ),
        };
        format!(
            "Started {}. {archive} Carried over {} open plan task(s).",
            self.date, self.carried_over
        )
    }
}

/// One step of a todo's checklist.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepOut {
    pub id: String,
    pub text: String,
    pub done: bool,
}

/// One reminder of a todo.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReminderOut {
    /// As stored and accepted back: "30m before", "at deadline", "09:00", "2026-12-01 08:00".
    pub text: String,
    /// In words: "30 min before", "09:00 on the day".
    pub words: String,
    /// When it fires, in the user's zone (absent when the todo lacks the deadline time or
    /// day it needs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A todo's repeat.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RepeatOut {
    /// "every 2 weeks on Mon, Thu", "every 3 days after done".
    pub words: String,
    /// The RFC 5545 rule, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH.
    pub rrule: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
}

/// One row of Today.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodayRowOut {
    /// todo:<id> or task:<id>; tasks are ticked by id with valet_update_daily
    /// (checkTasks), todos with valet_todo_operations (complete).
    pub key: String,
    pub text: String,
    pub done: bool,
    /// overdue, due_today or scheduled, for todos from the list; absent for plan tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The todo's id (a plan task's linked todo, or the todo itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub todo_id: Option<String>,
    /// The deadline, YYYY-MM-DD, and its time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_time: Option<String>,
    /// Times this task was carried over from earlier days.
    #[serde(skip_serializing_if = "is_zero")]
    pub carried: u32,
    /// The todo repeats (in words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<String>,
}

/// Counts of zero are left out of answers (`skip_serializing_if`).
pub(crate) fn is_zero<T: Default + PartialEq>(n: &T) -> bool {
    *n == T::default()
}

/// Most rows of Today an answer carries. The plan's tasks always come; the list's todos fill up
/// to this many rows. A list with 1,500 overdue todos otherwise floods an assistant's context
/// (600 KB on the 10,000-todo bench); the rest are counted, and one filter away.
pub const TODAY_ROWS: usize = 50;

/// Today's rows within [`TODAY_ROWS`], in order, and how many todos were left out.
pub fn today_rows(items: &[valet_core::planner::TodayItem]) -> (Vec<TodayRowOut>, usize) {
    use valet_core::planner::TodayItem;
    let tasks = items
        .iter()
        .filter(|i| matches!(i, TodayItem::Task { .. }))
        .count();
    let mut room = TODAY_ROWS.saturating_sub(tasks);
    let mut omitted = 0;
    let rows = items
        .iter()
        .filter(|i| match i {
            TodayItem::Task { .. } => true,
            TodayItem::Todo { .. } if room > 0 => {
                room -= 1;
                true
            }
            TodayItem::Todo { .. } => {
                omitted += 1;
                false
            }
        })
        .map(TodayRowOut::from)
        .collect();
    (rows, omitted)
}

/// The line that says what Today left out, and where it is.
pub fn omitted_line(n: usize) -> String {
    format!(
        "- … and {n} more overdue, due or scheduled todos: valet_todo_view (filter due overdue or today)"
    )
}

impl TodayRowOut {
    pub fn from(item: &valet_core::planner::TodayItem) -> TodayRowOut {
        use valet_core::planner::{Reason, TodayItem};
        let (todo, reason, carried) = match item {
            TodayItem::Todo { todo, reason, .. } => (Some(todo), Some(*reason), 0),
            TodayItem::Task { task, todo, .. } => (todo.as_ref(), None, task.carried),
        };
        TodayRowOut {
            key: item.key().to_owned(),
            text: item.text().to_owned(),
            done: item.done(),
            reason: reason.map(|r| {
                match r {
                    Reason::Overdue => "overdue",
                    Reason::DueToday => "due_today",
                    Reason::Scheduled => "scheduled",
                }
                .to_owned()
            }),
            todo_id: todo.map(|t| t.id.to_string()),
            due: todo.and_then(|t| t.due).map(|d| d.to_string()),
            due_time: todo
                .and_then(|t| t.due_time)
                .map(|x| x.format("%H:%M").to_string()),
            carried,
            repeats: todo.and_then(|t| t.repeat.as_ref()).map(|r| r.words()),
        }
    }

    /// `- [ ] Call the bank · overdue (due 2026-11-28) · todo 5e6f0a1b` and the like.
    pub fn line(&self) -> String {
        let mut parts = vec![format!(
            "- [{}] {}",
            if self.done { "x" } else { " " },
            self.text
        )];
        match (self.reason.as_deref(), &self.due) {
            (Some("overdue"), Some(d)) => parts.push(format!("overdue (due {d})")),
            (Some("due_today"), _) => parts.push(match &self.due_time {
                Some(t) => format!("due today {t}"),
                None => "due today".to_owned(),
            }),
            (Some(r), _) => parts.push(r.to_owned()),
            (None, _) => {}
        }
        if self.carried > 0 {
            parts.push(format!("carried {}×", self.carried));
        }
        if let Some(r) = &self.repeats {
            parts.push(format!("repeats {r}"));
        }
        if let Some(id) = &self.todo_id {
            parts.push(format!("todo {}", short(id)));
        }
        parts.push(self.key.clone());
        parts.join(" · ")
    }
}

/// Today: the plan joined with the list.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TodayOut {
    /// YYYY-MM-DD.
    pub date: String,
    pub rows: Vec<TodayRowOut>,
    /// Todos left out of `rows` (at most 50 rows; valet_todo_view has them all).
    #[serde(skip_serializing_if = "is_zero")]
    pub omitted: usize,
    /// What starting the day did, on the call that started it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
}

impl TodayOut {
    pub fn from(v: &valet_service::TodayView) -> TodayOut {
        let (rows, omitted) = today_rows(&v.items);
        TodayOut {
            date: v.date.to_string(),
            rows,
            omitted,
            started: v.morning.as_ref().map(|m| {
                let carried = m
                    .carried
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                format!(
                    "Started {}: {}{} carried over{}; {} overdue, {} due today, {} scheduled",
                    m.date,
                    m.previous
                        .map(|p| format!("archived {p}, "))
                        .unwrap_or_default(),
                    m.carried.len(),
                    if carried.is_empty() {
                        String::new()
                    } else {
                        format!(" ({carried})")
                    },
                    m.overdue,
                    m.due_today,
                    m.scheduled
                )
            }),
        }
    }

    pub fn text(&self) -> String {
        let mut out = format!("# Today, {}\n", self.date);
        if let Some(s) = &self.started {
            out.push_str(&format!("\n{s}\n"));
        }
        if self.rows.is_empty() {
            out.push_str("\nNothing planned, scheduled or due today.\n");
        } else {
            out.push('\n');
            for r in &self.rows {
                out.push_str(&r.line());
                out.push('\n');
            }
            if self.omitted > 0 {
                out.push_str(&omitted_line(self.omitted));
                out.push('\n');
            }
        }
        out
    }
}

/// Upcoming days.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingOut {
    pub days: Vec<UpcomingDayOut>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingDayOut {
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheduled: Vec<TodoItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<TodoItem>,
}

impl UpcomingOut {
    pub fn text(&self) -> String {
        let mut out = String::from("# Upcoming\n");
        for d in &self.days {
            if d.scheduled.is_empty() && d.deadlines.is_empty() {
                continue;
            }
            out.push_str(&format!("\n## {}\n", d.date));
            for t in &d.deadlines {
                out.push_str(&format!("{} (deadline)\n", t.line()));
            }
            for t in &d.scheduled {
                out.push_str(&format!("{}\n", t.line()));
            }
        }
        if out.lines().count() == 1 {
            out.push_str("\nNothing scheduled or due in these days.\n");
        }
        out
    }
}
