//! The legacy `valet-data` folder's JSON shapes and their mapping onto Valet's records, with no IO.
//!
//! Everything here is deterministic: the same legacy bytes always map to the same records (plan
//! task ids included), so a second import compares equal and changes nothing. See
//! `docs/ARCHITECTURE.md` ("Data in and out") for every rule.

use chrono::{DateTime, NaiveDate, Utc};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::day::{ArchivedDay, DayPlan, JournalDay, PlanTask, JOURNAL_SECTIONS};
use crate::error::{check_text, ValidationError};
use crate::ids::{DayDate, TodoId};
use crate::settings::{Settings, UserSettings};
use crate::time::parse_zone;
use crate::todo::{Priority, Status, Todo, DEFAULT_CATEGORY, MAX_CONTENT, MAX_NOTES};

/// The prefix of the section that keeps the differing text of the older of two copies of a day.
/// A person sees it on the day; search finds it.
pub const CONFLICT_PREFIX: &str = "conflict: ";

/// `_global_todo.json`. Tasks stay raw so one bad task does not hide the others.
#[derive(Debug, Clone, Deserialize)]
pub struct TodoFile {
    #[serde(default)]
    pub updated: Option<String>,
    pub tasks: Vec<Value>,
}

/// The whole tasks of a `_global_todo.json` that is cut short (a crash mid-write, a partial copy)
/// or damaged part way: those complete before the damage. None when the text has no
/// `"tasks": [` to start from.
pub fn salvage_tasks(text: &str) -> Option<Vec<Value>> {
    let mut pos = tasks_array_start(text)?;
    let mut tasks = Vec::new();
    loop {
        let rest = &text[pos..];
        pos += rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == ',')
                .len();
        if pos >= text.len() || text[pos..].starts_with(']') {
            break;
        }
        let mut values = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
        match values.next() {
            Some(Ok(v)) => {
                pos += values.byte_offset();
                tasks.push(v);
            }
            _ => break,
        }
    }
    Some(tasks)
}

/// Where the elements of the top-level `"tasks": [` start.
fn tasks_array_start(text: &str) -> Option<usize> {
    text.match_indices("\"tasks\"").find_map(|(at, key)| {
        let rest = text[at + key.len()..].trim_start().strip_prefix(':')?;
        let rest = rest.trim_start().strip_prefix('[')?;
        Some(text.len() - rest.len())
    })
}

/// Why a legacy value could not be imported; names the field.
pub type MapError = ValidationError;

/// Parses an ISO-8601 timestamp as the legacy server wrote it (`2025-07-15T19:26:38.300Z`).
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn str_field<'a>(o: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}

