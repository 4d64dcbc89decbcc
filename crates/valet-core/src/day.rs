//! A day's planner and journal, the archived copy of a day, and the section edits that the
//! legacy `valet_update_daily` tool made (append / prepend / replace on a named section).

use chrono::{DateTime, NaiveTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::error::{check_text, ValidationError};
use crate::ids::DayDate;

/// Longest text of one section, in characters.
pub const MAX_SECTION: usize = 200_000;
/// Longest plan task or list item, in characters.
pub const MAX_ITEM: usize = 2_000;
/// Longest journal entry, in characters.
pub const MAX_ENTRY: usize = 20_000;

/// Produces ids for new list elements (plan tasks, journal entries). Ids come from outside
/// because this crate has no source of randomness.
pub trait IdSource {
    fn next_id(&mut self) -> String;
}

impl<F: FnMut() -> String> IdSource for F {
    fn next_id(&mut self) -> String {
        self()
    }
}

/// One checklist line of a day's plan.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanTask {
    pub id: String,
    pub text: String,
    pub done: bool,
    /// The day this task was carried over from by "new day", if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub carried_from: Option<DayDate>,
    /// The todo this task stands for, when it was planned from the list: ticking either
    /// completes both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub todo: Option<crate::ids::TodoId>,
    /// How many times "new day" has carried this task over (0 for a task written today).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub carried: u32,
}

impl PlanTask {
    /// A task written today: not carried, not linked to a todo.
    pub fn new(id: String, text: String, done: bool) -> PlanTask {
        PlanTask {
            id,
            text,
            done,
            carried_from: None,
            todo: None,
            carried: 0,
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The planner of one day.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayPlan {
    pub date: DayDate,
    #[serde(default)]
    pub tasks: Vec<PlanTask>,
    #[serde(default)]
    pub personal_reminders: String,
    #[serde(default)]
    pub ongoing_summary: String,
    #[serde(default)]
    pub data_stash: String,
    #[serde(default)]
    pub reflections: String,
    /// Any other named section, in the order it was first written (legacy files carry any name;
    /// text of the `tasks` section that is not a checklist item is kept here under `tasks`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sections: IndexMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The order of the day's joined Today list, as item keys (`todo:<id>`, `task:<id>`);
    /// items not named keep their default place (see `planner::join_today`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// Set once the day has been started (archive of the day before, carry-over), so starting
    /// it again by itself does not bring back a carried task someone removed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub started: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One timestamped journal entry.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    pub id: String,
    /// Local time of day, `HH:MM`.
    pub time: String,
    pub text: String,
}

/// The journal of one day.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JournalDay {
    pub date: DayDate,
    #[serde(default)]
    pub entries: Vec<JournalEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mood: Option<String>,
    /// How the day felt on a scale from 1 (bad) to 5 (great), beside the words of `mood`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub mood_score: Option<u8>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub challenges: Vec<String>,
    #[serde(default)]
    pub lessons: Vec<String>,
    #[serde(default)]
    pub reflections: String,
    #[serde(default)]
    pub personal_reminders: String,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sections: IndexMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A past day as it was when archived.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchivedDay {
    pub date: DayDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub plan: Option<DayPlan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub journal: Option<JournalDay>,
    pub archived_at: DateTime<Utc>,
}

/// Which of a day's two files an edit is for.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayFile {
    Planner,
    Journal,
}

impl DayFile {
    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "planner" | "plan" => Ok(DayFile::Planner),
            "journal" => Ok(DayFile::Journal),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of planner, journal; got {s:?}"),
            )),
        }
    }
}

/// How an edit combines with what a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionOp {
    Append,
    Prepend,
    Replace,
}

impl SectionOp {
    pub fn parse(field: &str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "append" => Ok(SectionOp::Append),
            "prepend" => Ok(SectionOp::Prepend),
            "replace" => Ok(SectionOp::Replace),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of append, prepend, replace; got {s:?}"),
            )),
        }
    }
}

