//! `.valet/changes.log`: one JSON line per change (when, which record, which revision, by whom).
//!
//! It is the change feed (other processes read its tail to learn what to re-read), the audit
//! trail, and the anchor of the index snapshot (a position in it). It is only appended to, and
//! rotated when it grows past [`ROTATE_AT`]: the full file becomes `changes.log.1` (older ones
//! shift up to `.KEEP`, the oldest is dropped) and a new file continues it.
//!
//! Positions are *logical*: each file's header carries `base`, the position where it starts
//! (the previous file's base plus its length), so a position taken before a rotation still
//! means the same place after it, in whichever file now holds it. The log id stays the same
//! across rotations; it changes only when the log is replaced, which makes readers rescan.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

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
    /// The logical position this file starts at (0 for the first file of a log).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub base: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The current file grows to about this size before it is rotated (~50,000 changes).
pub const ROTATE_AT: u64 = 8 * 1024 * 1024;
/// How many rotated files are kept (`changes.log.1` .. `changes.log.4`): the audit trail's depth.
pub const KEEP: usize = 4;

/// What [`ChangeLog::read_since`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    pub entries: Vec<LogEntry>,
    /// The position just past the last complete line read.
    pub next: u64,
    /// False when the position asked for is older than the oldest file kept: changes between
    /// it and the oldest kept line are not listed.
    pub complete: bool,
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
    /// The fields an update changed, compacted (see `valet_core::changes`); none for a new
    /// record, a delete, or a line written before Valet kept them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<valet_core::changes::FieldChange>,
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
    rotate_at: Arc<AtomicU64>,
    /// The current file's inode and header `base`: re-read only when the file was rotated.
    base_cache: Arc<Mutex<Option<(u64, u64)>>>,
}

impl ChangeLog {
    pub fn new(path: PathBuf) -> Self {
        ChangeLog {
            path,
            rotate_at: Arc::new(AtomicU64::new(ROTATE_AT)),
            base_cache: Arc::new(Mutex::new(None)),
        }
    }

    /// Rotates at `bytes` instead of [`ROTATE_AT`] (tests, tuning).
    pub fn with_rotate_at(self, bytes: u64) -> Self {
        self.set_rotate_at(bytes);
        self
    }

    /// Changes the rotation size of this log (and its clones).
    pub fn set_rotate_at(&self, bytes: u64) {
        self.rotate_at.store(bytes.max(1), Ordering::Relaxed);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current file's length in bytes (0 when it does not exist yet). One `stat`.
    pub fn byte_len(&self) -> Result<u64> {
        match std::fs::metadata(&self.path) {
            Ok(m) => Ok(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(StoreError::local("read", &self.path, e)),
        }
    }

    /// The logical position of the log's end (base of the current file plus its length). One
    /// `stat`, plus a header read right after a rotation.
    pub fn end(&self) -> Result<u64> {
        let m = match std::fs::metadata(&self.path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(StoreError::local("read", &self.path, e)),
        };
        Ok(self.base_of(m.ino())? + m.len())
    }

    fn base_of(&self, ino: u64) -> Result<u64> {
        let mut cache = self
            .base_cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((i, base)) = *cache {
            if i == ino {
                return Ok(base);
            }
        }
        let base = self.header()?.map_or(0, |h| h.base);
        *cache = Some((ino, base));
        Ok(base)
    }

    fn rotated(&self, n: usize) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(format!(".{n}"));
        PathBuf::from(p)
    }

    /// Whether the current file has grown past the rotation size.
    pub fn wants_rotation(&self) -> Result<bool> {
        Ok(self.byte_len()? > self.rotate_at.load(Ordering::Relaxed))
    }

    /// Rotates: the current file becomes `.1` (older ones shift, the oldest beyond [`KEEP`] is
    /// dropped) and a new file, with the same log id and `base` = the old end, takes its
    /// place. Call with the exclusive lock held. Readers never see a missing log: the old file
    /// is hard-linked to `.1` and the new one renamed over it.
    pub fn rotate(&self, now: DateTime<Utc>) -> Result<()> {
        let Some(h) = self.header()? else {
            return Ok(());
        };
        let end = self.end()?;
        let local = |action, p: &Path, e| StoreError::local(action, p, e);
        match std::fs::remove_file(self.rotated(KEEP)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(local("removed", &self.rotated(KEEP), e)),
        }
        for n in (1..KEEP).rev() {
            match std::fs::rename(self.rotated(n), self.rotated(n + 1)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(local("renamed", &self.rotated(n), e)),
            }
        }
        std::fs::hard_link(&self.path, self.rotated(1))
            .map_err(|e| local("linked", &self.rotated(1), e))?;
        let header = LogHeader {
            valet_change_log: 1,
            log_id: h.log_id,
            created: now,
            base: end,
        };
        let mut line = serde_json::to_vec(&header).map_err(|e| StoreError::Encode {
            what: "the change log header".into(),
            source: e,
        })?;
        line.push(b'\n');
        let next = self.rotated(0);
        let mut f = File::create(&next).map_err(|e| local("created", &next, e))?;
        f.write_all(&line).map_err(|e| local("written", &next, e))?;
        f.sync_all().map_err(|e| local("synced", &next, e))?;
        std::fs::rename(&next, &self.path).map_err(|e| local("renamed", &next, e))?;
        tracing::info!(base = end, "change log rotated");
        Ok(())
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
            base: 0,
        };
        let mut line = serde_json::to_vec(&header).map_err(|e| StoreError::Encode {
            what: "the change log header".into(),
            source: e,
        })?;
        line.push(b'\n');
        self.append_raw(&line)
    }