/// Maps one legacy task. `fallback_time` (the file's `updated`) stands in for a missing
/// `created`. Returns the todo and warnings about values that had to be reinterpreted; values
/// that have no field of their own are kept as notes (`legacy <field>: <json>`).
pub fn map_task(
    index: usize,
    v: &Value,
    fallback_time: Option<DateTime<Utc>>,
) -> Result<(Todo, Vec<String>), MapError> {
    let at = |f: &str| format!("tasks[{index}].{f}");
    let o = v
        .as_object()
        .ok_or_else(|| ValidationError::new(format!("tasks[{index}]"), "must be a JSON object"))?;
    let mut warnings = Vec::new();
    let id_text = str_field(o, "id")
        .ok_or_else(|| ValidationError::new(at("id"), "must be present (a UUID)"))?;
    let id = TodoId::parse(&at("id"), id_text)?;
    let content = str_field(o, "content").unwrap_or_default();
    check_text(&at("content"), content, true, usize::MAX)?;
    let mut notes: Vec<String> = Vec::new();
    let mut content = content.to_owned();
    if content.trim().chars().count() > MAX_CONTENT {
        // Too long for a todo's text: keep the start as the text and the whole as the first note.
        notes.push(content.clone());
        content = content
            .trim()
            .chars()
            .take(MAX_CONTENT - 1)
            .collect::<String>()
            + "…";
        warnings.push(format!(
            "{}: longer than {MAX_CONTENT} characters; shortened, the whole text is the first note",
            at("content")
        ));
    }
    let priority = match o.get("priority") {
        None | Some(Value::Null) => Priority::default(),
        Some(Value::String(p)) => Priority::parse(&at("priority"), p).unwrap_or_else(|e| {
            warnings.push(format!(
                "{e}; imported as medium, the value is kept as a note"
            ));
            notes.push(format!("legacy priority: {p}"));
            Priority::default()
        }),
        Some(other) => {
            warnings.push(format!(
                "{}: not a string; imported as medium",
                at("priority")
            ));
            notes.push(format!("legacy priority: {other}"));
            Priority::default()
        }
    };
    let category = match str_field(o, "category").map(str::trim) {
        Some(c) if !c.is_empty() => c.to_owned(),
        _ => DEFAULT_CATEGORY.to_owned(),
    };
    let completed = match o.get("completed") {
        Some(Value::Bool(b)) => *b,
        None | Some(Value::Null) => false,
        Some(other) => {
            warnings.push(format!(
                "{}: not true/false ({other}); imported as not completed",
                at("completed")
            ));
            false
        }
    };
    let due = match o.get("due") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => {
            // Some writers stored a whole timestamp; its date part is the due day.
            let day = s.trim().get(..10).unwrap_or(s.trim());
            match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    warnings.push(format!(
                        "{}: {s:?} is not a YYYY-MM-DD date; kept as a note",
                        at("due")
                    ));
                    notes.push(format!("legacy due: {s}"));
                    None
                }
            }
        }
        Some(other) => {
            notes.push(format!("legacy due: {other}"));
            None
        }
    };
    let time_of = |k: &str, warnings: &mut Vec<String>| match o.get(k) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            let t = parse_time(s);
            if t.is_none() {
                warnings.push(format!("{}: {s:?} is not an ISO-8601 time", at(k)));
            }
            t
        }
        Some(other) => {
            warnings.push(format!("{}: {other} is not an ISO-8601 time", at(k)));
            None
        }
    };
    let created = time_of("created", &mut warnings);
    let completed_at = time_of("completed_at", &mut warnings);
    let updated = time_of("updated_at", &mut warnings);
    let created_at = created
        .or(updated)
        .or(completed_at)
        .or(fallback_time)
        .ok_or_else(|| {
            ValidationError::new(
                at("created"),
                "must be an ISO-8601 time (and the file has no `updated` to stand in)",
            )
        })?;
    let updated_at = [Some(created_at), updated, completed_at]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(created_at);
    match o.get("notes") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for (i, n) in a.iter().enumerate() {
                match n {
                    Value::String(s) if s.trim().is_empty() => {}
                    Value::String(s) => notes.push(s.clone()),
                    other => {
                        warnings.push(format!(
                            "{}[{i}]: not a string; kept as JSON text",
                            at("notes")
                        ));
                        notes.push(other.to_string());
                    }
                }
            }
        }
        Some(Value::String(s)) if !s.trim().is_empty() => notes.push(s.clone()),
        Some(other) => notes.push(format!("legacy notes: {other}")),
    }
    const KNOWN: [&str; 10] = [
        "id",
        "content",
        "priority",
        "category",
        "completed",
        "created",
        "due",
        "notes",
        "completed_at",
        "updated_at",
    ];
    for (k, v) in o.iter().filter(|(k, _)| !KNOWN.contains(&k.as_str())) {
        if !v.is_null() {
            notes.push(format!("legacy {k}: {v}"));
        }
    }
    if notes.len() > MAX_NOTES {
        let rest = notes.split_off(MAX_NOTES - 1);
        notes.push(rest.join("\n\n"));
        warnings.push(format!(
            "{}: more than {MAX_NOTES} notes; the last ones were joined into one",
            at("notes")
        ));
    }
    let mut todo = Todo::blank(id, content, created_at);
    todo.status = [Status::Pending, Status::Completed][usize::from(completed)];
    (todo.priority, todo.category, todo.due, todo.notes) = (priority, category, due, notes);
    todo.updated_at = updated_at;
    todo.completed_at = completed.then_some(completed_at).flatten();
    todo.validate()
        .map_err(|e| e.within(&format!("tasks[{index}]")))?;
    Ok((todo, warnings))
}