/// One edit of one section of a day file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionUpdate {
    pub section: String,
    pub operation: SectionOp,
    pub content: String,
}

/// Structured edits of one day, applied together (all or nothing) to its plan and journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayEdit {
    /// New open plan tasks, in order.
    pub add_tasks: Vec<String>,
    /// Plan tasks to check (`true`) or uncheck, by id.
    pub set_tasks: Vec<(String, bool)>,
    /// Plan tasks to remove, by id.
    pub remove_tasks: Vec<String>,
    /// Todos to plan into the day as linked tasks, by id or short id (the facade resolves
    /// them; one already planned stays as it is).
    pub plan_todos: Vec<String>,
    /// A timestamped journal entry.
    pub journal_entry: Option<String>,
    /// Journal entries to rewrite, by id (the time stays).
    pub edit_entries: Vec<(String, String)>,
    /// Journal entries to remove, by id.
    pub remove_entries: Vec<String>,
    /// Replaces the journal's mood.
    pub mood: Option<String>,
    /// Sets the mood's score (1 to 5); 0 clears it.
    pub mood_score: Option<u8>,
    pub highlights: Vec<String>,
    pub challenges: Vec<String>,
    pub lessons: Vec<String>,
    /// Appended to the journal's reflections.
    pub reflections: Option<String>,
    /// Any other section edit, on either file.
    pub sections: Vec<(DayFile, SectionUpdate)>,
}

impl DayEdit {
    pub fn is_empty(&self) -> bool {
        self == &DayEdit::default()
    }

    pub fn touches_plan(&self) -> bool {
        !self.add_tasks.is_empty()
            || !self.plan_todos.is_empty()
            || !self.set_tasks.is_empty()
            || !self.remove_tasks.is_empty()
            || self.sections.iter().any(|(f, _)| *f == DayFile::Planner)
    }

    pub fn touches_journal(&self) -> bool {
        self.journal_entry.is_some()
            || !self.edit_entries.is_empty()
            || !self.remove_entries.is_empty()
            || self.mood.is_some()
            || self.mood_score.is_some()
            || !self.highlights.is_empty()
            || !self.challenges.is_empty()
            || !self.lessons.is_empty()
            || self.reflections.is_some()
            || self.sections.iter().any(|(f, _)| *f == DayFile::Journal)
    }

