//! A cache of the whole index in one file (`.valet/cache/index.json`), anchored at an offset of
//! the change log, so a cold open reads one file plus the log's tail instead of every record.
//! It is only a cache: when missing, damaged or from another log, the store scans the records.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use valet_core::{ArchivedDay, DayPlan, Envelope, JournalDay, Todo};

use crate::error::{Result, StoreError};
use crate::records::Records;

const SNAPSHOT_FORMAT: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotOut<'a> {
    format: u32,
    log_id: &'a str,
    log_pos: u64,
    todos: Vec<&'a Envelope<Todo>>,
    plans: Vec<&'a Envelope<DayPlan>>,
    journals: Vec<&'a Envelope<JournalDay>>,
    archives: Vec<&'a Envelope<ArchivedDay>>,
    projects: Vec<&'a Envelope<valet_core::Project>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotFile {
    format: u32,
    log_id: String,
    log_pos: u64,
    todos: Vec<Envelope<Todo>>,
    plans: Vec<Envelope<DayPlan>>,
    journals: Vec<Envelope<JournalDay>>,
    archives: Vec<Envelope<ArchivedDay>>,
    // Snapshots written before projects existed have none.
    #[serde(default)]
    projects: Vec<Envelope<valet_core::Project>>,
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
    let file: SnapshotFile = match serde_json::from_slice(&bytes) {
        Ok(f) => f,
        Err(e) => {
            tracing::warn!(path = %p.display(), error = %e, "ignoring an unreadable index snapshot");
            return None;
        }
    };
    if file.format != SNAPSHOT_FORMAT {
        return None;
    }
    let mut records = Records::default();
    for e in file.todos {
        if let Ok(id) = valet_core::TodoId::parse("id", &e.id) {
            records.todos.insert(id, e);
        }
    }
    for e in file.plans {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.plans.insert(d, e);
        }
    }
    for e in file.journals {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.journals.insert(d, e);
        }
    }
    for e in file.archives {
        if let Ok(d) = valet_core::DayDate::parse("date", &e.id) {
            records.archives.insert(d, e);
        }
    }
    for e in file.projects {
        if let Ok(id) = valet_core::ProjectId::parse("id", &e.id) {
            records.projects.insert(id, e);
        }
    }
    Some(Snapshot {
        log_id: file.log_id,
        log_pos: file.log_pos,
        records,
    })
}

/// Writes the snapshot atomically (temp file + rename). Call with the exclusive lock held.
pub fn save(private: &Path, log_id: &str, log_pos: u64, records: &Records) -> Result<()> {
    let file = SnapshotOut {
        format: SNAPSHOT_FORMAT,
        log_id,
        log_pos,
        todos: records.todos.values().collect(),
        plans: records.plans.values().collect(),
        journals: records.journals.values().collect(),
        archives: records.archives.values().collect(),
        projects: records.projects.values().collect(),
    };
    let bytes = serde_json::to_vec(&file).map_err(|e| StoreError::Encode {
        what: "the index snapshot".into(),
        source: e,
    })?;
    let p = path(private);
    let dir = private.join("cache");
    std::fs::create_dir_all(&dir).map_err(|e| StoreError::local("created", &dir, e))?;
    let tmp = dir.join(format!("index.json.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| StoreError::local("written", &tmp, e))?;
    std::fs::rename(&tmp, &p).map_err(|e| StoreError::local("renamed", &p, e))?;
    Ok(())
}
