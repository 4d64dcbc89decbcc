//! [`Store`]: the records of one replica on an OpenDAL operator, kept in an in-memory index that
//! follows every other process's changes through the change log.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use futures::{StreamExt, TryStreamExt};
use opendal::Operator;
use serde::Serialize;
use tokio::sync::RwLock;
use valet_core::{Hlc, RecordKey};

mod device;
use device::{device_id, mkdir, read_clock_offset, CLOCK_OFFSET_FILE};
mod doctor;
mod feed;
mod files;
mod guard;
mod redo;
mod scan;

use files::ReadFailure;
use scan::note_unread;

use crate::backend::{Backend, BackendInfo};
use crate::changelog::{ChangeLog, LogEntry, LogOp};
use crate::error::{Result, StoreError};
use crate::lock;
use crate::records::{Change, Records};
use crate::snapshot;
pub use feed::ChangeEvent;

/// How many bytes of change log may pile up after the snapshot before a writer refreshes it
/// (about 1,500 changes): bounds what a cold open has to replay.
const SNAPSHOT_EVERY: u64 = 256 * 1024;
/// A cold open that replayed more (~25 changes) saves the snapshot, or each CLI run replays them.
const SNAPSHOT_TAIL: u64 = 4 * 1024;
/// Records read at once during a scan.
const SCAN_CONCURRENCY: usize = 32;
/// The name of the replica's private folder inside the data dir.
pub const PRIVATE_DIR: &str = ".valet";

/// Where a store lives and which backend holds its records.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// The local replica: `settings.json`, the private `.valet/` folder, and for `fs` the records.
    pub data_dir: PathBuf,
    pub backend: Backend,
}

/// When the change log rotates: [`crate::changelog::ROTATE_AT`], or
/// `VALET_CHANGE_LOG_ROTATE_BYTES` (for tests that rotate often, and for tuning).
fn rotate_at() -> u64 {
    std::env::var("VALET_CHANGE_LOG_ROTATE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(crate::changelog::ROTATE_AT)
}

/// A file that is not a usable record, found while loading or by `doctor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub path: String,
    pub reason: String,
    /// Where the file was moved, when it was quarantined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarantined_to: Option<String>,
}

/// What `doctor` found.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    pub backend: BackendInfo,
    pub data_dir: String,
    pub device: String,
    pub todos: usize,
    pub plans: usize,
    pub journals: usize,
    pub archives: usize,
    /// Projects and areas.
    pub projects: usize,
    pub tombstones: usize,
    pub change_log_bytes: u64,
    /// Records whose cached copy differed from the file (fixed by this run).
    pub stale_in_cache: usize,
    pub problems: Vec<Problem>,
}

/// Records one store operation with the `metrics` facade (whatever recorder the process
/// installed; none means no cost beyond a check).
fn observe(op: &'static str, started: std::time::Instant, ok: bool) {
    metrics::histogram!("valet_store_op_duration_seconds", "op" => op)
        .record(started.elapsed().as_secs_f64());
    if !ok {
        metrics::counter!("valet_store_op_errors_total", "op" => op).increment(1);
    }
}

/// A measured clock offset this small is the HTTP `Date` header's one-second rounding.
const CLOCK_TOLERANCE_MS: i64 = 2_000;
/// A received clock further ahead of now than this does not move this replica's clock.
const MAX_CLOCK_AHEAD_MS: u64 = 60_000;

/// One replica. Cheap to clone; every clone shares the index.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    op: Operator,
    backend: Backend,
    data_dir: PathBuf,
    private: PathBuf,
    lock_path: PathBuf,
    log: ChangeLog,
    device: String,
    state: RwLock<State>,
    feed: std::sync::OnceLock<tokio::sync::broadcast::Sender<ChangeEvent>>,
    /// The last `storage_bytes` and when it was measured (walking 50,000 files takes time).
    bytes: std::sync::Mutex<Option<(std::time::Instant, u64)>>,
    /// This device's clock minus the storage server's (ms), read when the replica is opened
    /// and set by this process's sync: no file read on each commit.
    clock_offset: std::sync::atomic::AtomicI64,
}