/// A legacy day file (`days/DATE-planner.json`, `days/DATE-journal.json`, or one half of an archive).
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyDay {
    pub date: DayDate,
    /// `planner` or `journal` as the file says (the file name decides when they disagree).
    pub kind: Option<String>,
    /// Every section, in file order; non-string values are kept as their JSON text.
    pub sections: IndexMap<String, String>,
    pub keywords: Vec<String>,
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
}

/// Parses a day file's text. `name_date` is the date from the file name, used when the file
/// has none. Warnings name what was reinterpreted.
pub fn parse_day(
    text: &str,
    name_date: Option<DayDate>,
) -> Result<(LegacyDay, Vec<String>), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    day_from_value(&v, name_date)
}

fn day_from_value(
    v: &Value,
    name_date: Option<DayDate>,
) -> Result<(LegacyDay, Vec<String>), String> {
    let o = v.as_object().ok_or("must be a JSON object")?;
    let mut warnings = Vec::new();
    let date = match (
        str_field(o, "date").map(|d| DayDate::parse("date", d)),
        name_date,
    ) {
        (Some(Ok(d)), Some(n)) if d != n => {
            warnings.push(format!(
                "date: the file says {d} but its name says {n}; imported under {n}"
            ));
            n
        }
        (Some(Ok(d)), _) => d,
        (_, Some(n)) => n,
        (Some(Err(e)), None) => return Err(e.to_string()),
        (None, None) => return Err("date: must be present (YYYY-MM-DD)".into()),
    };
    let mut sections = IndexMap::new();
    match o.get("sections") {
        Some(Value::Object(m)) => {
            for (k, v) in m {
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => {
                        warnings.push(format!("sections.{k}: not a string; kept as its JSON text"));
                        serde_json::to_string_pretty(other).unwrap_or_else(|_| other.to_string())
                    }
                };
                sections.insert(k.clone(), text);
            }
        }
        None | Some(Value::Null) => warnings.push("sections: missing; the day is empty".into()),
        Some(_) => return Err("sections: must be an object of section name to text".into()),
    }
    let meta = o.get("metadata").and_then(Value::as_object);
    let meta_time = |k: &str| meta.and_then(|m| str_field(m, k)).and_then(parse_time);
    let keywords = meta
        .and_then(|m| m.get("keywords"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok((
        LegacyDay {
            date,
            kind: str_field(o, "type").map(str::to_owned),
            sections,
            keywords,
            created: meta_time("created"),
            updated: meta_time("updated"),
        },
        warnings,
    ))
}

impl LegacyDay {
    fn times(&self, fallback: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let created = self.created.or(self.updated).unwrap_or(fallback);
        (created, self.updated.unwrap_or(created))
    }

    /// The day as a plan. `fallback` stands in for missing metadata times (the caller passes
    /// something stable, e.g. the file's archive time, so a re-import compares equal).
    pub fn to_plan(&self, fallback: DateTime<Utc>) -> DayPlan {
        let (created, updated) = self.times(fallback);
        let mut p = DayPlan::new(self.date, created);
        p.updated_at = updated;
        p.keywords = self.keywords.clone();
        for (name, text) in &self.sections {
            match name.as_str() {
                "tasks" => {
                    let (items, rest) = split_legacy_checklist(text);
                    p.tasks = items
                        .into_iter()
                        .enumerate()
                        .map(|(i, (text, done))| {
                            let id = format!("{}-t{}", self.date.date().format("%Y%m%d"), i + 1);
                            PlanTask::new(id, text, done)
                        })
                        .collect();
                    if !rest.is_empty() {
                        p.sections.insert("tasks".into(), rest);
                    }
                }
                "personal_reminders" => p.personal_reminders = text.clone(),
                "ongoing_summary" => p.ongoing_summary = text.clone(),
                "data_stash" => p.data_stash = text.clone(),
                "reflections" => p.reflections = text.clone(),
                other => {
                    p.sections.insert(other.to_owned(), text.clone());
                }
            }
        }
        p
    }

    /// The day as a journal: `reflections` and `personal_reminders` are its own fields; every
    /// other section (legacy journals also carry `tasks`, `data_stash`, ...) is kept in
    /// `sections`, in order, as markdown. Names that the journal uses for structured lists
    /// (`entries`, `mood`, `highlights`, ...) get a ` (legacy)` suffix so their text is shown.
    pub fn to_journal(&self, fallback: DateTime<Utc>) -> JournalDay {
        let (created, updated) = self.times(fallback);
        let mut j = JournalDay::new(self.date, created);
        j.updated_at = updated;
        j.keywords = self.keywords.clone();
        for (name, text) in &self.sections {
            match name.as_str() {
                "reflections" => j.reflections = text.clone(),
                "personal_reminders" => j.personal_reminders = text.clone(),
                "tasks" => {
                    j.sections.insert(name.clone(), text.clone());
                }
                other if JOURNAL_SECTIONS.contains(&other) => {
                    j.sections.insert(format!("{other} (legacy)"), text.clone());
                }
                other => {
                    j.sections.insert(other.to_owned(), text.clone());
                }
            }
        }
        j
    }
}

/// Splits a legacy `tasks` section: only checklist lines (`- [ ] x`, `- [x] x`, also with `*`
/// or `+`) become tasks; every other line (headings, plain bullets, paragraphs) stays, in
/// order, in the returned text, so no word of the section is lost.
pub fn split_legacy_checklist(text: &str) -> (Vec<(String, bool)>, String) {
    let mut items = Vec::new();
    let mut rest: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        let body = ["- ", "* ", "+ "]
            .iter()
            .find_map(|b| t.strip_prefix(b))
            .map(str::trim_start);
        let item = body.and_then(|b| {
            if let Some(r) = b.strip_prefix("[ ]") {
                Some((r.trim(), false))
            } else {
                b.strip_prefix("[x]")
                    .or_else(|| b.strip_prefix("[X]"))
                    .map(|r| (r.trim(), true))
            }
        });
        match item {
            Some((body, done)) if !body.is_empty() => items.push((body.to_owned(), done)),
            _ => rest.push(line),
        }
    }
    // Blank lines left between removed items collapse to one, so the text reads as it did.
    let mut out: Vec<&str> = Vec::new();
    for l in rest {
        if l.trim().is_empty() && out.last().is_none_or(|p| p.trim().is_empty()) {
            continue;
        }
        out.push(l);
    }
    (items, out.join("\n").trim_end().to_owned())
}