    /// The current file's header, if the log exists and its header is readable.
    pub fn header(&self) -> Result<Option<LogHeader>> {
        header_of(&self.path)
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

    /// Cuts the current file back to `len` bytes: the lines of a single change whose record
    /// write failed come off again, so the audit trail says only what was written. Called
    /// under the writer lock, before anyone could have read past `len`.
    pub fn truncate_to(&self, len: u64) -> Result<()> {
        let f = OpenOptions::new()
            .write(true)
            .open(&self.path)
            .map_err(|e| StoreError::local("opened", &self.path, e))?;
        f.set_len(len)
            .and_then(|()| f.sync_data())
            .map_err(|e| StoreError::local("written", &self.path, e))
    }

    fn append_raw(&self, bytes: &[u8]) -> Result<()> {
        let mut f = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| StoreError::local("opened", &self.path, e))?;
        // An append cut short (a kill between two chunks, a power cut) leaves a line without its
        // newline; ending it first keeps this append's lines readable (the torn one is skipped).
        let len = f
            .metadata()
            .map_err(|e| StoreError::local("read", &self.path, e))?
            .len();
        let mut last = [b'\n'];
        if len > 0 {
            f.seek(SeekFrom::Start(len - 1))
                .and_then(|_| f.read_exact(&mut last))
                .map_err(|e| StoreError::local("read", &self.path, e))?;
        }
        let mut buf = Vec::with_capacity(bytes.len() + 1);
        if last[0] != b'\n' {
            buf.push(b'\n');
        }
        buf.extend_from_slice(bytes);
        f.write_all(&buf)
            .map_err(|e| StoreError::local("written", &self.path, e))?;
        f.sync_data()
            .map_err(|e| StoreError::local("synced", &self.path, e))?;
        Ok(())
    }

    /// Reads the complete lines after position `from`. Returns the entries and the position
    /// just past the last complete line (a line still being written is left for next time).
    pub fn read_from(&self, from: u64) -> Result<(Vec<LogEntry>, u64)> {
        let t = self.read_since(from)?;
        Ok((t.entries, t.next))
    }

    /// Reads the complete lines after position `from`, from the rotated files that hold them
    /// and the current one. Lines that do not parse (headers, or damage) are skipped with a
    /// warning.
    pub fn read_since(&self, from: u64) -> Result<Tail> {
        // Oldest first: `.KEEP` .. `.1`, then the current file, each with its base.
        let mut files = Vec::new();
        for n in (1..=KEEP).rev() {
            let p = self.rotated(n);
            if let Some(h) = header_of(&p)? {
                files.push((p, h.base));
            }
        }
        let current_base = match std::fs::metadata(&self.path) {
            Ok(m) => Some(self.base_of(m.ino())?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::local("read", &self.path, e)),
        };
        let Some(current_base) = current_base else {
            return Ok(Tail {
                entries: Vec::new(),
                next: from,
                complete: true,
            });
        };
        files.push((self.path.clone(), current_base));
        let oldest = files.first().map_or(0, |(_, b)| *b);
        let mut tail = Tail {
            entries: Vec::new(),
            next: from.max(oldest),
            complete: from >= oldest,
        };
        let last = files.len() - 1;
        for (i, (path, base)) in files.iter().enumerate() {
            // A rotated file ends where the next one starts.
            let end = files.get(i + 1).map(|(_, b)| *b);
            if end.is_some_and(|e| e <= tail.next) {
                continue;
            }
            let offset = tail.next.saturating_sub(*base);
            let buf = read_after(path, offset)?;
            let complete_bytes = if i == last {
                buf.iter()
                    .rposition(|b| *b == b'\n')
                    .map(|p| p + 1)
                    .unwrap_or(0)
            } else {
                buf.len()
            };
            parse_lines(path, &buf[..complete_bytes], &mut tail.entries);
            tail.next = base + offset + complete_bytes as u64;
        }
        Ok(tail)
    }
}

fn header_of(path: &Path) -> Result<Option<LogHeader>> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::local("opened", path, e)),
    };
    let mut buf = vec![0u8; 512];
    let n = f
        .read(&mut buf)
        .map_err(|e| StoreError::local("read", path, e))?;
    let first = buf[..n].split(|b| *b == b'\n').next().unwrap_or_default();
    Ok(serde_json::from_slice(first).ok())
}

