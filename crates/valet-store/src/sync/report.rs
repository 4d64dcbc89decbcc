//! What a sync reports: how it handles a mass change ([`SyncMode`]), what it did
//! ([`SyncReport`]), and why it stopped ([`SyncError`], with a stable code).

use opendal::ErrorKind;
use serde::Serialize;

use crate::crypto::CryptoError;
use crate::error::StoreError;

/// What a sync does with a pull that would delete or overwrite most records of a kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SyncMode {
    /// Stop and ask (the held records are not applied; unrelated local edits are still sent).
    #[default]
    Normal,
    /// Apply it: the other device's deletes and overwrites were meant.
    Accept,
    /// Apply the rest, but keep (and send back) the records the other device deleted.
    RestoreDeleted,
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
    /// Records another device deleted that this sync kept (`SyncMode::RestoreDeleted`).
    pub restored: usize,
    /// Requests made to the remote.
    pub requests: usize,
    pub next_seq: u64,
    pub snapshot_written: bool,
    /// A snapshot was read instead of a long run of log objects.
    pub snapshot_used: bool,
    /// The remote no longer held what this device last synced (emptied, recreated or
    /// replaced): everything here was compared and uploaded again.
    pub remote_reset: bool,
    /// Another sync of this replica was running; this one waited for it.
    pub waited: bool,
    /// Log objects that could not be read (garbage, not Valet's format) and were skipped, with
    /// why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    /// This device's clock minus the storage server's (ms), when the server said its time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_offset_ms: Option<i64>,
}

/// Why a sync stopped.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("another Valet process is syncing this replica right now")]
    Busy,
    #[error("this sync would delete {deletes} of your {live} {what}; nothing was changed. Check the remote, then sync with --force to accept or --restore-deleted to keep them")]
    WouldDeleteMost {
        deletes: usize,
        live: usize,
        what: &'static str,
    },
    #[error("this sync would replace the text of {overwrites} of your {live} {what}; nothing was changed. Check the remote, then sync with --force to accept")]
    WouldOverwriteMost {
        overwrites: usize,
        live: usize,
        what: &'static str,
    },
    #[error("sync could not {op} {path}: {}", crate::error::plain(.source))]
    Remote {
        op: &'static str,
        path: String,
        #[source]
        source: Box<opendal::Error>,
    },
    #[error("sync could not {op} {path}: timed out (the storage server did not answer within {secs} s); Valet will try again later")]
    Timeout {
        op: &'static str,
        path: String,
        secs: u64,
    },
    #[error("remote object {path} is not valid: {reason}")]
    BadRemote { path: String, reason: String },
    #[error("this bucket's sync data is encrypted: give the sync passphrase (VALET_SYNC_PASSPHRASE or the app's keychain)")]
    NeedsPassphrase,
    #[error("this bucket's sync data is not encrypted, so end-to-end encryption cannot be turned on for it; nothing was written. Sync encrypted to a new bucket or key prefix (valet migrate copies everything), or turn encryption off")]
    NotEncryptedBucket,
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// A stable code for callers (CLI exit codes, the app's badge, MCP errors).
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Busy => "busy",
            SyncError::WouldDeleteMost { .. } | SyncError::WouldOverwriteMost { .. } => "confirm",
            SyncError::Timeout { .. } => "timeout",
            SyncError::Remote { source, .. } if crate::error::is_unreachable(source) => {
                "unreachable"
            }
            SyncError::Remote { source, .. } if source.kind() == ErrorKind::PermissionDenied => {
                "denied"
            }
            SyncError::Remote { .. } => "remote",
            SyncError::BadRemote { .. } => "bad_remote",
            SyncError::NeedsPassphrase => "passphrase",
            SyncError::NotEncryptedBucket => "encryption",
            SyncError::Crypto(_) => "crypto",
            SyncError::Store(_) => "local",
        }
    }
}