/// An archive file, decoded twice: `files.planner` / `files.journal` are day files as strings.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyArchive {
    pub date: DayDate,
    pub archived_at: Option<DateTime<Utc>>,
    pub planner: Option<LegacyDay>,
    pub journal: Option<LegacyDay>,
}

/// Parses an archive file. A half that cannot be decoded is left out with a warning that says
/// why, and the other half still imports; with no half usable the whole file fails (reported
/// with the reason).
pub fn parse_archive(
    text: &str,
    name_date: Option<DayDate>,
) -> Result<(LegacyArchive, Vec<String>), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let o = v.as_object().ok_or("must be a JSON object")?;
    let mut warnings = Vec::new();
    let date = match (
        str_field(o, "date").map(|d| DayDate::parse("date", d)),
        name_date,
    ) {
        (Some(Ok(d)), Some(n)) if d != n => {
            warnings.push(format!(
                "date: the file says {d} but its name says {n}; imported under {n}"
            ));
            n
        }
        (Some(Ok(d)), _) => d,
        (_, Some(n)) => n,
        (Some(Err(e)), None) => return Err(e.to_string()),
        (None, None) => return Err("date: must be present (YYYY-MM-DD)".into()),
    };
    let files = match o.get("files") {
        Some(Value::Object(m)) => m.clone(),
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err("files: must be an object with planner and/or journal".into()),
    };
    let mut half = |k: &str| -> Result<Option<LegacyDay>, String> {
        let inner = match files.get(k) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(s)) => serde_json::from_str::<Value>(s)
                .map_err(|e| format!("files.{k}: the string is not a JSON day file: {e}"))?,
            // Some writers stored the day file as an object; take it as it is.
            Some(obj @ Value::Object(_)) => obj.clone(),
            Some(_) => return Err(format!("files.{k}: must be a JSON document as a string")),
        };
        let (d, w) = day_from_value(&inner, Some(date)).map_err(|e| format!("files.{k}: {e}"))?;
        warnings.extend(w.into_iter().map(|w| format!("files.{k}.{w}")));
        Ok(Some(d))
    };
    let (planner, journal) = match (half("planner"), half("journal")) {
        (Err(p), Err(j)) => return Err(format!("{p}; {j}")),
        (Err(e), Ok(None)) | (Ok(None), Err(e)) => return Err(e),
        (p, j) => {
            let mut keep = |r: Result<Option<LegacyDay>, String>| {
                r.unwrap_or_else(|e| {
                    warnings.push(format!(
                        "{e}; this half was not imported, the other one was"
                    ));
                    None
                })
            };
            (keep(p), keep(j))
        }
    };
    for k in files.keys().filter(|k| *k != "planner" && *k != "journal") {
        warnings.push(format!("files.{k}: not a planner or journal; not imported"));
    }
    if planner.is_none() && journal.is_none() {
        warnings.push("files: has neither planner nor journal".into());
    }
    Ok((
        LegacyArchive {
            date,
            archived_at: str_field(o, "archived_at").and_then(parse_time),
            planner,
            journal,
        },
        warnings,
    ))
}

