//! A cache of the whole index in one file (`.valet/cache/index.json`), anchored at an offset of
//! the change log, so a cold open reads one file plus the log's tail instead of every record.
//! It is only a cache: when missing, damaged or from another log, the store scans the records.
//!
//! Format 2 is JSON lines: a header, the days and projects, then the todos in parts, so the
//! parts are parsed on every core at once (parsing is most of a CLI command on 10,000 todos).
//! Format 1 (one JSON document) is still read, and replaced at the next save.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use valet_core::{ArchivedDay, DayPlan, Envelope, JournalDay, Project, Todo};

use crate::error::{Result, StoreError};
use crate::records::Records;

const SNAPSHOT_FORMAT: u32 = 2;
/// Todos per line of the file: small enough to share out, big enough to be worth a thread.
const TODOS_PER_PART: usize = 1_000;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    format: u32,
    log_id: String,
    log_pos: u64,
}

#[derive(Serialize)]
struct DaysOut<'a> {
    plans: Vec<&'a Envelope<DayPlan>>,
    journals: Vec<&'a Envelope<JournalDay>>,
    archives: Vec<&'a Envelope<ArchivedDay>>,
    projects: Vec<&'a Envelope<Project>>,
}

#[derive(Deserialize, Default)]
struct Days {
    plans: Vec<Envelope<DayPlan>>,
    journals: Vec<Envelope<JournalDay>>,
    archives: Vec<Envelope<ArchivedDay>>,
    // Snapshots written before projects existed have none.
    #[serde(default)]
    projects: Vec<Envelope<Project>>,
}

/// Format 1: everything in one document.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileV1 {
    log_id: String,
    log_pos: u64,
    todos: Vec<Envelope<Todo>>,
    #[serde(flatten)]
    days: Days,
}

/// A loaded snapshot: the index as of `log_pos` in the log `log_id`.
pub struct Snapshot {
    pub log_id: String,
    pub log_pos: u64,
    pub records: Records,
}

pub fn path(private: &Path) -> PathBuf {
    private.join("cache").join("index.json")
}

/// Reads the snapshot, or `None` when there is none or it cannot be used.
pub fn load(private: &Path) -> Option<Snapshot> {
    let p = path(private);
    let bytes = std::fs::read(&p).ok()?;
    // One UTF-8 check of the whole file, not one per string (an eighth of the parse).
    let parsed = std::str::from_utf8(&bytes)
        .map_err(|e| e.to_string())
        .and_then(parse);
    match parsed {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(path = %p.display(), error = %e, "ignoring an unreadable index snapshot");
            None
        }
    }
}

fn parse(text: &str) -> std::result::Result<Option<Snapshot>, String> {
    let mut lines = text.split('\n').filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let header: Header = serde_json::from_str(first).map_err(|e| e.to_string())?;
    if header.format == 1 {
        // Format 1 was one document: its first line is all of it.
        let v1: FileV1 = serde_json::from_str(text).map_err(|e| e.to_string())?;
        return Ok(Some(Snapshot {
            log_id: v1.log_id,
            log_pos: v1.log_pos,
            records: index(vec![v1.todos], v1.days),
        }));
    }
    if header.format != SNAPSHOT_FORMAT {
        return Ok(None);
    }
    let days: Days =
        serde_json::from_str(lines.next().ok_or("no days line")?).map_err(|e| e.to_string())?;
    let parts: Vec<&str> = lines.collect();
    let todos = parse_parts(&parts)?;
    Ok(Some(Snapshot {
        log_id: header.log_id,
        log_pos: header.log_pos,
        records: index(todos, days),
    }))
}

/// Parses the todo lines, shared among the cores.
fn parse_parts(parts: &[&str]) -> std::result::Result<Vec<Vec<Envelope<Todo>>>, String> {
    let one = |lines: &[&str]| -> std::result::Result<Vec<Vec<Envelope<Todo>>>, String> {
        lines
            .iter()
            .map(|l| serde_json::from_str(l).map_err(|e| e.to_string()))
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    if cores < 2 || parts.len() < 2 {
        return one(parts);
    }
    let per = parts.len().div_ceil(cores);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts.chunks(per).map(|c| s.spawn(move || one(c))).collect();
        let mut all = Vec::with_capacity(parts.len());
        for h in handles {
            all.extend(
                h.join()
                    .map_err(|_| "a parsing thread panicked".to_owned())??,
            );
        }
        Ok(all)
    })
}

