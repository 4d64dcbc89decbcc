//! The global todo list's record, and the validated inputs that create and change todos.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{check_text, ValidationError};
use crate::ids::TodoId;
use crate::organize::{Step, StepOp};
use crate::recurrence::{Repeat, RuleText};
use crate::reminders::Reminder;

/// Longest todo text, in characters.
pub const MAX_CONTENT: usize = 2_000;
/// Longest category name, in characters.
pub const MAX_CATEGORY: usize = 64;
/// Longest single note, in characters.
pub const MAX_NOTE: usize = 10_000;
/// Most notes on one todo.
pub const MAX_NOTES: usize = 200;
/// The category a todo gets when none is given (the legacy server's default too).
pub const DEFAULT_CATEGORY: &str = "General";

/// Where a todo stands.
#[derive(ts_rs::TS)]
#[ts(rename = "TodoStatus")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    InProgress,
    Completed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Pending, Status::InProgress, Status::Completed];
    /// The words [`Status::parse`] takes, for help and shell completion.
    pub const WORDS: [&'static str; 3] = ["pending", "in_progress", "completed"];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
        }
    }

    pub fn is_open(self) -> bool {
        self != Status::Completed
    }

    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "pending" | "open" | "todo" => Ok(Status::Pending),
            "in_progress" | "doing" | "started" => Ok(Status::InProgress),
            "completed" | "done" | "complete" => Ok(Status::Completed),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of pending, in_progress, completed; got {s:?}"),
            )),
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse("status", s)
    }
}

/// How much a todo matters. Ordered high > medium > low.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    High,
    #[default]
    Medium,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];
    /// The words [`Priority::parse`] takes, for help and shell completion.
    pub const WORDS: [&'static str; 3] = ["high", "medium", "low"];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    /// 0 for high, 2 for low: sorts the most important first.
    pub fn rank(self) -> u8 {
        match self {
            Priority::High => 0,
            Priority::Medium => 1,
            Priority::Low => 2,
        }
    }

    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" => Ok(Priority::High),
            "medium" => Ok(Priority::Medium),
            "low" => Ok(Priority::Low),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of high, medium, low; got {s:?}"),
            )),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Priority::parse("priority", s)
    }
}

/// One entry of the global todo list.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Todo {
    pub id: TodoId,
    pub content: String,
    pub status: Status,
    pub priority: Priority,
    pub category: String,
    /// The day it is planned for ("when", as Things has it): it shows in Today from that day
    /// on until done. Not a deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub when: Option<NaiveDate>,
    /// The deadline's day, if any (the legacy server's `due`).
    pub due: Option<NaiveDate>,
    /// The time of day it is due, only with `due`, in the user's zone.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "hhmm")]
    #[ts(as = "Option<String>")]
    #[ts(optional)]
    pub due_time: Option<NaiveTime>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(deserialize_with = "crate::instant::de")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::instant::de")]
    pub updated_at: DateTime<Utc>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::instant::de_option"
    )]
    #[ts(optional)]
    pub completed_at: Option<DateTime<Utc>>,
    /// How it repeats: completing it creates the next occurrence (see `recurrence`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub repeat: Option<Repeat>,
    /// When to notify (see `reminders`), in their stored words (`30m before`, `09:00`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<Reminder>,
    /// Every reminder instant at or before this has been shown, on some device, or was already
    /// past when the reminder was set. Sync keeps the later of two.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::instant::de_option"
    )]
    #[ts(optional)]
    pub reminded_until: Option<DateTime<Utc>>,
    /// A snoozed reminder comes back at this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// Any number of tags (see `organize`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The checklist inside the todo, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Notes as Markdown text, edited as a whole (the dated `notes` log stays as history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body: Option<String>,
}

impl Todo {
    /// A pending todo with every other field empty or default (for importers that set the
    /// fields they have one by one).
    pub fn blank(id: TodoId, content: String, at: DateTime<Utc>) -> Todo {
        Todo {
            id,
            content,
            status: Status::Pending,
            priority: Priority::Medium,
            category: DEFAULT_CATEGORY.to_owned(),
            when: None,
            due: None,
            due_time: None,
            notes: Vec::new(),
            created_at: at,
            updated_at: at,
            completed_at: None,
            repeat: None,
            reminders: Vec::new(),
            reminded_until: None,
            snoozed_until: None,
            tags: Vec::new(),
            steps: Vec::new(),
            body: None,
        }
    }