impl LegacyArchive {
    /// The archived day. Its times fall back to the halves' own, so the mapping is stable.
    pub fn to_archived(&self) -> Option<ArchivedDay> {
        let fallback = self.archived_at.or_else(|| {
            [&self.planner, &self.journal]
                .into_iter()
                .flatten()
                .filter_map(|d| d.updated.or(d.created))
                .max()
        })?;
        Some(ArchivedDay {
            date: self.date,
            plan: self.planner.as_ref().map(|d| d.to_plan(fallback)),
            journal: self.journal.as_ref().map(|d| d.to_journal(fallback)),
            archived_at: self.archived_at.unwrap_or(fallback),
        })
    }
}

fn contains_text(haystack: &str, needle: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    norm(haystack).contains(&norm(needle))
}

/// Keeps the text of `older` that `newer` lacks: each section of `older` whose text is not
/// already in the same section of `newer` is added to `newer` as
/// `conflict: <label> copy of <section>`. Returns the names of the sections added.
pub fn keep_plan_conflicts(newer: &mut DayPlan, older: &DayPlan, label: &str) -> Vec<String> {
    let mut added = Vec::new();
    for (name, text) in older.sections_in_order() {
        if name.starts_with(CONFLICT_PREFIX) {
            continue;
        }
        let have = newer.section_text(&name).unwrap_or_default();
        if !contains_text(&have, &text) {
            let key = format!("{CONFLICT_PREFIX}{label} copy of {name}");
            if newer.sections.get(&key) != Some(&text) {
                newer.sections.insert(key.clone(), text);
            }
            added.push(key);
        }
    }
    added
}

