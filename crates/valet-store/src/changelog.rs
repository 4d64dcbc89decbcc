//! `.valet/changes.log`: one JSON line per change (when, which record, which revision, by whom).
//!
//! It is the change feed (other processes read its tail to learn what to re-read), the audit
//! trail, and the anchor of the index snapshot (a byte offset into it). It is only appended to.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};

/// The first line of every log: which log this is, so a snapshot of another log is never used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogHeader {
    pub valet_change_log: u32,
    pub log_id: String,
    pub created: DateTime<Utc>,
}

/// One change to one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    /// The record's path relative to the store root (`todos/<id>.json`).
    pub key: String,
    pub rev: u64,
    pub op: LogOp,
    /// Who made the change: `app`, `cli`, `mcp:<client>`, `sync`, `import`.
    pub by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogOp {
    Put,
    Delete,
}

/// The change log of one replica.
#[derive(Debug, Clone)]
pub struct ChangeLog {
    path: PathBuf,
}

impl ChangeLog {
    pub fn new(path: PathBuf) -> Self {
        ChangeLog { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The log's current length in bytes (0 when it does not exist yet). One `stat`.
    pub fn byte_len(&self) -> Result<u64> {
        match std::fs::metadata(&self.path) {
            Ok(m) => Ok(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(StoreError::local("read", &self.path, e)),
        }
    }

    /// Creates the log with its header if it does not exist. Call with the exclusive lock held.
    pub fn ensure(&self, log_id: &str, now: DateTime<Utc>) -> Result<()> {
        if self.byte_len()? > 0 {
            return Ok(());
        }
        let header = LogHeader {
            valet_change_log: 1,
            log_id: log_id.to_owned(),
            created: now,
        };
        let mut line = serde_json::to_vec(&header).map_err(|e| StoreError::Encode {
            what: "the change log header".into(),
            source: e,
        })?;
        line.push(b'\n');
        self.append_raw(&line)
    }

    /// The log's id from its header, if the log exists and its header is readable.
    pub fn header(&self) -> Result<Option<LogHeader>> {
        let mut f = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::local("opened", &self.path, e)),
        };
        let mut buf = vec![0u8; 512];
        let n = f
            .read(&mut buf)
            .map_err(|e| StoreError::local("read", &self.path, e))?;
        let first = buf[..n].split(|b| *b == b'\n').next().unwrap_or_default();
        Ok(serde_json::from_slice(first).ok())
    }

    /// Appends entries as one write, then flushes them to disk before returning.
    pub fn append(&self, entries: &[LogEntry]) -> Result<()> {
        let mut buf = Vec::with_capacity(entries.len() * 160);
        for e in entries {
            serde_json::to_writer(&mut buf, e).map_err(|e| StoreError::Encode {
                what: "a change log entry".into(),
                source: e,
            })?;
            buf.push(b'\n');
        }
        self.append_raw(&buf)
    }

    fn append_raw(&self, bytes: &[u8]) -> Result<()> {
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| StoreError::local("opened", &self.path, e))?;
        f.write_all(bytes)
            .map_err(|e| StoreError::local("written", &self.path, e))?;
        f.sync_data()
            .map_err(|e| StoreError::local("synced", &self.path, e))?;
        Ok(())
    }

    /// Reads the complete lines after byte `from`. Returns the entries and the offset just past
    /// the last complete line (a line still being written is left for next time). Lines that do
    /// not parse (the header, or damage) are skipped with a warning.
    pub fn read_from(&self, from: u64) -> Result<(Vec<LogEntry>, u64)> {
        let mut f = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), from)),
            Err(e) => return Err(StoreError::local("opened", &self.path, e)),
        };
        f.seek(SeekFrom::Start(from))
            .map_err(|e| StoreError::local("read", &self.path, e))?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)
            .map_err(|e| StoreError::local("read", &self.path, e))?;
        let complete = buf
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        let mut entries = Vec::new();
        for line in buf[..complete]
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
        {
            match serde_json::from_slice::<LogEntry>(line) {
                Ok(e) => entries.push(e),
                Err(_) if serde_json::from_slice::<LogHeader>(line).is_ok() => {}
                Err(e) => {
                    tracing::warn!(log = %self.path.display(), error = %e, "skipping an unreadable change log line")
                }
            }
        }
        Ok((entries, from + complete as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Golden line: the change log is read by other processes and by people auditing changes.
    #[test]
    fn change_log_line_format() {
        let e = LogEntry {
            at: Utc.with_ymd_and_hms(2026, 11, 28, 17, 0, 0).unwrap(),
            key: "todos/019ac9b2-3c00-7a11-8b22-0123456789ab.json".into(),
            rev: 2,
            op: LogOp::Delete,
            by: "mcp:claude-desktop".into(),
        };
        let line = serde_json::to_string(&e).unwrap();
        assert_eq!(
            line,
            r#"{"at":"2026-11-28T17:00:00Z","key":"todos/019ac9b2-3c00-7a11-8b22-0123456789ab.json","rev":2,"op":"delete","by":"mcp:claude-desktop"}"#
        );
        assert_eq!(serde_json::from_str::<LogEntry>(&line).unwrap(), e);
    }

    #[test]
    fn a_half_written_last_line_is_left_for_later() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChangeLog::new(dir.path().join("changes.log"));
        log.ensure("id", Utc::now()).unwrap();
        let e = LogEntry {
            at: Utc::now(),
            key: "todos/x.json".into(),
            rev: 1,
            op: LogOp::Put,
            by: "cli".into(),
        };
        log.append(std::slice::from_ref(&e)).unwrap();
        let full = log.byte_len().unwrap();
        log.append_raw(br#"{"at":"2026-"#).unwrap();
        let (entries, pos) = log.read_from(0).unwrap();
        assert_eq!((entries, pos), (vec![e], full));
    }
}
