//! The handle of a sync remote: built here, where storage is touched, and held by the facade.

use opendal::Operator;

use super::{ServerClock, Syncer};
use crate::error::StoreError;
use crate::store::Store;

/// A sync remote as the facade holds it: the bucket's operator (retries, timeouts, and the
/// server's time read off every answer), with its stable id. Only the store builds operators,
/// so callers keep this handle instead of an OpenDAL type.
#[derive(Clone)]
pub struct SyncRemote {
    op: Operator,
    clock: ServerClock,
    id: String,
}

impl SyncRemote {
    /// The remote `backend` points at; `scratch` takes temporary files of local backends.
    pub fn open(
        backend: &crate::Backend,
        scratch: &std::path::Path,
    ) -> Result<SyncRemote, StoreError> {
        let clock = ServerClock::default();
        Ok(SyncRemote {
            op: backend.remote_operator_with_clock(scratch, &clock)?,
            id: backend.remote_id(),
            clock,
        })
    }

    /// A stable name of where the remote is (never its credentials).
    pub fn id(&self) -> &str {
        &self.id
    }

    pub(super) fn operator(&self) -> &Operator {
        &self.op
    }

    /// The server's time as its answers told it.
    pub fn clock(&self) -> &ServerClock {
        &self.clock
    }
}

impl<'a> Syncer<'a> {
    /// The engine against `remote`, reading the server's time off its answers.
    pub fn for_remote(store: &'a Store, remote: &'a SyncRemote) -> Syncer<'a> {
        Syncer::new(store, remote.operator(), remote.id())
            .with_server_clock(Some(remote.clock().clone()))
    }
}