/// [`keep_plan_conflicts`] for journals.
pub fn keep_journal_conflicts(
    newer: &mut JournalDay,
    older: &JournalDay,
    label: &str,
) -> Vec<String> {
    let mut added = Vec::new();
    for (name, text) in older.sections_in_order() {
        if name.starts_with(CONFLICT_PREFIX) {
            continue;
        }
        let have = newer.section_text(&name).unwrap_or_default();
        if !contains_text(&have, &text) {
            let key = format!("{CONFLICT_PREFIX}{label} copy of {name}");
            if newer.sections.get(&key) != Some(&text) {
                newer.sections.insert(key.clone(), text);
            }
            added.push(key);
        }
    }
    added
}

/// Relative paths from `file_paths` in legacy settings: `(days_directory, archive_directory)`.
pub fn legacy_dirs(settings: Option<&Value>) -> (String, String) {
    let fp = settings
        .and_then(|s| s.get("file_paths"))
        .and_then(Value::as_object);
    let get = |k: &str, d: &str| {
        fp.and_then(|m| str_field(m, k))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(d)
            .to_owned()
    };
    (
        get("days_directory", "days"),
        get("archive_directory", "archive"),
    )
}

/// Carries legacy settings over onto `current`. What has a meaning (`user.name`, the time zone
/// from `user.timezone` or `preferences.timezone`) fills `user` where it is empty; every other
/// top-level key (`daily_routine`, `preferences` with `date_format`, `mcp`, `file_paths`, ...)
/// is kept verbatim under the same name unless the current settings already have that key.
/// Returns the new settings and what was not carried over, with the reason.
pub fn merge_settings(current: &Settings, legacy: &Value) -> (Settings, Vec<String>) {
    let mut next = current.clone();
    let mut notes = Vec::new();
    let Some(o) = legacy.as_object() else {
        notes.push("settings.json: not a JSON object; nothing carried over".into());
        return (next, notes);
    };
    let user = o.get("user").and_then(Value::as_object);
    let zone = user
        .and_then(|u| str_field(u, "timezone"))
        .or_else(|| {
            o.get("preferences")
                .and_then(Value::as_object)
                .and_then(|p| str_field(p, "timezone"))
        })
        .map(str::trim)
        .filter(|z| !z.is_empty());
    let u = next.user.get_or_insert_with(UserSettings::default);
    if let Some(name) = user.and_then(|u| str_field(u, "name")).map(str::trim) {
        match &u.name {
            None if !name.is_empty() => u.name = Some(name.to_owned()),
            Some(have) if have != name => notes.push(format!(
                "user.name: kept {have:?}; the legacy value was {name:?}"
            )),
            _ => {}
        }
    }
    if let Some(z) = zone {
        match (&u.timezone, parse_zone("user.timezone", z)) {
            (_, Err(e)) => notes.push(format!("{e}; not carried over")),
            (None, Ok(_)) => u.timezone = Some(z.to_owned()),
            (Some(have), Ok(_)) if have != z => notes.push(format!(
                "user.timezone: kept {have:?}; the legacy value was {z:?}"
            )),
            _ => {}
        }
    }
    if let Some(user) = user {
        for (k, v) in user
            .iter()
            .filter(|(k, _)| *k != "name" && *k != "timezone")
        {
            u.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if *u == UserSettings::default() {
        next.user = None;
    }
    for (k, v) in o {
        if k == "user" || k == "storage" {
            if k == "storage" {
                notes.push("storage: legacy storage settings are not carried over".into());
            }
            continue;
        }
        match next.extra.get(k) {
            None => {
                next.extra.insert(k.clone(), v.clone());
            }
            Some(have) if have != v => notes.push(format!(
                "{k}: kept the current value; the legacy value differs"
            )),
            _ => {}
        }
    }
    (next, notes)
}

#[cfg(test)]
#[path = "legacy_tests.rs"]
mod tests;
