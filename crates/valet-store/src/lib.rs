//! Valet's store: every record as one JSON file on an OpenDAL operator (local `fs` by default,
//! S3/R2, or memory for tests), with an OS file lock, an append-only change log and an
//! in-memory index shared by every process that opens the same replica.
//!
//! # Layout
//!
//! - [`backend`]: builds the OpenDAL operator (fs, s3 with retry/timeout, memory) with tracing.
//! - [`secret`]: [`Secret`], a credential whose Debug and Display never show it.
//! - [`lock`]: the replica's OS file lock (exclusive for writers, shared for readers).
//! - [`changelog`]: `.valet/changes.log`, one JSON line per change: feed, audit trail, and the
//!   reason other processes' caches are never stale.
//! - [`records`]: the in-memory index ([`Records`]) and the changes a mutation makes.
//! - [`snapshot`]: a cache of the index so a cold open reads one file, not 10,000.
//! - [`store`]: [`Store`], which ties them together: `read`, `mutate`, `doctor`.
//! - [`undo`]: `.valet/undo.jsonl`, each mutation's records before and after, for undo.
//! - [`vault`]: restore points' files: content-addressed blobs, manifests, their lock.
//! - [`crypto`]: optional end-to-end encryption of what sync writes to the remote.
//! - [`sync`]: local-first sync with a remote operator: log objects, snapshots, 3-way merge.
//!
//! **Invariant:** a mutation appends its log lines and writes its records while holding the
//! exclusive lock, after re-reading every change made since this process last looked.

pub mod backend;
pub mod changelog;
pub mod crypto;
pub mod error;
pub mod lock;
pub mod records;
pub mod secret;
pub mod snapshot;
pub mod store;
pub mod sync;
pub mod undo;
pub mod vault;

pub use backend::{Backend, BackendInfo, S3Config};
pub use changelog::LogEntry;
pub use error::StoreError;
pub use records::{Change, Record, Records};
pub use secret::Secret;
pub use store::{ChangeEvent, DoctorReport, Problem, Store, StoreOptions};
pub use sync::{
    ServerClock, SyncError, SyncMode, SyncProgress, SyncRemote, SyncReport, SyncState, Syncer,
};
pub use undo::{UndoEntry, UndoKind, UndoRecord};
// Settings, profile and export files use the same temp-fsync-rename as restore points.
pub use vault::write_atomic;