#[derive(Default)]
struct State {
    loaded: bool,
    log_id: String,
    log_pos: u64,
    snapshot_pos: u64,
    records: Records,
    last_clock: Option<Hlc>,
    problems: Vec<Problem>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("data_dir", &self.inner.data_dir)
            .field("backend", &self.inner.backend.info(&self.inner.data_dir))
            .finish()
    }
}

/// A record read: its key and its bytes (`None` when the file is gone), or why not.
type Fetched = (RecordKey, std::result::Result<Option<Vec<u8>>, ReadFailure>);

impl Store {
    /// Opens a replica. Cheap: records are loaded on first use.
    pub fn open(opts: StoreOptions) -> Result<Store> {
        let data_dir = opts.data_dir;
        let private = data_dir.join(PRIVATE_DIR);
        for d in [
            &data_dir,
            &private,
            &private.join("tmp"),
            &private.join("cache"),
        ] {
            match mkdir(d) {
                Err(e) if e.is_read_only() && d.exists() => {}
                // A read-only replica that never had these: reads work without them.
                Err(e) if e.is_read_only() && d != &data_dir => {
                    tracing::debug!(error = %e, "read-only data folder")
                }
                other => other?,
            }
        }
        let device = match device_id(&private) {
            Err(e) if e.is_read_only() => "read-only".to_owned(),
            other => other?,
        };
        let op = opts.backend.operator(&data_dir, &private.join("tmp"))?;
        let clock_offset = read_clock_offset(&private);
        Ok(Store {
            inner: Arc::new(Inner {
                op,
                backend: opts.backend,
                lock_path: private.join("lock"),
                log: ChangeLog::new(private.join("changes.log")).with_rotate_at(rotate_at()),
                data_dir,
                private,
                device,
                state: RwLock::new(State::default()),
                feed: std::sync::OnceLock::new(),
                bytes: std::sync::Mutex::new(None),
                clock_offset: std::sync::atomic::AtomicI64::new(clock_offset),
            }),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The private folder (`.valet/`): lock, change log, cache, quarantine.
    pub fn private_dir(&self) -> &Path {
        &self.inner.private
    }

    pub fn device(&self) -> &str {
        &self.inner.device
    }

    pub fn backend(&self) -> BackendInfo {
        self.inner.backend.info(&self.inner.data_dir)
    }

    /// The raw operator, for tools and tests that need to see the files as they are.
    pub fn operator(&self) -> &Operator {
        &self.inner.op
    }

    pub fn change_log_path(&self) -> &Path {
        self.inner.log.path()
    }

    /// Runs `f` on the current records: everything any process committed before this call.
    pub async fn read<R>(&self, f: impl FnOnce(&Records) -> R) -> Result<R> {
        let started = std::time::Instant::now();
        let refreshed = self.refresh().await;
        observe("read", started, refreshed.is_ok());
        refreshed?;
        let st = self.inner.state.read().await;
        Ok(f(&st.records))
    }

    /// Keys of the records the change log names after position `pos` (any process, any
    /// actor); `None` when `pos` is older than the oldest rotated log kept (then any record
    /// may have changed).
    pub async fn changed_since(&self, pos: u64) -> Result<Option<Vec<RecordKey>>> {
        let log = self.inner.log.clone();
        let tail = tokio::task::spawn_blocking(move || log.read_since(pos)).await??;
        if !tail.complete {
            return Ok(None);
        }
        let keys: BTreeSet<RecordKey> = tail
            .entries
            .iter()
            .filter_map(|e| RecordKey::from_path(&e.key))
            .collect();
        Ok(Some(keys.into_iter().collect()))
    }

    /// Rotates the change log at `bytes` instead of the default (tests and tuning; the
    /// environment's `VALET_CHANGE_LOG_ROTATE_BYTES` does the same for a whole process).
    pub fn set_change_log_rotation(&self, bytes: u64) {
        self.inner.log.set_rotate_at(bytes);
    }

    /// The change log's end position (what `changed_since` takes).
    pub fn change_log_end(&self) -> Result<u64> {
        self.inner.log.end()
    }

    /// The change log's id (its header), which positions like `change_log_end` belong to.
    pub fn change_log_id(&self) -> Result<Option<String>> {
        Ok(self.inner.log.header()?.map(|h| h.log_id))
    }

    /// Records how far this device's clock is from the storage server's (ms, local minus
    /// server), as sync measured it: this process uses it at once, and every process of this
    /// replica opened later stamps its changes with the server's time too.
    pub fn set_clock_offset(&self, offset_ms: i64) -> Result<()> {
        crate::sync::state::write_atomic(
            &self.inner.private.join(CLOCK_OFFSET_FILE),
            offset_ms.to_string().as_bytes(),
        )?;
        self.inner
            .clock_offset
            .store(offset_ms, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// The recorded offset, when it is more than the `Date` header's rounding (0 otherwise,
    /// and when sync never measured one).
    pub fn clock_offset(&self) -> i64 {
        let o = self
            .inner
            .clock_offset
            .load(std::sync::atomic::Ordering::Relaxed);
        if o.abs() > CLOCK_TOLERANCE_MS {
            o
        } else {
            0
        }
    }

    /// Problems found while loading (files quarantined), since this process opened the store.
    pub async fn problems(&self) -> Vec<Problem> {
        self.inner.state.read().await.problems.clone()
    }

    /// Brings the index up to date with the change log. Costs one `stat` when nothing changed.
    pub async fn refresh(&self) -> Result<()> {
        let len = self.inner.log.end()?;
        {
            let st = self.inner.state.read().await;
            if st.loaded && st.log_pos == len {
                return Ok(());
            }
        }
        let mut st = self.inner.state.write().await;
        if !st.loaded {
            return match lock::exclusive(&self.inner.lock_path).await {
                Ok(_g) => self
                    .load(&mut st)
                    .await
                    .map(|()| self.fold_long_tail(&mut st)),
                // A read-only replica (a read-only disk, a backup mounted read-only) can still
                // be listed, searched and exported.
                Err(e) if e.is_read_only() => {
                    let _g = lock::shared(&self.inner.lock_path).await?;
                    tracing::info!("the data folder is read-only: reading only");
                    self.load(&mut st).await
                }
                Err(e) => Err(e),
            };
        }
        if st.log_pos == self.inner.log.end()? {
            return Ok(());
        }
        // Shared: no writer is between its log line and its record write while we read.
        let _g = lock::shared(&self.inner.lock_path).await?;
        self.catch_up(&mut st).await
    }

    /// Runs `f` on the current records under the replica's exclusive lock and commits the
    /// changes it returns: log lines first (flushed), then each record atomically. Nothing is
    /// written when `f` fails.
    /// Each call is observed as `valet_store_op_duration_seconds{op="mutate"}` (and
    /// `valet_store_op_errors_total` when it fails, validation included).
    pub async fn mutate<R, E>(
        &self,
        actor: &str,
        f: impl FnOnce(&Records) -> std::result::Result<(Vec<Change>, R), E>,
    ) -> std::result::Result<R, E>
    where
        E: From<StoreError>,
    {
        self.mutate_as(actor, crate::undo::UndoKind::Change, f)
            .await
    }

    /// [`Store::mutate`], journaled as `kind` (an undo, a redo) in the undo journal.
    pub async fn mutate_as<R, E>(
        &self,
        actor: &str,
        kind: crate::undo::UndoKind,
        f: impl FnOnce(&Records) -> std::result::Result<(Vec<Change>, R), E>,
    ) -> std::result::Result<R, E>
    where
        E: From<StoreError>,
    {
        let started = std::time::Instant::now();
        let r = self.mutate_locked(actor, kind, f).await;
        observe("mutate", started, r.is_ok());
        r
    }

    /// The journaled mutations in the journal's last `tail` bytes (all for `None`), oldest
    /// first (see `undo`).
    pub fn undo_journal(&self, tail: Option<u64>) -> Vec<crate::undo::UndoEntry> {
        crate::undo::read(&self.inner.private, tail)
    }

    async fn mutate_locked<R, E>(
        &self,
        actor: &str,
        kind: crate::undo::UndoKind,
        f: impl FnOnce(&Records) -> std::result::Result<(Vec<Change>, R), E>,
    ) -> std::result::Result<R, E>
    where
        E: From<StoreError>,
    {
        let mut st = self.inner.state.write().await;
        let _g = lock::exclusive(&self.inner.lock_path).await?;
        if st.loaded {
            self.finish_redo().await?;
            self.catch_up(&mut st).await?;
        } else {
            self.load(&mut st).await?;
            self.fold_long_tail(&mut st);
        }
        let (changes, out) = f(&st.records)?;
        if changes.is_empty() {
            return Ok(out);
        }
        let before = if kind == crate::undo::UndoKind::Bookkeeping {
            None
        } else {
            crate::undo::before(&st.records, &changes)
        };
        let res = self.commit(&mut st, actor, &changes).await;
        if res.is_err() {
            // The index may be ahead of the disk: rebuild it from the files on next use.
            st.loaded = false;
        }
        res?;
        if let Some(before) = before {
            let batch = st
                .last_clock
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            crate::undo::journal(&self.inner.private, &st.records, actor, kind, batch, before);
        }
        Ok(out)
    }

    async fn commit(&self, st: &mut State, actor: &str, changes: &[Change]) -> Result<()> {
        let now = Utc::now();
        // The storage server's time when sync found this device's clock off.
        let now_ms = u64::try_from(now.timestamp_millis() - self.clock_offset()).unwrap_or(0);
        let mut entries = Vec::with_capacity(changes.len());
        let mut writes = Vec::with_capacity(changes.len());
        // A clock far ahead of the (server-corrected) present was made by a wrong clock: ticking
        // past it would keep stamping this replica's edits in the future until real time caught
        // up, so such a clock is left behind (the only time this clock goes back).
        let ahead = now_ms.saturating_add(MAX_CLOCK_AHEAD_MS);
        if st.last_clock.as_ref().is_some_and(|l| l.ms > ahead) {
            st.last_clock = None;
        }
        if self.is_local() {
            let keys: BTreeSet<RecordKey> = changes.iter().map(Change::key).collect();
            if let Err(e) = self.check_on_disk(&st.records, &keys).await {
                // The next open reads every file (the snapshot would hide the one found here).
                let _ = std::fs::remove_file(snapshot::path(&self.inner.private));
                return Err(e);
            }
        }
        for c in changes {
            let clock = Hlc::tick(st.last_clock.as_ref(), now_ms, &self.inner.device);
            st.last_clock = Some(clock.clone());
            if let Change::Synced(_, v) = c {
                // The receive rule of a hybrid logical clock: never fall behind a clock we saw,
                // unless it is far ahead of now: a device with a wrong clock must not drag
                // every device it syncs with into its future.
                if st.last_clock.as_ref().is_some_and(|l| v.clock > *l) && v.clock.ms <= ahead {
                    st.last_clock = Some(v.clock.clone());
                }
            }
            let key = c.key();
            let (rev, bytes, fields) =
                st.records.apply(c, clock).map_err(|e| StoreError::Encode {
                    what: key.to_string(),
                    source: e,
                })?;
            entries.push(LogEntry {
                at: now,
                key: key.path(),
                rev,
                op: match c {
                    Change::Put(_) => LogOp::Put,
                    Change::Delete(_) => LogOp::Delete,
                    Change::Synced(_, v) if v.data.is_none() => LogOp::Delete,
                    Change::Synced(..) => LogOp::Put,
                },
                by: actor.to_owned(),
                changes: fields,
            });
            writes.push((key.path(), bytes));
        }
        // A batch is whole or absent after a crash: its redo file first (see redo.rs).
        let batch = writes.len() > 1;
        if batch {
            self.write_redo(self.inner.log.end()?, &entries, &writes)?;
        }
        // A single change has no redo file: if its write fails, its log line comes off again.
        let undo_log_at = if batch {
            None
        } else {
            Some(self.inner.log.byte_len()?)
        };
        let log = self.inner.log.clone();
        let log_entries = entries.clone();
        tokio::task::spawn_blocking(move || log.append(&log_entries)).await??;
        let op = &self.inner.op;
        let local = self.is_local();
        let written = std::sync::atomic::AtomicUsize::new(0);
        let written = &written;
        let dirs: BTreeSet<PathBuf> = if local {
            writes
                .iter()
                .filter_map(|(p, _)| self.inner.data_dir.join(p).parent().map(Path::to_path_buf))
                .collect()
        } else {
            BTreeSet::new()
        };
        let wrote = futures::stream::iter(writes)
            .map(|(path, bytes)| async move {
                let r = op
                    .write(&path, bytes)
                    .await
                    .map(|_| ())
                    .map_err(|e| StoreError::backend("write", path.clone(), e, local));
                self.maybe_crash(written.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1);
                r
            })
            .buffer_unordered(8)
            .try_collect::<Vec<()>>()
            .await;
        if let (Err(_), Some(len)) = (&wrote, undo_log_at) {
            if let Err(e) = self.inner.log.truncate_to(len) {
                tracing::warn!(error = %e, "the change log keeps the line of a failed write");
            }
        }
        wrote?;
        if !dirs.is_empty() {
            // The renames that made the writes atomic are durable only once their folders are
            // flushed too (a power cut could otherwise bring an old file back).
            tokio::task::spawn_blocking(move || -> Result<()> {
                for d in dirs {
                    std::fs::File::open(&d)
                        .and_then(|f| f.sync_all())
                        .map_err(|e| StoreError::local("flushed", &d, e))?;
                }
                Ok(())
            })
            .await??;
        }
        if batch {
            self.clear_redo()?;
        }
        st.log_pos = self.inner.log.end()?;
        tracing::debug!(actor, changes = entries.len(), "committed");
        // Still under the exclusive lock: rotate a full log. Positions stay valid (see
        // changelog.rs), so nothing else needs to change.
        if self.inner.log.wants_rotation()? {
            let log = self.inner.log.clone();
            tokio::task::spawn_blocking(move || log.rotate(now)).await??;
        }
        if self.uses_snapshot() && st.log_pos.saturating_sub(st.snapshot_pos) > SNAPSHOT_EVERY {
            self.save_snapshot(st);
        }
        Ok(())
    }

    /// Whether the records are in a local folder (errors are worded for a disk then).
    fn is_local(&self) -> bool {
        matches!(self.inner.backend, Backend::Fs)
    }

    fn uses_snapshot(&self) -> bool {
        // Only Valet processes, which log their changes, write a local replica.
        self.is_local()
    }

    /// After a cold open under the exclusive lock: a long replayed tail goes into the snapshot.
    fn fold_long_tail(&self, st: &mut State) {
        if self.uses_snapshot() && st.log_pos.saturating_sub(st.snapshot_pos) > SNAPSHOT_TAIL {
            self.save_snapshot(st);
        }
    }

    fn save_snapshot(&self, st: &mut State) {
        match snapshot::save(&self.inner.private, &st.log_id, st.log_pos, &st.records) {
            Ok(()) => st.snapshot_pos = st.log_pos,
            Err(e) => {
                tracing::warn!(error = %e, "could not save the index snapshot; will scan on next cold open")
            }
        }
    }

    /// First load, with the exclusive lock held: the snapshot plus the log's tail, or a scan.
    async fn load(&self, st: &mut State) -> Result<()> {
        let started = std::time::Instant::now();
        self.clean_tmp();
        let tolerate_read_only = |r: Result<()>| match r {
            Err(e) if e.is_read_only() => Ok(()),
            other => other,
        };
        tolerate_read_only(self.finish_redo().await.map(|_| ()))?;
        let log = &self.inner.log;
        tolerate_read_only(log.ensure(&uuid::Uuid::new_v4().to_string(), Utc::now()))?;
        let log_id = log.header()?.map(|h| h.log_id).unwrap_or_default();
        let len = log.end()?;
        st.problems.clear();
        let snap = if self.uses_snapshot() {
            snapshot::load(&self.inner.private).filter(|s| s.log_id == log_id && s.log_pos <= len)
        } else {
            None
        };
        let from_snapshot = snap.is_some();
        match snap {
            Some(s) => {
                st.records = s.records;
                st.log_pos = s.log_pos;
                st.snapshot_pos = s.log_pos;
                st.log_id = log_id;
                st.loaded = true;
                self.apply_tail(st).await?;
                if self.is_local() && self.listing_differs(&st.records).await {
                    self.rescan(st).await;
                }
            }
            None => {
                st.log_pos = len;
                st.log_id = log_id;
                self.scan_into(st).await?;
            }
        }
        st.last_clock = st.records.max_clock().cloned();
        tracing::info!(
            from_snapshot,
            todos = st.records.todos.len(),
            ms = started.elapsed().as_millis() as u64,
            "store loaded"
        );
        Ok(())
    }

    /// Replaces the index with a scan of every file (at the log position already in `st`).
    async fn scan_into(&self, st: &mut State) -> Result<()> {
        let (records, problems) = self.scan().await?;
        st.records = records;
        st.problems = problems;
        st.loaded = true;
        if self.uses_snapshot() {
            self.save_snapshot(st);
        }
        Ok(())
    }

    /// After a snapshot open whose files turned out to differ: a scan, or the snapshot's view
    /// when the scan fails (a read error is reported by the next write, not by every read).
    async fn rescan(&self, st: &mut State) {
        if let Err(e) = self.scan_into(st).await {
            tracing::warn!(error = %e, "could not read every record file; using the index");
        }
    }

    /// Re-reads every record the log says changed since `st.log_pos`.
    async fn catch_up(&self, st: &mut State) -> Result<()> {
        let len = self.inner.log.end()?;
        if len < st.log_pos
            || self
                .inner
                .log
                .header()?
                .map(|h| h.log_id)
                .unwrap_or_default()
                != st.log_id
        {
            // The log was replaced (a restore, or a hand edit): start again from the files.
            st.loaded = false;
            return Box::pin(self.load(st)).await;
        }
        self.apply_tail(st).await
    }

    /// Re-reads the records named by the log after `st.log_pos` (the log is known to be ours).
    async fn apply_tail(&self, st: &mut State) -> Result<()> {
        if self.inner.log.end()? == st.log_pos {
            return Ok(());
        }
        let log = self.inner.log.clone();
        let from = st.log_pos;
        let (entries, pos) = tokio::task::spawn_blocking(move || log.read_from(from)).await??;
        let keys: BTreeSet<RecordKey> = entries
            .iter()
            .filter_map(|e| RecordKey::from_path(&e.key))
            .collect();
        let fetched = self.read_records(keys).await;
        for (k, r) in fetched {
            let r = match r {
                Ok(r) => r,
                Err(ReadFailure::Odd(why)) => {
                    // Keep what we had; doctor quarantines it under the exclusive lock.
                    tracing::warn!(record = %k, why, "a changed record's file cannot be read as a record");
                    note_unread(st, &k, why);
                    continue;
                }
                Err(ReadFailure::Backend(e)) => {
                    return Err(StoreError::backend("read", k.path(), e, self.is_local()))
                }
            };
            match r {
                Some(bytes) => {
                    if let Err(e) = st.records.load(&k, &bytes) {
                        // Keep what we had; doctor quarantines it under the exclusive lock.
                        tracing::warn!(record = %k, error = %e, "a changed record could not be read");
                        note_unread(st, &k, e.to_string());
                    }
                }
                None => st.records.forget(&k),
            }
        }
        if let Some(max) = st.records.max_clock() {
            if st.last_clock.as_ref().is_none_or(|c| max > c) {
                st.last_clock = Some(max.clone());
            }
        }
        st.log_pos = pos;
        Ok(())
    }
}

fn count_differences(a: &Records, b: &Records) -> usize {
    macro_rules! diff {
        ($x:expr, $y:expr) => {
            $x.iter().filter(|(k, v)| $y.get(*k) != Some(*v)).count()
                + $y.keys().filter(|k| !$x.contains_key(*k)).count()
        };
    }
    diff!(a.todos, b.todos)
        + diff!(a.plans, b.plans)
        + diff!(a.journals, b.journals)
        + diff!(a.archives, b.archives)
        + diff!(a.projects, b.projects)
}
