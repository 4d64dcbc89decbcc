//! This device's side of sync, in `.valet/sync/`: `state.json` (how far it has read the remote,
//! which pushes it is unsure of), `base/` (the last version of each record it and the remote
//! agreed on, tied to one remote by `base.remote`), `key.json` (a copy of the remote's key
//! info) and `lease` (one syncing process per replica).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use valet_core::merge::Version;
use valet_core::RecordKey;

use super::wire::WireRecord;
use super::SyncError;
use crate::error::StoreError;

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
    /// Local change-log position already looked at for changes to push.
    pub log_pos: u64,
    /// The id of the change log `log_pos` is a position in: another log (deleted, recreated)
    /// means every record is compared with its base again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<String>,
    pub snapshot_upto: u64,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// The code of the last error (`SyncError::code`), for callers that must not read prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
    /// The remote's epoch this device last saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch_checked: Option<DateTime<Utc>>,
    /// Pushes whose answer this device did not get (or has not read back yet): sequence number
    /// to batch id. Reading such an object back is not news from another device.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub own: BTreeMap<u64, String>,
    /// This device's clock minus the storage server's, in ms, from the last sync's answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_offset_ms: Option<i64>,
}

fn local_err<'p>(
    action: &'static str,
    p: &'p Path,
) -> impl FnOnce(std::io::Error) -> StoreError + 'p {
    move |e| StoreError::local(action, p, e)
}

fn encode<T: Serialize>(what: &str, v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Encode {
        what: what.to_owned(),
        source: e,
    })
}

/// Writes `bytes` to `p` through a temp file, fsync and rename, so a crash leaves the old or
/// the new content, never a torn file.
pub(crate) fn write_atomic(p: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).map_err(local_err("created", parent))?;
    }
    let tmp = p.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp).map_err(local_err("created", &tmp))?;
    f.write_all(bytes).map_err(local_err("written", &tmp))?;
    f.sync_data().map_err(local_err("flushed", &tmp))?;
    std::fs::rename(&tmp, p).map_err(local_err("renamed", p))?;
    Ok(())
}

/// The files of `.valet/sync/` for one remote.
pub(crate) struct LocalState {
    pub dir: PathBuf,
    remote_id: String,
}

impl LocalState {
    pub fn new(dir: PathBuf, remote_id: &str) -> LocalState {
        LocalState {
            dir,
            remote_id: remote_id.to_owned(),
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

    pub fn save(&self, s: &SyncState) -> Result<(), SyncError> {
        let bytes = serde_json::to_vec_pretty(s).map_err(|e| StoreError::Encode {
            what: "sync state".into(),
            source: e,
        })?;
        write_atomic(&self.dir.join("state.json"), &bytes)?;
        Ok(())
    }

    fn marker(&self) -> PathBuf {
        self.dir.join("base.remote")
    }

    /// Whether the bases on disk are about this remote. Bases of another remote say nothing
    /// about what this one holds (a record equal to its old base is not "already there").
    /// Replicas from before the marker existed count as this remote's when their state does.
    pub fn bases_are_ours(&self) -> bool {
        match std::fs::read_to_string(self.marker()) {
            Ok(m) => m == self.remote_id,
            Err(_) => {
                std::fs::read(self.dir.join("state.json"))
                    .ok()
                    .and_then(|b| serde_json::from_slice::<SyncState>(&b).ok())
                    .is_some_and(|s| s.remote == self.remote_id)
                    || !self.dir.join("base").exists()
            }
        }
    }

    /// Forgets every base and the cached key info (another remote, or one that lost its
    /// objects), then marks the bases as this remote's.
    pub fn forget_bases(&self) -> Result<(), SyncError> {
        for p in [self.dir.join("base"), self.dir.join("key.json")] {
            let gone = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
            match gone {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StoreError::local("removed", &p, e).into()),
            }
        }
        self.claim_bases()
    }

    pub fn claim_bases(&self) -> Result<(), SyncError> {
        write_atomic(&self.marker(), self.remote_id.as_bytes())?;
        Ok(())
    }

    fn base_path(&self, key: &RecordKey) -> PathBuf {
        self.dir.join("base").join(key.path())
    }

    pub fn base(&self, key: &RecordKey) -> Option<Version> {
        let b = std::fs::read(self.base_path(key)).ok()?;
        serde_json::from_slice::<WireRecord>(&b)
            .ok()
            .map(|w| w.version())
    }

    pub fn set_base(&self, key: &RecordKey, v: &Version) -> Result<(), SyncError> {
        let p = self.base_path(key);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(local_err("created", parent))?;
        }
        let bytes = encode(&key.to_string(), &WireRecord::from_version(key, v.clone()))?;
        // A torn base is read as "no base" (a merge without one), never as a wrong one, so a
        // plain write is enough here; the state file, which says how far we read, is atomic.
        std::fs::write(&p, bytes).map_err(local_err("written", &p))?;
        Ok(())
    }
}

/// How long a caller that asked to wait for a running sync waits at most.
pub const LEASE_WAIT: Duration = Duration::from_secs(120);

/// The sync lease: one syncing process per replica at a time. `wait` waits (up to
/// [`LEASE_WAIT`]) for a running sync to finish; otherwise a busy lease is [`SyncError::Busy`].
/// Returns the lease and whether another sync had to be waited for.
pub(crate) async fn lease(dir: &Path, wait: bool) -> Result<(std::fs::File, bool), SyncError> {
    std::fs::create_dir_all(dir).map_err(local_err("created", dir))?;
    let p = dir.join("lease");
    let f = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&p)
        .map_err(local_err("opened", &p))?;
    match f.try_lock() {
        Ok(()) => return Ok((f, false)),
        Err(std::fs::TryLockError::WouldBlock) if wait => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(SyncError::Busy),
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(StoreError::local("locked", &p, e).into())
        }
    }
    let started = std::time::Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        match f.try_lock() {
            Ok(()) => return Ok((f, true)),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LEASE_WAIT => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(SyncError::Busy),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(StoreError::local("locked", &p, e).into())
            }
        }
    }
}