    /// Applies the plan half of the edit.
    pub fn apply_plan(
        &self,
        p: &mut DayPlan,
        ids: &mut dyn IdSource,
    ) -> Result<(), ValidationError> {
        for (i, t) in self.add_tasks.iter().enumerate() {
            let text = check_text(&format!("addTasks[{i}]"), t, true, MAX_ITEM)?;
            p.tasks.push(PlanTask::new(ids.next_id(), text, false));
        }
        for (i, (id, done)) in self.set_tasks.iter().enumerate() {
            let t = p.tasks.iter_mut().find(|t| &t.id == id).ok_or_else(|| {
                ValidationError::new(
                    format!("checkTasks[{i}].id"),
                    format!("no plan task with id {id:?} on {}", p.date),
                )
            })?;
            t.done = *done;
        }
        for (i, id) in self.remove_tasks.iter().enumerate() {
            let before = p.tasks.len();
            p.tasks.retain(|t| &t.id != id);
            if p.tasks.len() == before {
                return Err(ValidationError::new(
                    format!("removeTasks[{i}]"),
                    format!("no plan task with id {id:?} on {}", p.date),
                ));
            }
        }
        for (i, (_, u)) in self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| *f == DayFile::Planner)
        {
            p.apply(u, ids)
                .map_err(|e| e.within(&format!("sections[{i}]")))?;
        }
        Ok(())
    }

    /// Applies the journal half of the edit; entries are stamped with `local_time`.
    pub fn apply_journal(
        &self,
        j: &mut JournalDay,
        local_time: NaiveTime,
        ids: &mut dyn IdSource,
    ) -> Result<(), ValidationError> {
        if let Some(e) = &self.journal_entry {
            let text = check_text("journalEntry", e, true, MAX_ENTRY)?;
            j.entries.push(JournalEntry {
                id: ids.next_id(),
                time: local_time.format("%H:%M").to_string(),
                text,
            });
        }
        for (i, (id, text)) in self.edit_entries.iter().enumerate() {
            let text = check_text(&format!("editEntries[{i}].text"), text, true, MAX_ENTRY)?;
            let entry = j.entries.iter_mut().find(|e| &e.id == id).ok_or_else(|| {
                ValidationError::new(
                    format!("editEntries[{i}].id"),
                    format!("no journal entry with id {id:?} on {}", j.date),
                )
            })?;
            entry.text = text;
        }
        for (i, id) in self.remove_entries.iter().enumerate() {
            let before = j.entries.len();
            j.entries.retain(|e| &e.id != id);
            if j.entries.len() == before {
                return Err(ValidationError::new(
                    format!("removeEntries[{i}]"),
                    format!("no journal entry with id {id:?} on {}", j.date),
                ));
            }
        }
        if let Some(m) = &self.mood {
            let m = check_text("mood", m, false, MAX_ITEM)?;
            j.mood = (!m.is_empty()).then_some(m);
        }
        if let Some(n) = self.mood_score {
            crate::daycheck::check_mood_score("moodScore", n, true)?;
            j.mood_score = (n != 0).then_some(n);
        }
        for (field, add, list) in [
            ("highlights", &self.highlights, &mut j.highlights),
            ("challenges", &self.challenges, &mut j.challenges),
            ("lessons", &self.lessons, &mut j.lessons),
        ] {
            for (i, item) in add.iter().enumerate() {
                list.push(check_text(&format!("{field}[{i}]"), item, true, MAX_ITEM)?);
            }
        }
        if let Some(r) = &self.reflections {
            let r = check_text("reflections", r, true, MAX_SECTION)?;
            j.reflections = combine_text(&j.reflections, SectionOp::Append, &r);
        }
        for (i, (_, u)) in self
            .sections
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| *f == DayFile::Journal)
        {
            j.apply(u, local_time, ids)
                .map_err(|e| e.within(&format!("sections[{i}]")))?;
        }
        Ok(())
    }
}

/// The sections every planner has, in display order.
pub const PLAN_SECTIONS: [&str; 5] = [
    "tasks",
    "personal_reminders",
    "ongoing_summary",
    "data_stash",
    "reflections",
];
/// The sections every journal has, in display order.
pub const JOURNAL_SECTIONS: [&str; 8] = [
    "entries",
    "mood",
    "highlights",
    "challenges",
    "lessons",
    "reflections",
    "personal_reminders",
    "tasks",
];

/// Checks a section name: 1-64 letters, digits, `_`, `-` or spaces.
pub fn check_section_name(field: &str, name: &str) -> Result<String, ValidationError> {
    let n = name.trim();
    if n.is_empty()
        || n.chars().count() > 64
        || !n
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
    {
        return Err(ValidationError::new(
            field,
            format!("must be a section name of 1-64 letters, digits, '_', '-' or spaces (e.g. tasks, reflections); got {name:?}"),
        ));
    }
    Ok(n.to_owned())
}

/// [`combine_text`] for a section edit: the result must stay within the section's limit, so
/// repeated appends cannot grow a section past what one replace may hold.
fn combined(
    section: &str,
    current: &str,
    op: SectionOp,
    content: &str,
) -> Result<String, ValidationError> {
    let next = combine_text(current, op, content);
    let n = next.chars().count();
    if n > MAX_SECTION {
        return Err(ValidationError::new(
            format!("content ({section})"),
            format!(
                "the section would hold {n} characters, more than its limit of {MAX_SECTION}; replace or shorten it first"
            ),
        ));
    }
    Ok(next)
}

