//! The replica's OS file lock: writers hold it exclusively, readers catching up on the change
//! log hold it shared, so nobody reads a change whose record is still being written.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Result, StoreError};

/// Held while the lock is; released when dropped (closing the file releases it too, even when
/// the process is killed).
#[derive(Debug)]
pub struct LockGuard {
    file: File,
    path: PathBuf,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        if let Err(e) = self.file.unlock() {
            tracing::warn!(path = %self.path.display(), error = %e, "could not release the replica lock");
        }
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Shared,
    Exclusive,
}

async fn take(path: &Path, mode: Mode) -> Result<LockGuard> {
    let path = path.to_path_buf();
    // Waiting for a lock blocks the thread, so it happens off the async workers.
    tokio::task::spawn_blocking(move || {
        let opened = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path);
        let file = match (opened, mode) {
            (Ok(f), _) => f,
            // A replica on a read-only disk: nobody can write it, so a reader's shared lock on
            // a read-only handle is enough.
            (Err(e), Mode::Shared) if is_read_only(&e) && path.exists() => {
                File::open(&path).map_err(|e| StoreError::local("opened", &path, e))?
            }
            (Err(e), _) => return Err(StoreError::local("opened", &path, e)),
        };
        let res = match mode {
            Mode::Shared => file.lock_shared(),
            Mode::Exclusive => file.lock(),
        };
        res.map_err(|e| StoreError::local("locked", &path, e))?;
        Ok(LockGuard { file, path })
    })
    .await?
}

/// Waits for the exclusive lock (one writer at a time, across processes).
pub async fn exclusive(path: &Path) -> Result<LockGuard> {
    take(path, Mode::Exclusive).await
}

/// Waits for a shared lock (any number of readers, no writer).
pub async fn shared(path: &Path) -> Result<LockGuard> {
    take(path, Mode::Shared).await
}

/// Whether an I/O error says the replica cannot be written here (a read-only disk or folder).
pub fn is_read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}
