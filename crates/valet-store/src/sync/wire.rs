//! What sync writes to the remote: log objects, snapshots, the snapshot pointer and the epoch,
//! and the one record version they carry ([`WireRecord`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use valet_core::merge::{Conflict, Version};
use valet_core::{Hlc, RecordKey};

/// Remote format version.
pub const REMOTE_FORMAT: u32 = 1;

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
    pub(crate) fn from_version(key: &RecordKey, v: Version) -> WireRecord {
        WireRecord {
            key: key.path(),
            clock: v.clock,
            field_clocks: v.field_clocks,
            conflicts: v.conflicts,
            data: v.data,
        }
    }

    pub(crate) fn version(&self) -> Version {
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
    /// The remote's epoch when this was written (absent in objects of older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// A random id of this push, so the device that made it recognises it when its answer was
    /// lost on the way back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    pub records: Vec<WireRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotPointer {
    pub format: u32,
    pub upto: u64,
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnapshotObject {
    pub format: u32,
    pub upto: u64,
    pub records: Vec<WireRecord>,
}

/// `epoch.json`: a random id written once by the first device. A remote that lost its objects
/// (emptied, recreated, restored) no longer has the id its devices remember.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Epoch {
    pub format: u32,
    pub id: String,
    pub created: DateTime<Utc>,
    /// Whether the first device encrypted: a device without the passphrase stops before it
    /// writes anything in plain text.
    #[serde(default)]
    pub encrypted: bool,
}

pub(crate) fn log_key(seq: u64) -> String {
    format!("log/{seq:016}.json")
}

pub(crate) fn snapshot_key(upto: u64) -> String {
    format!("snapshots/{upto:016}.json")
}
