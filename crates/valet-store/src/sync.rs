//! Local-first sync: the replica stays the working copy; a remote OpenDAL operator (an S3/R2
//! bucket, or any folder) is where devices meet.
//!
//! Remote layout, under the profile's key prefix (format 1):
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
//!
//! Local state lives in `.valet/sync/`: `state.json` (next sequence number, change-log offset
//! already considered) and `base/<kind>/<id>.json`, the last version of each record that this
//! device and the remote agreed on: the base of the three-way merge
//! ([`valet_core::merge::merge`]) and the test for "changed here since the last sync".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use opendal::{ErrorKind, Operator};
use serde::{Deserialize, Serialize};
use valet_core::merge::{merge, Conflict, Version};
use valet_core::{Hlc, RecordKey};

use crate::crypto::{Cipher, CryptoError, KeyInfo};
use crate::error::{Result, StoreError};
use crate::records::Change;
use crate::secret::Secret;
use crate::store::Store;

/// Remote format version.
pub const REMOTE_FORMAT: u32 = 1;
/// A snapshot is written after this many log objects, bounding what a new device reads.
pub const SNAPSHOT_EVERY: u64 = 50;
/// A pull that would delete more than this share of the live records stops and asks.
const MASS_DELETE_SHARE: f64 = 0.5;
/// ... unless it deletes at most this many.
const MASS_DELETE_MIN: usize = 10;

/// One record as it travels: its key and its version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRecord {
    pub key: String,
    pub clock: Hlc,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_clocks: BTreeMap<String, Hlc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// `None` for a delete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl WireRecord {
    fn from_version(key: &RecordKey, v: Version) -> WireRecord {
        WireRecord {
            key: key.path(),
            clock: v.clock,
            field_clocks: v.field_clocks,
            conflicts: v.conflicts,
            data: v.data,
        }
    }

    fn version(&self) -> Version {
        Version {
            data: self.data.clone(),
            clock: self.clock.clone(),
            field_clocks: self.field_clocks.clone(),
            conflicts: self.conflicts.clone(),
        }
    }
}

/// One log object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogObject {
    pub format: u32,
    pub seq: u64,
    pub device: String,
    pub at: DateTime<Utc>,
    pub records: Vec<WireRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotPointer {
    format: u32,
    upto: u64,
    key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SnapshotObject {
    format: u32,
    upto: u64,
    records: Vec<WireRecord>,
}

/// This device's sync progress, in `.valet/sync/state.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    /// Which remote this state is about (endpoint, bucket, prefix): another one starts over.
    pub remote: String,
    /// Whether this device has completed a first sync with that remote.
    pub initialized: bool,
    /// The next remote log object to read.
    pub next_seq: u64,
    /// Local change-log bytes already looked at for changes to push.
    pub log_pos: u64,
    pub snapshot_upto: u64,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    pub first_sync: bool,
    /// Records pushed.
    pub sent: usize,
    /// Records received from other devices.
    pub received: usize,
    /// Received records that changed something here.
    pub applied: usize,
    /// Records changed on both sides and merged.
    pub merged: usize,
    /// New conflicts (texts kept visibly).
    pub conflicts: usize,
    /// Requests made to the remote.
    pub requests: usize,
    pub next_seq: u64,
    pub snapshot_written: bool,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("another Valet process is syncing this replica right now")]
    Busy,
    #[error("this sync would delete {deletes} of your {live} records; nothing was changed. Check the remote, then sync with --force to accept")]
    WouldDeleteMost { deletes: usize, live: usize },
    #[error("sync could not {op} {path}: {}", crate::error::plain(.source))]
    Remote {
        op: &'static str,
        path: String,
        #[source]
        source: Box<opendal::Error>,
    },
    #[error("remote object {path} is not valid: {reason}")]
    BadRemote { path: String, reason: String },
    #[error("this bucket's sync data is encrypted: give the sync passphrase (VALET_SYNC_PASSPHRASE or the app's keychain)")]
    NeedsPassphrase,
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

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

fn log_key(seq: u64) -> String {
    format!("log/{seq:016}.json")
}