fn index(todos: Vec<Vec<Envelope<Todo>>>, days: Days) -> Records {
    let mut records = Records::default();
    records.todos.reserve(todos.iter().map(Vec::len).sum());
    for e in todos.into_iter().flatten() {
        if let Ok(id) = valet_core::TodoId::parse("id", &e.id) {
            records.todos.insert(id, e);
        }
    }
    for e in days.plans {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.plans.insert(d, e);
        }
    }
    for e in days.journals {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.journals.insert(d, e);
        }
    }
    for e in days.archives {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.archives.insert(d, e);
        }
    }
    for e in days.projects {
        if let Ok(id) = valet_core::ProjectId::parse("id", &e.id) {
            records.projects.insert(id, e);
        }
    }
    records
}

/// Writes the snapshot atomically (temp file + rename). Call with the exclusive lock held.
pub fn save(private: &Path, log_id: &str, log_pos: u64, records: &Records) -> Result<()> {
    let encode = |e: serde_json::Error| StoreError::Encode {
        what: "the index snapshot".into(),
        source: e,
    };
    let header = Header {
        format: SNAPSHOT_FORMAT,
        log_id: log_id.to_owned(),
        log_pos,
    };
    let days = DaysOut {
        plans: records.plans.values().collect(),
        journals: records.journals.values().collect(),
        archives: records.archives.values().collect(),
        projects: records.projects.values().collect(),
    };
    // Compact JSON escapes every newline inside strings: a raw newline only ends a line.
    let mut bytes = serde_json::to_vec(&header).map_err(encode)?;
    bytes.push(b'\n');
    serde_json::to_writer(&mut bytes, &days).map_err(encode)?;
    bytes.push(b'\n');
    let todos: Vec<&Envelope<Todo>> = records.todos.values().collect();
    for part in todos.chunks(TODOS_PER_PART) {
        serde_json::to_writer(&mut bytes, part).map_err(encode)?;
        bytes.push(b'\n');
    }
    let p = path(private);
    let dir = private.join("cache");
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::local("created", &dir, e))?;
    let tmp = dir.join(format!("index.json.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| StoreError::local("written", &tmp, e))?;
    std::fs::rename(&tmp, &p).map_err(|e| StoreError::local("renamed", &p, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    // Tests stop at the first surprise; unwrap is the clearest way to say so.
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::Utc;
    use valet_core::{NewTodo, TodoId};

    fn todo(n: u64) -> Envelope<Todo> {
        let id = TodoId::new_v7(1_700_000_000_000 + n, [n as u8; 10]);
        let t = NewTodo::new(format!("todo {n}\nsecond line"))
            .into_todo(id, Utc::now())
            .unwrap();
        Envelope {
            format: 1,
            kind: valet_core::RecordKind::Todo,
            id: id.to_string(),
            rev: 1,
            clock: valet_core::Hlc::tick(None, 1_700_000_000_000 + n, "dev"),
            deleted: false,
            field_clocks: Default::default(),
            conflicts: Vec::new(),
            data: Some(t),
        }
    }

    #[test]
    fn a_snapshot_in_parts_reads_back_every_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut records = Records::default();
        for n in 0..2_500 {
            let e = todo(n);
            records.todos.insert(TodoId::parse("id", &e.id).unwrap(), e);
        }
        save(dir.path(), "log-1", 42, &records).unwrap();
        let text = std::fs::read_to_string(path(dir.path())).unwrap();
        assert_eq!(
            text.lines().count(),
            2 + 3,
            "header, days, three parts of todos"
        );
        let back = load(dir.path()).unwrap();
        assert_eq!((back.log_id.as_str(), back.log_pos), ("log-1", 42));
        assert_eq!(back.records.todos, records.todos);
    }

    #[test]
    fn a_format_1_snapshot_is_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = todo(7);
        let v1 = serde_json::json!({
            "format": 1, "logId": "log-1", "logPos": 9, "todos": [e],
            "plans": [], "journals": [], "archives": [],
        });
        std::fs::create_dir_all(dir.path().join("cache")).unwrap();
        std::fs::write(path(dir.path()), v1.to_string()).unwrap();
        let back = load(dir.path()).unwrap();
        assert_eq!(back.log_pos, 9);
        assert_eq!(back.records.todos.len(), 1);
    }

    #[test]
    fn a_damaged_snapshot_is_ignored_not_half_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut records = Records::default();
        for n in 0..1_500 {
            let e = todo(n);
            records.todos.insert(TodoId::parse("id", &e.id).unwrap(), e);
        }
        save(dir.path(), "log-1", 1, &records).unwrap();
        let p = path(dir.path());
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, &text[..text.len() - 100]).unwrap();
        assert!(load(dir.path()).is_none());
    }
}
