//! Local-first sync: the replica stays the working copy; a remote ([`SyncRemote`]: an S3/R2
//! bucket, or any folder) is where devices meet. Remote layout, under the profile's key prefix (format 1):
//!
//! - `log/<seq, 16 digits>.json`: one batch of record versions pushed by one device, written
//!   with put-if-absent, so two devices racing for the same sequence number cannot both win;
//!   the loser pulls the winner's batch, merges, and pushes at the next number.
//! - `snapshots/<seq>.json`: every record as of that sequence number; `snapshot.json` points at
//!   the newest. A new device reads the pointer, the snapshot and the log after it.
//!
//! Costs: an idle poll is one GET of the next log object (answered 404); a local change is one
//! PUT (plus the 404 that ends the pull); a new device with 10,000 records needs the pointer, the
//! snapshot and at most [`SNAPSHOT_EVERY`] log objects. Nothing ever lists the bucket.
//! `epoch.json`: a random id written once; a remote that no longer has the id a device
//! remembers lost its objects, and the device uploads everything again.
//!
//! Local state lives in `.valet/sync/` ([`state`]): `state.json` and `base/<kind>/<id>.json`,
//! the last version of each record that this device and the remote agreed on: the base of the
//! three-way merge ([`valet_core::merge::merge`]) and the test for "changed here since the
//! last sync".
//!
//! Safety rules, each with a regression test in `tests/sync_defects.rs`:
//! - the merge of a pull is computed and committed under the replica's write lock, so a local
//!   write that lands during a sync is merged, never overwritten;
//! - applying the same remote batch twice is a no-op (the merge is idempotent), so a sync that
//!   stops between committing a merge and saving its position resumes without duplicating text;
//! - a push whose answer was lost, read back before another device's version of the same
//!   record, is that version's ancestor: it is the merge base, so the other device's edit is
//!   news, not a conflict;
//! - bases are tied to one remote: another bucket or prefix gets every record;
//! - a mass delete or overwrite is held per kind of record, while unrelated local edits are
//!   still pushed.

mod apply;
mod clock;
mod remote;
mod report;
pub mod state;
pub mod wire;

use std::collections::BTreeSet;

use chrono::Utc;
use opendal::{ErrorKind, Operator};
use serde::Serialize;
use valet_core::merge::Version;
use valet_core::RecordKey;

use crate::crypto::{Cipher, KeyInfo};
use crate::error::StoreError;
use crate::secret::Secret;
use crate::store::Store;
pub use clock::ServerClock;
pub use remote::SyncRemote;
pub use report::{SyncError, SyncMode, SyncReport};
pub use state::SyncState;
use state::{lease, LocalState};
use wire::{log_key, snapshot_key, Epoch, SnapshotObject, SnapshotPointer};
pub use wire::{LogObject, WireRecord, REMOTE_FORMAT};

/// A snapshot is written after this many log objects, bounding what a new device reads.
pub const SNAPSHOT_EVERY: u64 = 50;
/// After this many log objects in one pull, look for a snapshot further on instead.
const SNAPSHOT_JUMP_AFTER: u64 = 10;
/// The longest one remote request may take, retries included (a snapshot gets more).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
const SNAPSHOT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);
/// How often the remote's epoch is read when nothing else shows it (an idle poll stays one
/// request in between).
const EPOCH_CHECK_MINUTES: i64 = 10;

fn remote_err<'p>(
    op: &'static str,
    path: &'p str,
) -> impl FnOnce(opendal::Error) -> SyncError + 'p {
    move |e| SyncError::Remote {
        op,
        path: path.to_owned(),
        source: Box::new(e),
    }
}

/// Bounds one remote request (with its retries) so a server that accepts connections and never
/// answers is reported as a timeout in seconds, not after minutes as something else.
async fn timed<T>(
    op: &'static str,
    path: &str,
    limit: std::time::Duration,
    fut: impl std::future::Future<Output = Result<T, SyncError>>,
) -> Result<T, SyncError> {
    tokio::time::timeout(limit, fut).await.unwrap_or_else(|_| {
        Err(SyncError::Timeout {
            op,
            path: path.to_owned(),
            secs: limit.as_secs(),
        })
    })
}