fn local_err<'p>(
    action: &'static str,
    p: &'p Path,
) -> impl FnOnce(std::io::Error) -> StoreError + 'p {
    move |e| StoreError::local(action, p, e)
}

/// The sync engine of one replica against one remote.
pub struct Syncer<'a> {
    store: &'a Store,
    remote: &'a Operator,
    /// Identifies the remote (endpoint, bucket, prefix) in the state file.
    remote_id: String,
    dir: PathBuf,
    requests: usize,
    passphrase: Option<Secret>,
    cipher: Option<Cipher>,
}

impl<'a> Syncer<'a> {
    pub fn new(store: &'a Store, remote: &'a Operator, remote_id: &str) -> Syncer<'a> {
        Syncer {
            store,
            remote,
            remote_id: remote_id.to_owned(),
            dir: store.private_dir().join("sync"),
            requests: 0,
            passphrase: None,
            cipher: None,
        }
    }

    /// Encrypts everything written to the remote with a key derived from `passphrase`.
    pub fn with_passphrase(mut self, passphrase: Option<Secret>) -> Self {
        self.passphrase = passphrase;
        self
    }

    /// Sets up the key: from the local copy of the bucket's key info when this device has one
    /// (no request), else from `crypto.json` in the bucket, created by the first device.
    async fn key(&mut self, initialized: bool) -> Result<(), SyncError> {
        let local = self.dir.join("key.json");
        let Some(pass) = self.passphrase.clone() else {
            if !initialized && self.remote_raw("crypto.json").await?.is_some() {
                return Err(SyncError::NeedsPassphrase);
            }
            return Ok(());
        };
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
                None => {
                    let (_, info) = Cipher::create(&pass)?;
                    let bytes = serde_json::to_vec(&info).map_err(|e| StoreError::Encode {
                        what: "crypto.json".into(),
                        source: e,
                    })?;
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
        std::fs::create_dir_all(&self.dir).map_err(local_err("created", &self.dir))?;
        let bytes = serde_json::to_vec(&info).map_err(|e| StoreError::Encode {
            what: "key info".into(),
            source: e,
        })?;
        std::fs::write(&local, bytes).map_err(local_err("written", &local))?;
        Ok(())
    }

    async fn remote_raw(&mut self, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        self.requests += 1;
        match self.remote.read(path).await {
            Ok(b) => Ok(Some(b.to_vec())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(remote_err("read", path)(e)),
        }
    }

    fn seal(&self, path: &str, bytes: Vec<u8>) -> Result<Vec<u8>, SyncError> {
        match &self.cipher {
            Some(c) => Ok(c.seal(path, &bytes)?),
            None => Ok(bytes),
        }
    }

    /// The saved state (a fresh one when none exists or it is about another remote).
    pub fn state(&self) -> Result<SyncState, SyncError> {
        let p = self.dir.join("state.json");
        let s: SyncState = match std::fs::read(&p) {
            Ok(b) => serde_json::from_slice(&b).unwrap_or_default(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SyncState::default(),
            Err(e) => return Err(StoreError::local("read", &p, e).into()),
        };
        if s.remote != self.remote_id {
            return Ok(SyncState {
                remote: self.remote_id.clone(),
                next_seq: 1,
                ..SyncState::default()
            });
        }
        Ok(s)
    }

    /// Saves the state (atomically).
    pub fn save(&self, s: &SyncState) -> Result<(), SyncError> {
        std::fs::create_dir_all(&self.dir).map_err(local_err("created", &self.dir))?;
        let p = self.dir.join("state.json");
        let tmp = self.dir.join("state.json.tmp");
        let bytes = serde_json::to_vec_pretty(s).map_err(|e| StoreError::Encode {
            what: "sync state".into(),
            source: e,
        })?;
        std::fs::write(&tmp, bytes).map_err(local_err("written", &tmp))?;
        std::fs::rename(&tmp, &p).map_err(local_err("renamed", &p))?;
        Ok(())
    }

    fn base_path(&self, key: &RecordKey) -> PathBuf {
        self.dir.join("base").join(key.path())
    }

    fn base(&self, key: &RecordKey) -> Option<Version> {
        let b = std::fs::read(self.base_path(key)).ok()?;
        serde_json::from_slice::<WireRecord>(&b)
            .ok()
            .map(|w| w.version())
    }

    fn set_base(&self, key: &RecordKey, v: &Version) -> Result<(), SyncError> {
        let p = self.base_path(key);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(local_err("created", parent))?;
        }
        let w = WireRecord::from_version(key, v.clone());
        let bytes = serde_json::to_vec(&w).map_err(|e| StoreError::Encode {
            what: key.to_string(),
            source: e,
        })?;
        std::fs::write(&p, bytes).map_err(local_err("written", &p))?;
        Ok(())
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
            None => bytes,
        };
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|e| SyncError::BadRemote {
                path: path.to_owned(),
                reason: e.to_string(),
            })
    }

    /// Puts `value` at `path` only if nothing is there. `Ok(false)` when another device won.
    async fn put_new<T: Serialize>(&mut self, path: &str, value: &T) -> Result<bool, SyncError> {
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError::Encode {
            what: path.to_owned(),
            source: e,
        })?;
        let bytes = self.seal(path, bytes)?;
        self.requests += 1;
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
    }

    /// One sync cycle: pull everything new, merge, push local changes, maybe write a snapshot.
    pub async fn run(&mut self, force: bool) -> Result<SyncReport, SyncError> {
        let _lease = lease(&self.dir)?;
        let mut state = self.state()?;
        let mut report = SyncReport {
            first_sync: !state.initialized,
            ..SyncReport::default()
        };
        self.key(state.initialized).await?;
        if !state.initialized && state.next_seq <= 1 {
            if let Some(ptr) = self.get::<SnapshotPointer>("snapshot.json").await? {
                if let Some(snap) = self.get::<SnapshotObject>(&ptr.key).await? {
                    self.apply(snap.records, force, &mut report).await?;
                    state.next_seq = snap.upto + 1;
                    state.snapshot_upto = snap.upto;
                    self.save(&state)?;
                }
            }
        }
        // Candidates for pushing: what the change log says changed since we last looked (and on
        // a first sync, everything); each is pushed only if it differs from the agreed base.
        let log_len = self.store.change_log_end()?;
        let mut candidates = self.candidates(&state).await?;
        loop {
            let mut pulled = Vec::new();
            while let Some(obj) = self.get::<LogObject>(&log_key(state.next_seq)).await? {
                if obj.format > REMOTE_FORMAT {
                    return Err(SyncError::BadRemote {
                        path: log_key(state.next_seq),
                        reason: format!("written by a newer Valet (format {})", obj.format),
                    });
                }
                pulled.extend(obj.records);
                state.next_seq += 1;
            }
            if !pulled.is_empty() {
                candidates.extend(pulled.iter().filter_map(|w| RecordKey::from_path(&w.key)));
                self.apply(pulled, force, &mut report).await?;
                self.save(&state)?;
            }
            let dirty = self.dirty(&candidates).await?;
            if dirty.is_empty() {
                break;
            }
            let obj = LogObject {
                format: REMOTE_FORMAT,
                seq: state.next_seq,
                device: self.store.device().to_owned(),
                at: Utc::now(),
                records: dirty
                    .iter()
                    .map(|(k, v)| WireRecord::from_version(k, v.clone()))
                    .collect(),
            };
            if self.put_new(&log_key(state.next_seq), &obj).await? {
                for (k, v) in &dirty {
                    self.set_base(k, v)?;
                }
                report.sent += dirty.len();
                state.next_seq += 1;
                break;
            }
            // Another device took this number: pull its batch, merge, and try the next one.
        }
        state.initialized = true;
        state.log_pos = log_len.max(state.log_pos);
        state.last_sync = Some(Utc::now());
        state.last_error = None;
        let upto = state.next_seq.saturating_sub(1);
        if upto >= state.snapshot_upto + SNAPSHOT_EVERY && self.dirty(&candidates).await?.is_empty()
        {
            report.snapshot_written = self.snapshot(upto).await?;
            state.snapshot_upto = upto;
        }
        self.save(&state)?;
        report.requests = self.requests;
        report.next_seq = state.next_seq;
        Ok(report)
    }

    /// How many records changed here are waiting to be sent.
    pub async fn pending(&self, st: &SyncState) -> Result<usize, SyncError> {
        let candidates = self.candidates(st).await?;
        Ok(self.dirty(&candidates).await?.len())
    }

    /// Records that may differ from the agreed base: those the change log names since the last
    /// sync; every record on a first sync, or when that position is older than the rotated logs
    /// kept (each candidate is still compared with the base before it is sent).
    async fn candidates(&self, st: &SyncState) -> Result<BTreeSet<RecordKey>, SyncError> {
        let changed = if st.initialized {
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
                (self.base(&k).as_ref() != Some(&v)).then_some((k, v))
            })
            .collect())
    }

    /// Merges received versions into the replica (one mutation), then records them as the base.
    async fn apply(
        &self,
        records: Vec<WireRecord>,
        force: bool,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        // Later versions of the same record in one pull supersede earlier ones.
        let mut latest: BTreeMap<RecordKey, WireRecord> = BTreeMap::new();
        for w in records {
            match RecordKey::from_path(&w.key) {
                Some(k) => {
                    latest.insert(k, w);
                }
                None => {
                    tracing::warn!(key = %w.key, "ignoring a remote record with an invalid key")
                }
            }
        }
        report.received += latest.len();
        let bases: BTreeMap<RecordKey, Option<Version>> =
            latest.keys().map(|k| (k.clone(), self.base(k))).collect();
        let (changes, merged, conflicts, deletes, live) = self
            .store
            .read(|r| {
                let mut changes = Vec::new();
                let (mut merged, mut conflicts, mut deletes) = (0, 0, 0);
                for (k, w) in &latest {
                    let remote = w.version();
                    let local = r.version(k);
                    let base = bases.get(k).cloned().flatten();
                    let result = match &local {
                        None => remote.clone(),
                        Some(l) => {
                            let m = merge(base.as_ref(), l, &remote);
                            if Some(l) != base.as_ref() && *l != remote {
                                merged += 1;
                            }
                            conflicts += m
                                .conflicts
                                .len()
                                .saturating_sub(l.conflicts.len().max(remote.conflicts.len()));
                            m
                        }
                    };
                    if result.data.is_none() && local.as_ref().is_some_and(|l| l.data.is_some()) {
                        deletes += 1;
                    }
                    if local.as_ref() != Some(&result) {
                        changes.push(Change::Synced(k.clone(), result));
                    }
                }
                let live = r.counts().iter().map(|(_, n)| n).sum::<usize>();
                (changes, merged, conflicts, deletes, live)
            })
            .await?;
        if !force && deletes > MASS_DELETE_MIN && deletes as f64 > live as f64 * MASS_DELETE_SHARE {
            return Err(SyncError::WouldDeleteMost { deletes, live });
        }
        report.applied += changes.len();
        report.merged += merged;
        report.conflicts += conflicts;
        if !changes.is_empty() {
            self.store
                .mutate("sync", |_| Ok::<_, StoreError>((changes, ())))
                .await?;
        }
        for (k, w) in &latest {
            self.set_base(k, &w.version())?;
        }
        Ok(())
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
        let key = format!("snapshots/{upto:016}.json");
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
        let bytes = serde_json::to_vec(&ptr).map_err(|e| StoreError::Encode {
            what: "snapshot pointer".into(),
            source: e,
        })?;
        let bytes = self.seal("snapshot.json", bytes)?;
        self.requests += 1;
        self.remote
            .write("snapshot.json", bytes)
            .await
            .map_err(remote_err("write", "snapshot.json"))?;
        Ok(written)
    }
}

/// The sync lease: one syncing process per replica at a time (the others skip their turn).
fn lease(dir: &Path) -> Result<std::fs::File, SyncError> {
    std::fs::create_dir_all(dir).map_err(local_err("created", dir))?;
    let p = dir.join("lease");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&p)
        .map_err(local_err("opened", &p))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(SyncError::Busy),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::local("locked", &p, e).into()),
    }
}
