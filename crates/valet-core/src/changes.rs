//! What one write changed in a record, field by field: taken at write time (the store holds the
//! old and the new data then), kept compact in the change log, and put into words for people
//! ("priority medium → high", "completed", "note added") by the audit trail of the CLI, the
//! app's record history and MCP. One wording for all three.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One changed top-level field, with compacted old and new values (absent: the field was
/// missing or empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    #[serde(rename = "f")]
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Value>,
}

/// Bookkeeping fields every write touches or that only restate another field's change.
const SKIPPED: &[&str] = &[
    "id",
    "date",
    "createdAt",
    "updatedAt",
    "completedAt",
    "remindedUntil",
    "order",
];
/// Text longer than this is cut (the log keeps a hint, not a copy).
const MAX_CHARS: usize = 80;
/// Lists longer than this keep their first items only.
const MAX_ITEMS: usize = 50;

/// The fields that differ between `old` and `new` record data (JSON objects). A record
/// created or deleted has no field changes: the entry's operation says it all.
pub fn diff(old: Option<&Value>, new: Option<&Value>) -> Vec<FieldChange> {
    let (Some(Value::Object(o)), Some(Value::Object(n))) = (old, new) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = o.keys().chain(n.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !SKIPPED.contains(&k.as_str()))
        .filter_map(|k| {
            let (a, b) = (present(o.get(k)), present(n.get(k)));
            (a != b).then(|| FieldChange {
                field: k.clone(),
                from: a.map(compact),
                to: b.map(compact),
            })
        })
        .collect()
}

/// A value worth showing: not null, not an empty text, list or object.
fn present(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
        _ => true,
    })
}

fn compact(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(cut(s)),
        Value::Array(a) => Value::Array(a.iter().take(MAX_ITEMS).map(compact_item).collect()),
        Value::Object(m) => Value::Object(scalars(m)),
        other => other.clone(),
    }
}

/// A list item: scalars as they are, an object with its scalar fields only.
fn compact_item(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(scalars(m)),
        Value::Array(_) => Value::Null,
        other => compact(other),
    }
}

fn scalars(m: &Map<String, Value>) -> Map<String, Value> {
    m.iter()
        .filter(|(_, v)| !matches!(v, Value::Array(_) | Value::Object(_)))
        .map(|(k, v)| (k.clone(), compact(v)))
        .collect()
}