    /// Whether a change from `before` can move a reminder: a past instant it brings must not
    /// fire as if it had been missed, so `remindedUntil` moves up to `now`.
    pub fn rearm_reminders(&mut self, before: Option<&Todo>, now: DateTime<Utc>) {
        if self.reminders.is_empty() && self.snoozed_until.is_none() {
            return;
        }
        let moved = before.is_none_or(|b| {
            b.reminders != self.reminders
                || b.when != self.when
                || b.due != self.due
                || b.due_time != self.due_time
                || (b.status != self.status && self.status.is_open())
        });
        if moved && self.reminded_until.is_none_or(|r| r < now) {
            self.reminded_until = Some(now);
        }
    }

    /// Gives the todo `default` reminders when it has just got a deadline time and has none of
    /// its own (as Todoist's automatic reminder does); they can be removed per todo.
    pub fn adopt_default_reminders(&mut self, before: Option<&Todo>, default: &[Reminder]) {
        let newly_timed = self.due_time.is_some() && before.is_none_or(|b| b.due_time.is_none());
        if newly_timed && self.reminders.is_empty() {
            self.reminders = default.to_vec();
        }
    }

    /// The rules a stored todo must keep to be usable at all; the input limits (lengths, 200
    /// notes) are not among them: a merge of two devices' notes may pass a limit, and such a
    /// record is kept rather than refused (refusing it would stop sync for good).
    pub fn validate_stored(&self) -> Result<(), ValidationError> {
        if self.content.trim().is_empty() {
            return Err(ValidationError::new("content", "must not be empty"));
        }
        if self.due_time.is_some() && self.due.is_none() {
            return Err(ValidationError::new("dueTime", "needs a due date"));
        }
        Ok(())
    }

    /// Checks every field's rules, limits included; used on input.
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_text("content", &self.content, true, MAX_CONTENT)?;
        check_text("category", &self.category, true, MAX_CATEGORY)?;
        check_notes(&self.notes)?;
        if self.due_time.is_some() && self.due.is_none() {
            return Err(ValidationError::new("dueTime", "needs a due date"));
        }
        Ok(())
    }
}

/// A project name given for `field`: "none" (any case) or "General" is no project.
fn project_name(field: &str, p: &str) -> Result<String, ValidationError> {
    if p.trim().eq_ignore_ascii_case("none") || crate::project::is_no_project(p) {
        return Ok(DEFAULT_CATEGORY.to_owned());
    }
    crate::project::check_name(field, p)
}

/// What it takes to create a todo. Everything but `content` has a default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewTodo {
    pub content: String,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// The legacy name of `project`: a project named so is created if there is none.
    #[serde(default)]
    pub category: Option<String>,
    /// The project, which must exist (the facade checks); wins over `category`.
    #[serde(default)]
    pub project: Option<String>,
    #[serde(default)]
    pub when: Option<NaiveDate>,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    #[serde(default, with = "hhmm")]
    pub due_time: Option<NaiveTime>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub status: Option<Status>,
    /// A repeat; the series starts on `when`, else on `due`.
    #[serde(default)]
    pub repeat: Option<RuleText>,
    /// Reminders; `None` takes the default reminder when the todo has a deadline time,
    /// `Some([])` is none at all.
    #[serde(default)]
    pub reminders: Option<Vec<Reminder>>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The checklist's steps, as text.
    #[serde(default)]
    pub steps: Vec<String>,
    /// Markdown notes.
    #[serde(default)]
    pub body: Option<String>,
}

impl NewTodo {
    pub fn new(content: impl Into<String>) -> Self {
        NewTodo {
            content: content.into(),
            ..NewTodo::default()
        }
    }