fn read_after(path: &Path, offset: u64) -> Result<Vec<u8>> {
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::local("opened", path, e)),
    };
    f.seek(SeekFrom::Start(offset))
        .map_err(|e| StoreError::local("read", path, e))?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)
        .map_err(|e| StoreError::local("read", path, e))?;
    Ok(buf)
}

fn parse_lines(path: &Path, bytes: &[u8], out: &mut Vec<LogEntry>) {
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        match serde_json::from_slice::<LogEntry>(line) {
            Ok(e) => out.push(e),
            Err(_) if serde_json::from_slice::<LogHeader>(line).is_ok() => {}
            Err(e) => {
                tracing::warn!(log = %path.display(), error = %e, "skipping an unreadable change log line")
            }
        }
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
            changes: Vec::new(),
        };
        let line = serde_json::to_string(&e).unwrap();
        assert_eq!(
            line,
            r#"{"at":"2026-11-28T17:00:00Z","key":"todos/019ac9b2-3c00-7a11-8b22-0123456789ab.json","rev":2,"op":"delete","by":"mcp:claude-desktop"}"#
        );
        assert_eq!(serde_json::from_str::<LogEntry>(&line).unwrap(), e);
    }

    fn entry(n: u64) -> LogEntry {
        LogEntry {
            at: Utc.with_ymd_and_hms(2026, 11, 28, 17, 0, 0).unwrap(),
            key: format!("todos/{n:04}.json"),
            rev: n,
            op: LogOp::Put,
            by: "cli".into(),
            changes: Vec::new(),
        }
    }

    #[test]
    fn rotation_keeps_positions_and_the_audit_trail() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChangeLog::new(dir.path().join("changes.log")).with_rotate_at(400);
        log.ensure("the-log", Utc::now()).unwrap();
        let mut positions = Vec::new();
        for n in 0..40 {
            positions.push(log.end().unwrap());
            log.append(&[entry(n)]).unwrap();
            if log.wants_rotation().unwrap() {
                log.rotate(Utc::now()).unwrap();
            }
        }
        assert!(
            dir.path().join("changes.log.3").exists(),
            "rotated 3+ times"
        );
        assert!(!dir.path().join("changes.log.0").exists());
        assert_eq!(log.header().unwrap().unwrap().log_id, "the-log");
        // Every position taken before a rotation still reads the entries made after it.
        let oldest_kept = read_since_complete(&log);
        for (n, pos) in positions.iter().enumerate() {
            let t = log.read_since(*pos).unwrap();
            assert_eq!(t.next, log.end().unwrap());
            if *pos >= oldest_kept {
                assert!(t.complete);
                let revs: Vec<u64> = t.entries.iter().map(|e| e.rev).collect();
                assert_eq!(
                    revs,
                    (n as u64..40).collect::<Vec<_>>(),
                    "from position {pos}"
                );
            } else {
                assert!(
                    !t.complete,
                    "position {pos} is older than the oldest file kept"
                );
            }
        }
    }

    /// The oldest position the kept files still cover.
    fn read_since_complete(log: &ChangeLog) -> u64 {
        (0..log.end().unwrap())
            .find(|p| log.read_since(*p).unwrap().complete)
            .unwrap()
    }

    #[test]
    fn at_most_keep_rotated_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChangeLog::new(dir.path().join("changes.log")).with_rotate_at(1);
        log.ensure("x", Utc::now()).unwrap();
        for n in 0..10 {
            log.append(&[entry(n)]).unwrap();
            log.rotate(Utc::now()).unwrap();
        }
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "changes.log",
                "changes.log.1",
                "changes.log.2",
                "changes.log.3",
                "changes.log.4"
            ]
        );
        let t = log.read_since(0).unwrap();
        assert!(!t.complete);
        assert_eq!(
            t.entries.iter().map(|e| e.rev).collect::<Vec<_>>(),
            [6, 7, 8, 9]
        );
    }

    #[test]
    fn a_torn_last_line_does_not_hide_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let log = ChangeLog::new(dir.path().join("changes.log"));
        log.ensure("id", Utc::now()).unwrap();
        log.append(&[entry(1)]).unwrap();
        log.append_raw(br#"{"at":"2026-11-28T21:14:17Z","key":"todos/01a2"#)
            .unwrap();
        log.append(&[entry(2)]).unwrap();
        let revs: Vec<u64> = log
            .read_since(0)
            .unwrap()
            .entries
            .iter()
            .map(|e| e.rev)
            .collect();
        assert_eq!(revs, [1, 2]);
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
            changes: Vec::new(),
        };
        log.append(std::slice::from_ref(&e)).unwrap();
        let full = log.byte_len().unwrap();
        log.append_raw(br#"{"at":"2026-"#).unwrap();
        let (entries, pos) = log.read_from(0).unwrap();
        assert_eq!((entries, pos), (vec![e], full));
    }
}