fn cut(s: &str) -> String {
    match s.char_indices().nth(MAX_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The changes in words, one phrase each, for a record of `kind` (`todos`, `plans`,
/// `journals`, `archive`, `projects`).
pub fn describe(kind: &str, changes: &[FieldChange]) -> Vec<String> {
    let mut out = Vec::new();
    for c in changes {
        let (from, to) = (c.from.as_ref(), c.to.as_ref());
        match (kind, c.field.as_str()) {
            ("todos", "status") => out.push(match (text(from), text(to)) {
                (_, Some("completed")) => "completed".to_owned(),
                (Some("completed"), _) => "reopened".to_owned(),
                (a, b) => format!("status {} → {}", a.unwrap_or("—"), b.unwrap_or("—")),
            }),
            ("todos", "content") => out.push(format!(
                "renamed “{}” → “{}”",
                text(from).unwrap_or(""),
                text(to).unwrap_or("")
            )),
            ("todos", "category") => out.push(format!(
                "project {} → {}",
                project(text(from)),
                project(text(to))
            )),
            ("todos", "body") => out.push(
                match (from, to) {
                    (None, _) => "note added",
                    (_, None) => "note removed",
                    _ => "note edited",
                }
                .to_owned(),
            ),
            ("todos", "notes") => out.push("note logged".to_owned()),
            ("todos", "repeat") => out.push(
                match (from, to) {
                    (None, _) => "set to repeat",
                    (_, None) => "stopped repeating",
                    _ => "repeat changed",
                }
                .to_owned(),
            ),
            ("todos", "snoozedUntil") => out.push(match to {
                Some(_) => "reminder snoozed".to_owned(),
                None => "snooze ended".to_owned(),
            }),
            ("todos", "steps") => out.extend(items("step", from, to)),
            ("plans" | "archive", "tasks") => out.extend(items("task", from, to)),
            ("journals" | "archive", "entries") => out.extend(items("entry", from, to)),
            (_, "tags" | "keywords" | "reminders" | "highlights" | "challenges" | "lessons") => {
                out.push(list(&words(&c.field), from, to));
            }
            (_, "started") => out.push("day started".to_owned()),
            ("todos", "when") => out.push(scalar("scheduled", from, to)),
            ("todos", "due") => out.push(scalar("deadline", from, to)),
            ("todos", "dueTime") => out.push(scalar("deadline time", from, to)),
            _ => out.push(scalar(&words(&c.field), from, to)),
        }
    }
    out
}

fn text(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

fn project(name: Option<&str>) -> String {
    match name {
        Some(n) if !crate::project::is_no_project(n) => n.to_owned(),
        _ => "none".to_owned(),
    }
}

/// `personalReminders` → `personal reminders`.
fn words(field: &str) -> String {
    let mut s = String::with_capacity(field.len() + 4);
    for ch in field.chars() {
        if ch.is_ascii_uppercase() {
            s.push(' ');
            s.push(ch.to_ascii_lowercase());
        } else {
            s.push(ch);
        }
    }
    s
}

fn shown(v: Option<&Value>) -> String {
    match v {
        None => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A short value changes as `field a → b`; a longer text says only what happened to it.
fn scalar(label: &str, from: Option<&Value>, to: Option<&Value>) -> String {
    let long = |v: Option<&Value>| {
        matches!(v, Some(Value::String(s)) if s.chars().count() > 40 || s.contains('\n'))
            || matches!(v, Some(Value::Array(_) | Value::Object(_)))
    };
    if long(from) || long(to) {
        return match (from, to) {
            (None, _) => format!("{label} added"),
            (_, None) => format!("{label} cleared"),
            _ => format!("{label} edited"),
        };
    }
    match (from, to) {
        (None, Some(b)) => format!("{label} set to {}", shown(Some(b))),
        (Some(a), None) => format!("{label} removed (was {})", shown(Some(a))),
        _ => format!("{label} {} → {}", shown(from), shown(to)),
    }
}

/// A list of plain values: what was added and what was removed.
fn list(label: &str, from: Option<&Value>, to: Option<&Value>) -> String {
    let vals = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().map(|x| shown(Some(x))).collect())
            .unwrap_or_default()
    };
    let (a, b) = (vals(from), vals(to));
    let mut parts: Vec<String> = b
        .iter()
        .filter(|x| !a.contains(x))
        .map(|x| format!("+{x}"))
        .collect();
    parts.extend(a.iter().filter(|x| !b.contains(x)).map(|x| format!("−{x}")));
    if parts.is_empty() {
        format!("{label} reordered")
    } else {
        format!("{label} {}", parts.join(" "))
    }
}

/// A list of items with an id, a text and maybe a done mark (steps, plan tasks, journal
/// entries): one phrase per item added, removed, checked, unchecked or reworded.
fn items(label: &str, from: Option<&Value>, to: Option<&Value>) -> Vec<String> {
    let all = |v: Option<&Value>| -> Vec<Map<String, Value>> {
        v.and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_object().cloned()).collect())
            .unwrap_or_default()
    };
    let (a, b) = (all(from), all(to));
    let key = |m: &Map<String, Value>| -> Value {
        m.get("id")
            .or_else(|| m.get("text"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let txt = |m: &Map<String, Value>| shown(m.get("text"));
    let mut out = Vec::new();
    for n in &b {
        match a.iter().find(|o| key(o) == key(n)) {
            None => out.push(format!("{label} added: {}", txt(n))),
            Some(o) => {
                let done = |m: &Map<String, Value>| m.get("done").and_then(Value::as_bool);
                if done(o) != done(n) {
                    let verb = if done(n) == Some(true) {
                        "checked"
                    } else {
                        "unchecked"
                    };
                    out.push(format!("{label} {verb}: {}", txt(n)));
                }
                if o.get("text") != n.get("text") {
                    out.push(format!("{label} reworded: {} → {}", txt(o), txt(n)));
                }
            }
        }
    }
    for o in &a {
        if !b.iter().any(|n| key(n) == key(o)) {
            out.push(format!("{label} removed: {}", txt(o)));
        }
    }
    if out.is_empty() {
        out.push(format!("{label}s reordered"));
    }
    out
}

#[cfg(test)]
#[path = "changes_tests.rs"]
mod tests;