    /// Validates the input and builds the todo it describes.
    pub fn into_todo(self, id: TodoId, now: DateTime<Utc>) -> Result<Todo, ValidationError> {
        let content = check_text("content", &self.content, true, MAX_CONTENT)?;
        let category = match (self.project, self.category) {
            (Some(p), _) => project_name("project", &p)?,
            (None, Some(c)) => check_text("category", &c, true, MAX_CATEGORY)?,
            (None, None) => DEFAULT_CATEGORY.to_owned(),
        };
        let notes = clean_notes(self.notes)?;
        if self.due_time.is_some() && self.due.is_none() {
            return Err(ValidationError::new("dueTime", "needs a due date"));
        }
        let status = self.status.unwrap_or(Status::Pending);
        let tags = crate::organize::clean_tags("tags", &self.tags)?;
        let ops: Vec<StepOp> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, text)| StepOp::Add {
                // Unique within the todo, which is created once: no device can collide.
                id: Some(format!("s{}", i + 1)),
                text: text.clone(),
                at: None,
            })
            .collect();
        let steps = crate::organize::apply_steps("steps", &[], &ops)?;
        let body = match &self.body {
            Some(b) => crate::organize::check_body("body", b)?,
            None => None,
        };
        let repeat = match self.repeat {
            Some(r) => Some(start_series(r, id, self.when.or(self.due))?),
            None => None,
        };
        let mut todo = Todo {
            id,
            content,
            status,
            priority: self.priority.unwrap_or_default(),
            category,
            when: self.when,
            due: self.due,
            due_time: self.due_time,
            notes,
            created_at: now,
            updated_at: now,
            completed_at: (status == Status::Completed).then_some(now),
            repeat,
            reminders: self.reminders.unwrap_or_default(),
            reminded_until: None,
            snoozed_until: None,
            tags,
            steps,
            body,
        };
        todo.rearm_reminders(None, now);
        Ok(todo)
    }
}

/// A repeat that starts with the todo `id` on `start` (its scheduled day, else its deadline).
fn start_series(
    r: RuleText,
    id: TodoId,
    start: Option<NaiveDate>,
) -> Result<Repeat, ValidationError> {
    let start = start.ok_or_else(|| {
        ValidationError::new(
            "repeat",
            "needs a scheduled day or a deadline to count from (when or due)",
        )
    })?;
    crate::recurrence::check("repeat", &r.rule, start)?;
    Ok(Repeat {
        rule: r.rule,
        after_done: r.after_done,
        start,
        series: id,
        paused: false,
    })
}

/// A change to some fields of a todo. `None` leaves a field as it is; for `due` and `dueTime`,
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TodoPatch {
    pub content: Option<String>,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    /// The project (which must exist; the facade checks); `Some(None)` takes the todo out of
    /// its project. Applied after `category`.
    pub project: Option<Option<String>>,
    /// The scheduled day; `Some(None)` unschedules.
    pub when: Option<Option<NaiveDate>>,
    pub due: Option<Option<NaiveDate>>,
    pub due_time: Option<Option<NaiveTime>>,
    pub status: Option<Status>,
    pub notes: Option<Vec<String>>,
    /// Notes appended after the existing ones.
    pub add_notes: Vec<String>,
    /// A new repeat (`Some(None)` stops repeating); the series keeps its id.
    pub repeat: Option<Option<RuleText>>,
    /// Pauses or resumes a repeat.
    pub paused: Option<bool>,
    /// Replaces the reminders (`Some(vec![])` removes them all).
    pub reminders: Option<Vec<Reminder>>,
    /// Snoozes the reminder to an instant (`Some(None)` cancels a snooze).
    pub snoozed_until: Option<Option<DateTime<Utc>>>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    /// Tags added and removed (after `tags`).
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    /// Checklist changes, in order (new steps' ids filled in by the facade).
    pub steps: Vec<StepOp>,
    /// Replaces the Markdown notes (`Some(None)` or empty text removes them).
    pub body: Option<Option<String>>,
}