fn combine_text(current: &str, op: SectionOp, content: &str) -> String {
    // Appends are joined with a blank line, as the legacy server did.
    match op {
        SectionOp::Replace => content.to_owned(),
        _ if current.trim().is_empty() => content.to_owned(),
        _ if content.is_empty() => current.to_owned(),
        SectionOp::Append => format!("{current}\n\n{content}"),
        SectionOp::Prepend => format!("{content}\n\n{current}"),
    }
}

fn combine_list<T>(list: &mut Vec<T>, op: SectionOp, items: Vec<T>) {
    match op {
        SectionOp::Replace => *list = items,
        SectionOp::Append => list.extend(items),
        SectionOp::Prepend => {
            let rest = std::mem::take(list);
            *list = items;
            list.extend(rest);
        }
    }
}

fn checked_content(op: SectionOp, content: &str, max: usize) -> Result<String, ValidationError> {
    // Replacing with nothing clears a section; appending nothing is a mistake worth reporting.
    check_text("content", content, op != SectionOp::Replace, max)
}

/// Splits markdown into checklist items (`- [ ] x`, `- [x] x`, `* x`, `- x`, `1. x`) and the
/// remaining text, so nothing of the input is lost.
pub fn split_checklist(text: &str) -> (Vec<(String, bool)>, String) {
    let mut items = Vec::new();
    let mut rest = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            rest.push(line);
            continue;
        }
        let bullet = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
            .or_else(|| {
                let digits = t.chars().take_while(char::is_ascii_digit).count();
                (digits > 0)
                    .then(|| t[digits..].strip_prefix(". "))
                    .flatten()
            });
        match bullet {
            Some(b) => {
                let b = b.trim_start();
                let (done, body) = if let Some(r) = b.strip_prefix("[ ]") {
                    (false, r)
                } else if let Some(r) = b.strip_prefix("[x]").or_else(|| b.strip_prefix("[X]")) {
                    (true, r)
                } else {
                    (false, b)
                };
                let body = body.trim();
                if body.is_empty() {
                    rest.push(line);
                } else {
                    items.push((body.to_owned(), done));
                }
            }
            None => rest.push(line),
        }
    }
    (items, rest.join("\n").trim().to_owned())
}

/// Splits text into list items: one per non-empty line, bullets removed.
fn split_items(text: &str) -> Vec<String> {
    let (items, rest) = split_checklist(text);
    let mut out: Vec<String> = items.into_iter().map(|(t, _)| t).collect();
    out.extend(
        rest.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
    );
    out
}

