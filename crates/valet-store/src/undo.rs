//! The undo journal: `.valet/undo.jsonl`, one JSON line per mutation with each record's data
//! before and after it, written under the exclusive lock in the same commit. The change log
//! says who changed what; this says what it was, so a change can be taken back per record
//! (see `valet_service::undo`). Sync's merges are not journaled (undoing a merge is not a
//! person's undo), nor batches of more than [`MAX_JOURNALED`] records (imports and restores
//! have restore points). The file keeps the newest entries past [`MAX_BYTES`].

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Result, StoreError};

/// The journal's file name inside `.valet/`.
pub const FILE: &str = "undo.jsonl";
/// Past this size the oldest half of the journal is dropped.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;
/// Batches touching more records than this are not journaled.
pub const MAX_JOURNALED: usize = 200;

/// What a journaled mutation was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum UndoKind {
    /// A change someone made.
    #[default]
    Change,
    /// The undo of the batch with this id.
    Undo(String),
    /// The redo of (the undo of) the batch with this id.
    Redo(String),
    /// Bookkeeping nobody would want to undo (a reminder marked shown): not journaled, so
    /// Ctrl+Z after a notification takes back the person's last change, not the mark.
    Bookkeeping,
}

/// One record's part of a journaled mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoRecord {
    /// The record's path (`todos/<id>.json`).
    pub key: String,
    /// Its revision after the change (the change log's `rev`).
    pub rev: u64,
    /// Its data before and after (`None`: did not exist, or deleted).
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// One journaled mutation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoEntry {
    /// Unique: the device and the commit's clock.
    pub batch: String,
    pub at: DateTime<Utc>,
    /// The actor (`app`, `cli`, `mcp:Claude`, ...).
    pub by: String,
    #[serde(default)]
    pub kind: UndoKind,
    pub records: Vec<UndoRecord>,
}

/// The data of each record `changes` touch, before they apply (`None` for sync merges and for
/// batches too big to journal).
pub(crate) fn before(
    records: &crate::Records,
    changes: &[crate::Change],
) -> Option<Vec<(valet_core::RecordKey, Option<Value>)>> {
    if changes.len() > MAX_JOURNALED
        || changes
            .iter()
            .any(|c| matches!(c, crate::Change::Synced(..)))
    {
        return None;
    }
    Some(
        changes
            .iter()
            .map(|c| {
                let key = c.key();
                let data = records.version(&key).and_then(|v| v.data);
                (key, data)
            })
            .collect(),
    )
}

/// Journals a committed mutation: each record's data before and after. A failure is logged,
/// not returned: the change itself is already committed.
pub(crate) fn journal(
    private: &Path,
    records: &crate::Records,
    actor: &str,
    kind: UndoKind,
    batch: String,
    before: Vec<(valet_core::RecordKey, Option<Value>)>,
) {
    let entry = UndoEntry {
        batch,
        at: Utc::now(),
        by: actor.to_owned(),
        kind,
        records: before
            .into_iter()
            .map(|(key, before)| UndoRecord {
                rev: records.meta(&key).map_or(0, |(rev, _)| rev),
                after: records.version(&key).and_then(|v| v.data),
                key: key.path(),
                before,
            })
            .collect(),
    };
    if let Err(error) = append(private, &entry) {
        tracing::warn!(%error, "could not journal a change for undo");
    }
}

pub(crate) fn path(private: &Path) -> PathBuf {
    private.join(FILE)
}

/// Appends `entry` (called under the exclusive lock); trims the file when it grew too big.
pub(crate) fn append(private: &Path, entry: &UndoEntry) -> Result<()> {
    let p = path(private);
    let io = |e: std::io::Error| StoreError::Local {
        action: "written",
        path: p.clone(),
        source: e,
    };
    let mut line = serde_json::to_vec(entry).map_err(|e| StoreError::Encode {
        what: FILE.into(),
        source: e,
    })?;
    line.push(b'\n');
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&p)
        .map_err(io)?;
    f.write_all(&line).map_err(io)?;
    if f.metadata().map_err(io)?.len() > MAX_BYTES {
        trim(&p).map_err(io)?;
    }
    Ok(())
}

/// Keeps the newer half of the journal (temp file + rename, so a reader sees one or the other).
fn trim(p: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(p)?;
    let lines: Vec<&str> = text.lines().collect();
    let keep = &lines[lines.len() / 2..];
    let tmp = p.with_extension("jsonl.tmp");
    std::fs::write(&tmp, keep.join("\n") + "\n")?;
    std::fs::rename(tmp, p)
}

/// The journaled mutations in the last `tail` bytes of the journal (all of it for `None`),
/// oldest first. Lines that do not parse (the first, cut in half by `tail`) are skipped: the
/// journal is a convenience, never a reason to fail.
pub(crate) fn read(private: &Path, tail: Option<u64>) -> Vec<UndoEntry> {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path(private)) else {
        return Vec::new();
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let from = tail.map_or(0, |t| len.saturating_sub(t));
    let mut bytes = Vec::new();
    if f.seek(SeekFrom::Start(from)).is_err() || f.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    bytes
        .split(|b| *b == b'\n')
        .filter_map(|l| serde_json::from_slice(l).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> UndoEntry {
        UndoEntry {
            batch: format!("b{n}"),
            at: Utc::now(),
            by: "cli".into(),
            kind: UndoKind::Change,
            records: vec![UndoRecord {
                key: "todos/x.json".into(),
                rev: n as u64,
                before: None,
                after: Some(serde_json::json!({"content": "x".repeat(4000)})),
            }],
        }
    }

    #[test]
    fn the_journal_keeps_the_newest_entries_when_it_grows() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for n in 0..1200 {
            append(dir.path(), &entry(n)).unwrap_or_else(|e| panic!("{e}"));
        }
        let all = read(dir.path(), None);
        let tail = read(dir.path(), Some(64 * 1024));
        assert!(!tail.is_empty() && tail.len() < all.len());
        assert_eq!(tail.last(), all.last());
        assert!(all.len() < 1200 && all.len() > 300, "{}", all.len());
        assert_eq!(all.last().map(|e| e.batch.as_str()), Some("b1199"));
        let size = std::fs::metadata(path(dir.path()))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(size <= MAX_BYTES + 8192, "{size}");
    }
}