fn encode<T: Serialize>(what: &str, v: &T) -> Result<Vec<u8>, SyncError> {
    serde_json::to_vec(v).map_err(|e| {
        StoreError::Encode {
            what: what.to_owned(),
            source: e,
        }
        .into()
    })
}

/// Ends one pass of a cycle early: the remote turned out to be another one (lost objects).
enum Pass {
    Done(SyncReport),
    Restart,
}

/// What a pull brought: other devices' versions, in order, and this device's own pushes read
/// back (their versions become bases; they are not news).
#[derive(Default)]
struct Pulled {
    records: Vec<(WireRecord, bool)>,
}

impl Pulled {
    fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// The sync engine of one replica against one remote.
pub struct Syncer<'a> {
    store: &'a Store,
    remote: &'a Operator,
    local: LocalState,
    requests: usize,
    passphrase: Option<Secret>,
    cipher: Option<Cipher>,
    wait: bool,
    server_clock: Option<ServerClock>,
    progress: Option<SyncProgress>,
}

/// Told where a long sync is: a step in words and a count of records read, applied or sent.
pub type SyncProgress = std::sync::Arc<dyn Fn(&'static str, u64) + Send + Sync>;

impl<'a> Syncer<'a> {
    pub fn new(store: &'a Store, remote: &'a Operator, remote_id: &str) -> Syncer<'a> {
        Syncer {
            store,
            remote,
            local: LocalState::new(store.private_dir().join("sync"), remote_id),
            requests: 0,
            passphrase: None,
            cipher: None,
            wait: false,
            server_clock: None,
            progress: None,
        }
    }

    /// Reports progress to `on` (a first sync or a migration can take a while).
    pub fn with_progress(mut self, on: Option<SyncProgress>) -> Self {
        self.progress = on;
        self
    }

    fn tell(&self, step: &'static str, n: usize) {
        if let Some(on) = &self.progress {
            on(step, n as u64);
        }
    }

    /// Encrypts everything written to the remote with a key derived from `passphrase`.
    pub fn with_passphrase(mut self, passphrase: Option<Secret>) -> Self {
        self.passphrase = passphrase;
        self
    }

    /// Waits for a sync another process is running on this replica, then runs (instead of
    /// failing with [`SyncError::Busy`]).
    pub fn waiting(mut self, wait: bool) -> Self {
        self.wait = wait;
        self
    }

    /// The storage server's clock, as seen in the answers of the remote's HTTP transport.
    pub fn with_server_clock(mut self, clock: Option<ServerClock>) -> Self {
        self.server_clock = clock;
        self
    }

    /// The saved state (a fresh one when none exists or it is about another remote).
    pub fn state(&self) -> Result<SyncState, SyncError> {
        self.local.state()
    }

    /// Saves the state (atomically).
    pub fn save(&self, s: &SyncState) -> Result<(), SyncError> {
        self.local.save(s)
    }

    /// Sets up the key: from the local copy of the bucket's key info when this device has one
    /// (no request), else from `crypto.json` in the bucket, created by the first device.
    async fn key(&mut self) -> Result<(), SyncError> {
        let Some(pass) = self.passphrase.clone() else {
            return Ok(());
        };
        let local = self.local.dir.join("key.json");
        let bad = |e: serde_json::Error| SyncError::BadRemote {
            path: "crypto.json".into(),
            reason: e.to_string(),
        };
        let cached: Option<KeyInfo> = std::fs::read(&local)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let info = match cached {
            Some(i) => i,
            None => match self.remote_raw("crypto.json").await? {
                Some(b) => serde_json::from_slice(&b).map_err(bad)?,
                // Turning encryption on for a bucket that already holds plain sync data would
                // leave it half encrypted: refuse before writing anything.
                None if self.epoch().await?.is_some_and(|e| !e.encrypted) => {
                    return Err(SyncError::NotEncryptedBucket)
                }
                None => {
                    let (_, info) = Cipher::create(&pass)?;
                    let bytes = encode("crypto.json", &info)?;
                    self.requests += 1;
                    match self
                        .remote
                        .write_with("crypto.json", bytes)
                        .if_not_exists(true)
                        .await
                    {
                        Ok(_) => info,
                        // Another device created the key first: use theirs.
                        Err(e) if e.kind() == ErrorKind::ConditionNotMatch => {
                            let b = self
                                .remote_raw("crypto.json")
                                .await?
                                .ok_or(SyncError::NeedsPassphrase)?;
                            serde_json::from_slice(&b).map_err(bad)?
                        }
                        Err(e) => return Err(remote_err("write", "crypto.json")(e)),
                    }
                }
            },
        };
        self.cipher = Some(Cipher::open_with(&pass, &info)?);
        state::write_atomic(&local, &encode("key info", &info)?)?;
        Ok(())
    }

    async fn remote_raw(&mut self, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        self.requests += 1;
        let limit = if path.starts_with("snapshots/") {
            SNAPSHOT_TIMEOUT
        } else {
            REQUEST_TIMEOUT
        };
        timed("read", path, limit, async {
            match self.remote.read(path).await {
                Ok(b) => Ok(Some(b.to_vec())),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                Err(e) => Err(remote_err("read", path)(e)),
            }
        })
        .await
    }

    fn seal(&self, path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        match &self.cipher {
            Some(c) => Ok(c.seal(path, &bytes)?),
            None => Ok(bytes),
        }
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &mut self,
        path: &str,
    ) -> Result<Option<T>, SyncError> {
        let Some(bytes) = self.remote_raw(path).await? else {
            return Ok(None);
        };
        let plain = match &self.cipher {
            Some(c) => c.open(path, &bytes)?,
            // Sealed objects say so in their first bytes: no need to read crypto.json first.
            None if crate::crypto::is_sealed(&bytes) => return Err(SyncError::NeedsPassphrase),
            None => bytes,
        };
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|e| SyncError::BadRemote {
                path: path.to_owned(),
                reason: e.to_string(),
            })
    }

    /// `epoch.json`, never sealed: it holds a random id, and a device whose cached key is from
    /// before the remote was replaced must still be able to see that it was.
    async fn epoch(&mut self) -> Result<Option<Epoch>, SyncError> {
        let Some(bytes) = self.remote_raw("epoch.json").await? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| SyncError::BadRemote {
                path: "epoch.json".into(),
                reason: e.to_string(),
            })
    }

    async fn put_plain_new<T: Serialize>(
        &mut self,
        path: &str,
        value: &T,
    ) -> Result<bool, SyncError> {
        let bytes = encode(path, value)?;
        self.put_bytes_new(path, bytes).await
    }

    async fn put_bytes_new(&mut self, path: &str, bytes: Vec<u8>) -> Result<bool, SyncError> {
        self.requests += 1;
        let limit = if path.starts_with("snapshots/") || bytes.len() > 1 << 20 {
            SNAPSHOT_TIMEOUT
        } else {
            REQUEST_TIMEOUT
        };
        timed("write", path, limit, async {
            match self
                .remote
                .write_with(path, bytes)
                .if_not_exists(true)
                .await
            {
                Ok(_) => Ok(true),
                Err(e) if e.kind() == ErrorKind::ConditionNotMatch => Ok(false),
                Err(e) => Err(remote_err("write", path)(e)),
            }
        })
        .await
    }

    /// Puts `value` at `path` only if nothing is there. `Ok(false)` when another device won.
    async fn put_new<T: Serialize>(&mut self, path: &str, value: &T) -> Result<bool, SyncError> {
        let bytes = self.seal(path, encode(path, value)?)?;
        self.put_bytes_new(path, bytes).await
    }

    /// One sync cycle, stopping at a mass delete or overwrite (see [`SyncMode`]).
    pub async fn run(&mut self, force: bool) -> Result<SyncReport, SyncError> {
        self.run_with(if force {
            SyncMode::Accept
        } else {
            SyncMode::Normal
        })
        .await
    }

    /// One sync cycle: pull everything new, merge, push local changes, maybe write a snapshot.
    pub async fn run_with(&mut self, mode: SyncMode) -> Result<SyncReport, SyncError> {
        let (_lease, waited) = lease(&self.local.dir, self.wait).await?;
        let mut st = self.state()?;
        if !self.local.bases_are_ours() {
            // Another remote's bases say nothing about this one: compare every record.
            self.local.forget_bases()?;
            st = self.state()?;
        }
        self.local.claim_bases()?;
        let mut reset = false;
        for _ in 0..3 {
            match self.pass(&mut st, mode, reset).await? {
                Pass::Done(mut r) => {
                    r.waited = waited;
                    r.clock_offset_ms = self.clock_offset(&mut st)?;
                    return Ok(r);
                }
                Pass::Restart => {
                    self.reset(&mut st)?;
                    reset = true;
                }
            }
        }
        Err(SyncError::BadRemote {
            path: "epoch.json".into(),
            reason: "the remote's epoch keeps changing while this device syncs".into(),
        })
    }

    /// Records what the server's clock said and hands it to the store, so this replica's
    /// timestamps follow the server's time rather than a wrong local clock.
    fn clock_offset(&self, st: &mut SyncState) -> Result<Option<i64>, SyncError> {
        let Some(offset) = self.server_clock.as_ref().and_then(ServerClock::offset_ms) else {
            return Ok(st.clock_offset_ms);
        };
        if st.clock_offset_ms != Some(offset) {
            st.clock_offset_ms = Some(offset);
            self.save(st)?;
            self.store.set_clock_offset(offset)?;
        }
        Ok(Some(offset))
    }

    /// Forgets what this device knew of the remote: it is not the one it synced with.
    fn reset(&self, st: &mut SyncState) -> Result<(), SyncError> {
        tracing::warn!(
            "the sync remote no longer holds what this device last synced; uploading everything again"
        );
        self.local.forget_bases()?;
        *st = SyncState {
            remote: st.remote.clone(),
            next_seq: 1,
            log_pos: st.log_pos,
            log_id: st.log_id.clone(),
            clock_offset_ms: st.clock_offset_ms,
            ..SyncState::default()
        };
        self.save(st)?;
        Ok(())
    }

    /// Reads `epoch.json` when due: on a first sync, and every few minutes. Creates it on a
    /// remote that has none. `Ok(false)` when the remote is not the one this device knew.
    async fn check_epoch(&mut self, st: &mut SyncState) -> Result<bool, SyncError> {
        let now = Utc::now();
        // `VALET_SYNC_EPOCH_CHECK_SECS` shortens the interval (end-to-end tests).
        let every = std::env::var("VALET_SYNC_EPOCH_CHECK_SECS")
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .map(chrono::Duration::seconds)
            .unwrap_or_else(|| chrono::Duration::minutes(EPOCH_CHECK_MINUTES));
        let due = !st.initialized
            || st.epoch.is_none()
            || st.epoch_checked.is_none_or(|t| now - t >= every);
        if !due {
            return Ok(true);
        }
        let seen = match self.epoch().await? {
            Some(e) if e.encrypted && self.passphrase.is_none() => {
                return Err(SyncError::NeedsPassphrase)
            }
            Some(e) => e.id,
            None if st.epoch.is_some() && st.initialized => return Ok(false),
            None => {
                let e = Epoch {
                    format: REMOTE_FORMAT,
                    id: uuid::Uuid::new_v4().simple().to_string(),
                    created: now,
                    encrypted: self.passphrase.is_some(),
                };
                if self.put_plain_new("epoch.json", &e).await? {
                    e.id
                } else {
                    self.epoch()
                        .await?
                        .map(|e| e.id)
                        .ok_or_else(|| SyncError::BadRemote {
                            path: "epoch.json".into(),
                            reason: "it was written and removed at the same time".into(),
                        })?
                }
            }
        };
        if st.epoch.as_ref().is_some_and(|mine| *mine != seen) {
            return Ok(false);
        }
        st.epoch = Some(seen);
        st.epoch_checked = Some(now);
        Ok(true)
    }

    async fn pass(
        &mut self,
        st: &mut SyncState,
        mode: SyncMode,
        reset: bool,
    ) -> Result<Pass, SyncError> {
        let mut report = SyncReport {
            first_sync: !st.initialized,
            remote_reset: reset,
            ..SyncReport::default()
        };
        self.key().await?;
        if !self.check_epoch(st).await? {
            return Ok(Pass::Restart);
        }
        if !st.initialized && st.next_seq <= 1 {
            if let Some(ptr) = self.get::<SnapshotPointer>("snapshot.json").await? {
                if let Some(snap) = self.get::<SnapshotObject>(&ptr.key).await? {
                    let pulled = Pulled {
                        records: snap.records.into_iter().map(|w| (w, false)).collect(),
                    };
                    self.apply(pulled, mode, &mut report).await?;
                    st.next_seq = snap.upto + 1;
                    st.snapshot_upto = snap.upto;
                    self.save(st)?;
                }
            }
        }
        // Candidates for pushing: what the change log says changed since we last looked (and on
        // a first sync, everything); each is pushed only if it differs from the agreed base.
        let log_len = self.store.change_log_end()?;
        let log_id = self.store.change_log_id()?;
        let mut candidates = self.candidates(st, log_id.as_deref()).await?;
        loop {
            let before = st.next_seq;
            let pulled = match self.pull(st, &mut report).await? {
                Some(p) => p,
                None => return Ok(Pass::Restart),
            };
            if !pulled.is_empty() {
                candidates.extend(
                    pulled
                        .records
                        .iter()
                        .filter_map(|(w, _)| RecordKey::from_path(&w.key)),
                );
                let held: BTreeSet<RecordKey> = pulled
                    .records
                    .iter()
                    .filter(|(_, own)| !own)
                    .filter_map(|(w, _)| RecordKey::from_path(&w.key))
                    .collect();
                match self.apply(pulled, mode, &mut report).await {
                    Ok(()) => self.save(st)?,
                    Err(
                        e @ (SyncError::WouldDeleteMost { .. }
                        | SyncError::WouldOverwriteMost { .. }),
                    ) => {
                        // Hold the pull, but still send this device's own unrelated edits.
                        candidates.retain(|k| !held.contains(k));
                        let _ = self.push(st, &candidates, &mut report).await;
                        // The caller records the error itself (see `Valet::sync_with`).
                        st.next_seq = before;
                        self.save(st)?;
                        return Err(e);
                    }
                    Err(e) => return Err(e),
                }
            }
            if self.push(st, &candidates, &mut report).await? {
                break;
            }
            // Another device took this number: pull its batch, merge, and try the next one.
        }
        let next = st.next_seq;
        st.own.retain(|seq, _| *seq >= next);
        st.initialized = true;
        st.log_pos = log_len.max(st.log_pos);
        st.log_id = log_id;
        st.last_sync = Some(Utc::now());
        st.last_error = None;
        st.last_error_code = None;
        self.maybe_snapshot(st, &candidates, &mut report).await?;
        self.save(st)?;
        report.requests = self.requests;
        report.next_seq = st.next_seq;
        Ok(Pass::Done(report))
    }

    /// Reads every log object after `st.next_seq`, jumping to a snapshot when far behind.
    /// `None` when an object shows the remote was reset under this device.
    async fn pull(
        &mut self,
        st: &mut SyncState,
        report: &mut SyncReport,
    ) -> Result<Option<Pulled>, SyncError> {
        let mut pulled = Pulled::default();
        let mut read = 0u64;
        let me = self.store.device().to_owned();
        loop {
            let key = log_key(st.next_seq);
            let obj = match self.get::<LogObject>(&key).await {
                Ok(Some(obj)) => obj,
                Ok(None) => break,
                Err(SyncError::BadRemote { reason, .. }) => {
                    // Garbage where a log object should be (a push cut short that the server
                    // kept, or a stray write). Read once more; if it is still garbage, skip it
                    // and say so, rather than stop sync on every device for good. Whoever
                    // pushed it did not record it as sent, so its records go again.
                    match self.get::<LogObject>(&key).await {
                        Ok(Some(obj)) => obj,
                        Ok(None) => break,
                        Err(SyncError::BadRemote { .. }) => {
                            tracing::warn!(path = %key, %reason, "skipping an unreadable log object");
                            report.skipped.push(format!("{key}: {reason}"));
                            st.next_seq += 1;
                            continue;
                        }
                        Err(e) => return Err(e),
                    }
                }
                Err(e) => return Err(e),
            };
            if obj.format > REMOTE_FORMAT {
                return Err(SyncError::BadRemote {
                    path: log_key(st.next_seq),
                    reason: format!("written by a newer Valet (format {})", obj.format),
                });
            }
            if let (Some(theirs), Some(mine)) = (&obj.epoch, &st.epoch) {
                if theirs != mine {
                    return Ok(None);
                }
            }
            let own = obj.device == me
                && obj.batch.is_some()
                && st.own.get(&st.next_seq) == obj.batch.as_ref();
            pulled
                .records
                .extend(obj.records.into_iter().map(|w| (w, own)));
            st.next_seq += 1;
            read += 1;
            self.tell("reading changes", pulled.records.len());
            if read == SNAPSHOT_JUMP_AFTER {
                if let Some(ptr) = self.get::<SnapshotPointer>("snapshot.json").await? {
                    if ptr.upto >= st.next_seq + SNAPSHOT_JUMP_AFTER {
                        if let Some(snap) = self.get::<SnapshotObject>(&ptr.key).await? {
                            // The snapshot holds every record as of `upto`: later than all the
                            // objects skipped, so its versions supersede theirs.
                            pulled
                                .records
                                .extend(snap.records.into_iter().map(|w| (w, false)));
                            st.next_seq = snap.upto + 1;
                            st.snapshot_upto = st.snapshot_upto.max(snap.upto);
                            report.snapshot_used = true;
                        }
                    }
                }
            }
        }
        let next = st.next_seq;
        st.own.retain(|seq, _| *seq >= next);
        Ok(Some(pulled))
    }

    /// Pushes the candidates that differ from their base as one log object. `Ok(false)` when
    /// another device took the number first (pull again, then retry).
    async fn push(
        &mut self,
        st: &mut SyncState,
        candidates: &BTreeSet<RecordKey>,
        report: &mut SyncReport,
    ) -> Result<bool, SyncError> {
        let dirty = self.dirty(candidates).await?;
        if dirty.is_empty() {
            return Ok(true);
        }
        self.tell("sending", dirty.len());
        let seq = st.next_seq;
        let batch = uuid::Uuid::new_v4().simple().to_string();
        let obj = LogObject {
            format: REMOTE_FORMAT,
            seq,
            device: self.store.device().to_owned(),
            at: Utc::now(),
            epoch: st.epoch.clone(),
            batch: Some(batch.clone()),
            records: dirty
                .iter()
                .map(|(k, v)| WireRecord::from_version(k, v.clone()))
                .collect(),
        };
        // Remember the push before making it: if its answer is lost, reading it back later is
        // recognised as this device's own batch, not as news to merge.
        st.own.insert(seq, batch);
        self.save(st)?;
        if !self.put_new(&log_key(seq), &obj).await? {
            st.own.remove(&seq);
            return Ok(false);
        }
        for (k, v) in &dirty {
            self.local.set_base(k, v)?;
        }
        report.sent += dirty.len();
        // `own` keeps the number until the position passes it (see `pass`): a held pull rewinds
        // the position, and then this push is read back later.
        st.next_seq = seq + 1;
        Ok(true)
    }

    /// Writes a snapshot when this device pushed the object at an interval boundary, or when
    /// none was written for two intervals (the boundary's device may have been busy).
    async fn maybe_snapshot(
        &mut self,
        st: &mut SyncState,
        candidates: &BTreeSet<RecordKey>,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        let upto = st.next_seq.saturating_sub(1);
        if upto < st.snapshot_upto + SNAPSHOT_EVERY {
            return Ok(());
        }
        let boundary = report.sent > 0 && upto.is_multiple_of(SNAPSHOT_EVERY);
        if !boundary {
            if upto < st.snapshot_upto + 2 * SNAPSHOT_EVERY {
                return Ok(());
            }
            if let Some(ptr) = self.get::<SnapshotPointer>("snapshot.json").await? {
                st.snapshot_upto = st.snapshot_upto.max(ptr.upto);
                if upto < st.snapshot_upto + 2 * SNAPSHOT_EVERY {
                    return Ok(());
                }
            }
        }
        // Only a replica with nothing unsent describes the remote as of `upto`.
        if self.dirty(candidates).await?.is_empty() {
            report.snapshot_written = self.snapshot(upto).await?;
            st.snapshot_upto = upto;
        }
        Ok(())
    }

    /// How many records changed here are waiting to be sent.
    pub async fn pending(&self, st: &SyncState) -> Result<usize, SyncError> {
        let log_id = self.store.change_log_id()?;
        let candidates = self.candidates(st, log_id.as_deref()).await?;
        Ok(self.dirty(&candidates).await?.len())
    }

    /// Records that may differ from the agreed base: those the change log names since the last
    /// sync; every record on a first sync, when that position is older than the rotated logs
    /// kept, or when it is a position in another log (each candidate is still compared with
    /// its base before it is sent).
    async fn candidates(
        &self,
        st: &SyncState,
        log_id: Option<&str>,
    ) -> Result<BTreeSet<RecordKey>, SyncError> {
        let same_log = st.log_id.is_none() || st.log_id.as_deref() == log_id;
        let changed = if st.initialized && same_log && self.local.bases_are_ours() {
            self.store.changed_since(st.log_pos).await?
        } else {
            None
        };
        Ok(match changed {
            Some(keys) => keys.into_iter().collect(),
            None => self.store.read(|r| r.keys()).await?.into_iter().collect(),
        })
    }

    /// Records whose local version differs from the agreed base.
    async fn dirty(
        &self,
        candidates: &BTreeSet<RecordKey>,
    ) -> Result<Vec<(RecordKey, Version)>, SyncError> {
        let ours = self.local.bases_are_ours();
        let local: Vec<(RecordKey, Option<Version>)> = self
            .store
            .read(|r| {
                candidates
                    .iter()
                    .map(|k| (k.clone(), r.version(k)))
                    .collect()
            })
            .await?;
        Ok(local
            .into_iter()
            .filter_map(|(k, v)| {
                let v = v?;
                let base = if ours { self.local.base(&k) } else { None };
                (base.as_ref() != Some(&v)).then_some((k, v))
            })
            .collect())
    }

    async fn snapshot(&mut self, upto: u64) -> Result<bool, SyncError> {
        let records: Vec<WireRecord> = self
            .store
            .read(|r| {
                r.keys()
                    .into_iter()
                    .filter_map(|k| r.version(&k).map(|v| WireRecord::from_version(&k, v)))
                    .collect()
            })
            .await?;
        let key = snapshot_key(upto);
        let obj = SnapshotObject {
            format: REMOTE_FORMAT,
            upto,
            records,
        };
        let written = self.put_new(&key, &obj).await?;
        let ptr = SnapshotPointer {
            format: REMOTE_FORMAT,
            upto,
            key,
        };
        let bytes = self.seal("snapshot.json", encode("snapshot pointer", &ptr)?)?;
        self.requests += 1;
        timed("write", "snapshot.json", REQUEST_TIMEOUT, async {
            self.remote
                .write("snapshot.json", bytes)
                .await
                .map(|_| ())
                .map_err(remote_err("write", "snapshot.json"))
        })
        .await?;
        Ok(written)
    }
}