impl TodoPatch {
    /// Applies a due-date change as text reads it: a clear clears the time too; a phrase with
    /// a time ("tomorrow 9am") sets both; a phrase without one keeps the time unless this patch
    /// already sets it.
    pub fn set_due(&mut self, due: crate::dates::DueText) {
        match due {
            crate::dates::DueText::Clear => {
                self.due = Some(None);
                self.due_time = Some(None);
            }
            crate::dates::DueText::Set(d, t) => {
                self.due = Some(Some(d));
                if t.is_some() {
                    self.due_time = Some(t);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &TodoPatch::default()
    }

    pub fn status(status: Status) -> Self {
        TodoPatch {
            status: Some(status),
            ..TodoPatch::default()
        }
    }

    /// Applies the patch to `todo` at `now`, validating the result. Returns the new todo and
    /// whether anything changed (an unchanged todo keeps its `updatedAt`).
    pub fn apply(&self, todo: &Todo, now: DateTime<Utc>) -> Result<(Todo, bool), ValidationError> {
        let mut t = todo.clone();
        if let Some(c) = &self.content {
            t.content = check_text("content", c, true, MAX_CONTENT)?;
        }
        if let Some(p) = self.priority {
            t.priority = p;
        }
        if let Some(c) = &self.category {
            t.category = check_text("category", c, true, MAX_CATEGORY)?;
        }
        if let Some(p) = &self.project {
            t.category = match p {
                Some(p) => project_name("project", p)?,
                None => DEFAULT_CATEGORY.to_owned(),
            };
        }
        if let Some(w) = self.when {
            t.when = w;
        }
        if let Some(d) = self.due {
            t.due = d;
            if d.is_none() {
                t.due_time = None;
            }
        }
        if let Some(tm) = self.due_time {
            t.due_time = tm;
        }
        if t.due_time.is_some() && t.due.is_none() {
            return Err(ValidationError::new("dueTime", "needs a due date"));
        }
        if let Some(n) = &self.notes {
            t.notes = clean_notes(n.clone())?;
        }
        if !self.add_notes.is_empty() {
            let mut notes = t.notes.clone();
            notes.extend(self.add_notes.iter().cloned());
            t.notes = clean_notes(notes)?;
        }
        if let Some(r) = &self.repeat {
            t.repeat = match r {
                None => None,
                Some(r) => {
                    let series = t.repeat.as_ref().map_or(t.id, |x| x.series);
                    let mut next = start_series(r.clone(), series, t.when.or(t.due))?;
                    next.paused = t.repeat.as_ref().is_some_and(|x| x.paused);
                    Some(next)
                }
            };
        }
        if let Some(p) = self.paused {
            match t.repeat.as_mut() {
                Some(r) => r.paused = p,
                None => {
                    return Err(ValidationError::new(
                        "paused",
                        "the todo does not repeat; give it a repeat first",
                    ))
                }
            }
        }
        if let Some(s) = self.status {
            if s != t.status {
                t.completed_at = (s == Status::Completed).then_some(now);
                t.status = s;
            }
        }
        if let Some(r) = &self.reminders {
            t.reminders = r.clone();
        }
        if let Some(s) = self.snoozed_until {
            t.snoozed_until = s;
        }
        if self.tags.is_some() || !self.add_tags.is_empty() || !self.remove_tags.is_empty() {
            let mut tags = match &self.tags {
                Some(tags) => tags.clone(),
                None => t.tags.clone(),
            };
            tags.extend(self.add_tags.iter().cloned());
            let gone = crate::organize::clean_tags("removeTags", &self.remove_tags)?;
            tags.retain(|x| {
                !gone
                    .iter()
                    .any(|g| crate::organize::same_tag(g, x.trim_start_matches('#')))
            });
            t.tags = crate::organize::clean_tags("tags", &tags)?;
        }
        if !self.steps.is_empty() {
            t.steps = crate::organize::apply_steps("steps", &t.steps, &self.steps)?;
        }
        if let Some(b) = &self.body {
            t.body = match b {
                Some(b) => crate::organize::check_body("body", b)?,
                None => None,
            };
        }
        t.rearm_reminders(Some(todo), now);
        let changed = t != *todo;
        if changed {
            t.updated_at = now;
        }
        Ok((t, changed))
    }
}

fn check_notes(notes: &[String]) -> Result<(), ValidationError> {
    if notes.len() > MAX_NOTES {
        return Err(ValidationError::new(
            "notes",
            format!("must have at most {MAX_NOTES} notes; got {}", notes.len()),
        ));
    }
    for (i, n) in notes.iter().enumerate() {
        check_text(&format!("notes[{i}]"), n, true, MAX_NOTE)?;
    }
    Ok(())
}

fn clean_notes(notes: Vec<String>) -> Result<Vec<String>, ValidationError> {
    let cleaned = notes
        .iter()
        .enumerate()
        .map(|(i, n)| check_text(&format!("notes[{i}]"), n, true, MAX_NOTE))
        .collect::<Result<Vec<_>, _>>()?;
    check_notes(&cleaned)?;
    Ok(cleaned)
}

/// Parses a time of day `HH:MM` (24-hour) given for `field`.
pub fn parse_time(field: &str, s: &str) -> Result<NaiveTime, ValidationError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| {
        ValidationError::new(
            field,
            format!("must be a time in the form HH:MM (24-hour); got {s:?}"),
        )
    })
}

/// `HH:MM` serialization for optional times of day.
pub mod hhmm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&t.format("%H:%M")),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) => super::parse_time("dueTime", &s)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 17, 0, 0).unwrap()
    }

    fn todo() -> Todo {
        NewTodo::new("Call the bank")
            .into_todo(TodoId::new_v7(1, [1; 10]), now())
            .unwrap()
    }

    #[rstest]
    #[case("urgent", "priority: must be one of high, medium, low; got \"urgent\"")]
    #[case("", "priority: must be one of high, medium, low; got \"\"")]
    fn priority_errors_name_the_rule(#[case] input: &str, #[case] msg: &str) {
        assert_eq!(
            Priority::parse("priority", input).unwrap_err().to_string(),
            msg
        );
    }

    #[rstest]
    #[case("done", Status::Completed)]
    #[case("in-progress", Status::InProgress)]
    #[case("PENDING", Status::Pending)]
    fn status_accepts_common_spellings(#[case] input: &str, #[case] want: Status) {
        assert_eq!(Status::parse("status", input).unwrap(), want);
    }

    #[test]
    fn new_todo_gets_defaults() {
        let t = todo();
        assert_eq!(t.category, "General");
        assert_eq!(t.priority, Priority::Medium);
        assert_eq!(t.status, Status::Pending);
        assert_eq!(t.completed_at, None);
    }

    #[rstest]
    #[case(NewTodo::new("   "), "content: must not be empty")]
    #[case(NewTodo { category: Some(" ".into()), ..NewTodo::new("x") }, "category: must not be empty")]
    #[case(NewTodo { notes: vec!["ok".into(), "".into()], ..NewTodo::new("x") }, "notes[1]: must not be empty")]
    #[case(NewTodo { due_time: NaiveTime::from_hms_opt(9, 0, 0), ..NewTodo::new("x") }, "dueTime: needs a due date")]
    fn new_todo_rejects_bad_input(#[case] input: NewTodo, #[case] msg: &str) {
        let err = input
            .into_todo(TodoId::new_v7(1, [1; 10]), now())
            .unwrap_err();
        assert_eq!(err.to_string(), msg);
    }

    #[test]
    fn completing_sets_and_reopening_clears_completed_at() {
        let later = now() + chrono::Duration::hours(1);
        let (done, changed) = TodoPatch::status(Status::Completed)
            .apply(&todo(), later)
            .unwrap();
        assert!(changed);
        assert_eq!(done.completed_at, Some(later));
        assert_eq!(done.updated_at, later);
        let (open, _) = TodoPatch::status(Status::Pending)
            .apply(&done, later)
            .unwrap();
        assert_eq!(open.completed_at, None);
    }

    #[test]
    fn unchanged_patch_keeps_updated_at() {
        let t = todo();
        let (same, changed) = TodoPatch::status(Status::Pending)
            .apply(&t, now() + chrono::Duration::hours(1))
            .unwrap();
        assert!(!changed);
        assert_eq!(same.updated_at, t.updated_at);
    }

    #[test]
    fn clearing_due_clears_due_time() {
        let mut t = todo();
        t.due = NaiveDate::from_ymd_opt(2026, 12, 1);
        t.due_time = NaiveTime::from_hms_opt(9, 0, 0);
        let patch = TodoPatch {
            due: Some(None),
            ..TodoPatch::default()
        };
        let (t2, _) = patch.apply(&t, now()).unwrap();
        assert_eq!((t2.due, t2.due_time), (None, None));
    }
}