impl DayPlan {
    pub fn new(date: DayDate, now: DateTime<Utc>) -> Self {
        DayPlan {
            date,
            tasks: Vec::new(),
            personal_reminders: String::new(),
            ongoing_summary: String::new(),
            data_stash: String::new(),
            reflections: String::new(),
            sections: IndexMap::new(),
            keywords: Vec::new(),
            order: Vec::new(),
            started: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// True when the plan holds nothing a person wrote.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
            && self.personal_reminders.trim().is_empty()
            && self.ongoing_summary.trim().is_empty()
            && self.data_stash.trim().is_empty()
            && self.reflections.trim().is_empty()
            && self.sections.values().all(|s| s.trim().is_empty())
    }

    /// Applies one section edit. `tasks` edits become checklist items; other text is kept.
    pub fn apply(
        &mut self,
        u: &SectionUpdate,
        ids: &mut dyn IdSource,
    ) -> Result<(), ValidationError> {
        let name = check_section_name("section", &u.section)?;
        let content = checked_content(u.operation, &u.content, MAX_SECTION)?;
        match name.as_str() {
            "tasks" => {
                let (items, rest) = split_checklist(&content);
                let mut new = Vec::with_capacity(items.len());
                for (i, (text, done)) in items.into_iter().enumerate() {
                    let text = check_text(&format!("content.tasks[{i}]"), &text, true, MAX_ITEM)?;
                    new.push(PlanTask::new(ids.next_id(), text, done));
                }
                combine_list(&mut self.tasks, u.operation, new);
                let cur = self.sections.get("tasks").cloned().unwrap_or_default();
                let next = combined(&name, &cur, u.operation, &rest)?;
                set_section(&mut self.sections, "tasks", next);
            }
            "personal_reminders" => {
                self.personal_reminders =
                    combined(&name, &self.personal_reminders, u.operation, &content)?
            }
            "ongoing_summary" => {
                self.ongoing_summary =
                    combined(&name, &self.ongoing_summary, u.operation, &content)?
            }
            "data_stash" => {
                self.data_stash = combined(&name, &self.data_stash, u.operation, &content)?
            }
            "reflections" => {
                self.reflections = combined(&name, &self.reflections, u.operation, &content)?
            }
            other => {
                let cur = self.sections.get(other).cloned().unwrap_or_default();
                let next = combined(&name, &cur, u.operation, &content)?;
                set_section(&mut self.sections, other, next);
            }
        }
        Ok(())
    }

    /// The text of a section as markdown (checklists for `tasks`), or `None` if unknown/empty.
    pub fn section_text(&self, name: &str) -> Option<String> {
        let s = match name {
            "tasks" => {
                let mut lines: Vec<String> = self
                    .tasks
                    .iter()
                    .map(|t| format!("- [{}] {}", if t.done { "x" } else { " " }, t.text))
                    .collect();
                if let Some(extra) = self.sections.get("tasks").filter(|s| !s.trim().is_empty()) {
                    lines.push(String::new());
                    lines.push(extra.clone());
                }
                lines.join("\n")
            }
            "personal_reminders" => self.personal_reminders.clone(),
            "ongoing_summary" => self.ongoing_summary.clone(),
            "data_stash" => self.data_stash.clone(),
            "reflections" => self.reflections.clone(),
            other => self.sections.get(other).cloned().unwrap_or_default(),
        };
        (!s.trim().is_empty()).then_some(s)
    }

    /// Every non-empty section, in display order, as `(name, markdown)`.
    pub fn sections_in_order(&self) -> Vec<(String, String)> {
        let names = PLAN_SECTIONS.iter().map(|s| s.to_string()).chain(
            self.sections
                .keys()
                .filter(|k| !PLAN_SECTIONS.contains(&k.as_str()))
                .cloned(),
        );
        names
            .filter_map(|n| self.section_text(&n).map(|t| (n, t)))
            .collect()
    }
}

fn set_section(sections: &mut IndexMap<String, String>, name: &str, text: String) {
    if text.trim().is_empty() {
        sections.shift_remove(name);
    } else {
        sections.insert(name.to_owned(), text);
    }
}

impl JournalDay {
    pub fn new(date: DayDate, now: DateTime<Utc>) -> Self {
        JournalDay {
            date,
            entries: Vec::new(),
            mood: None,
            mood_score: None,
            highlights: Vec::new(),
            challenges: Vec::new(),
            lessons: Vec::new(),
            reflections: String::new(),
            personal_reminders: String::new(),
            sections: IndexMap::new(),
            keywords: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
            && self.mood.as_deref().is_none_or(|m| m.trim().is_empty())
            && self.mood_score.is_none()
            && self.highlights.is_empty()
            && self.challenges.is_empty()
            && self.lessons.is_empty()
            && self.reflections.trim().is_empty()
            && self.personal_reminders.trim().is_empty()
            && self.sections.values().all(|s| s.trim().is_empty())
    }

    /// Applies one section edit; `entries` edits add a timestamped entry at `local_time`.
    pub fn apply(
        &mut self,
        u: &SectionUpdate,
        local_time: NaiveTime,
        ids: &mut dyn IdSource,
    ) -> Result<(), ValidationError> {
        let name = check_section_name("section", &u.section)?;
        let content = checked_content(u.operation, &u.content, MAX_SECTION)?;
        let list_items = |c: &str| -> Result<Vec<String>, ValidationError> {
            split_items(c)
                .into_iter()
                .enumerate()
                .map(|(i, s)| check_text(&format!("content[{i}]"), &s, true, MAX_ITEM))
                .collect()
        };
        match name.as_str() {
            "entries" | "entry" => {
                let new = if content.is_empty() {
                    Vec::new()
                } else {
                    vec![JournalEntry {
                        id: ids.next_id(),
                        time: local_time.format("%H:%M").to_string(),
                        text: check_text("content", &content, true, MAX_ENTRY)?,
                    }]
                };
                combine_list(&mut self.entries, u.operation, new);
            }
            "mood" => {
                let m = check_text("content", &content, false, MAX_ITEM)?;
                let cur = self.mood.clone().unwrap_or_default();
                let next = match u.operation {
                    SectionOp::Replace => m,
                    _ if cur.is_empty() => m,
                    SectionOp::Append => format!("{cur}; {m}"),
                    SectionOp::Prepend => format!("{m}; {cur}"),
                };
                self.mood = (!next.trim().is_empty()).then_some(next);
            }
            "highlights" => combine_list(&mut self.highlights, u.operation, list_items(&content)?),
            "challenges" => combine_list(&mut self.challenges, u.operation, list_items(&content)?),
            "lessons" => combine_list(&mut self.lessons, u.operation, list_items(&content)?),
            "reflections" => {
                self.reflections = combined(&name, &self.reflections, u.operation, &content)?
            }
            "personal_reminders" => {
                self.personal_reminders =
                    combined(&name, &self.personal_reminders, u.operation, &content)?
            }
            other => {
                let cur = self.sections.get(other).cloned().unwrap_or_default();
                let next = combined(&name, &cur, u.operation, &content)?;
                set_section(&mut self.sections, other, next);
            }
        }
        Ok(())
    }

    /// The text of a section as markdown, or `None` when empty.
    pub fn section_text(&self, name: &str) -> Option<String> {
        let bullets = |v: &[String]| {
            v.iter()
                .map(|s| format!("- {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let s = match name {
            "entries" => self
                .entries
                .iter()
                .map(|e| format!("**{}** {}", e.time, e.text))
                .collect::<Vec<_>>()
                .join("\n\n"),
            "mood" => self.mood.clone().unwrap_or_default(),
            "highlights" => bullets(&self.highlights),
            "challenges" => bullets(&self.challenges),
            "lessons" => bullets(&self.lessons),
            "reflections" => self.reflections.clone(),
            "personal_reminders" => self.personal_reminders.clone(),
            other => self.sections.get(other).cloned().unwrap_or_default(),
        };
        (!s.trim().is_empty()).then_some(s)
    }

    pub fn sections_in_order(&self) -> Vec<(String, String)> {
        let names = JOURNAL_SECTIONS.iter().map(|s| s.to_string()).chain(
            self.sections
                .keys()
                .filter(|k| !JOURNAL_SECTIONS.contains(&k.as_str()))
                .cloned(),
        );
        names
            .filter_map(|n| self.section_text(&n).map(|t| (n, t)))
            .collect()
    }
}

/// Renders a day's plan and journal as one markdown note.
pub fn day_markdown(date: DayDate, plan: Option<&DayPlan>, journal: Option<&JournalDay>) -> String {
    let title = |s: &str| {
        let mut t = s.replace('_', " ");
        if let Some(f) = t.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        t
    };
    let mut out = format!("# {date}\n");
    for (heading, secs) in [
        ("Plan", plan.map(DayPlan::sections_in_order)),
        ("Journal", journal.map(JournalDay::sections_in_order)),
    ] {
        if let Some(secs) = secs.filter(|s| !s.is_empty()) {
            out.push_str(&format!("\n## {heading}\n"));
            for (name, text) in secs {
                out.push_str(&format!("\n### {}\n\n{}\n", title(&name), text.trim_end()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
