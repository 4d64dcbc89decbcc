//! The restore-point folder's files (`.valet/restore/`): content-addressed blobs under
//! `objects/<sha256>` and one manifest `<id>.json` per point. What a point holds and which
//! points are kept is the facade's business (valet-service's `restore`); the bytes on disk,
//! their hashes and the folder's lock are the store's.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::StoreError;
use crate::lock::{self, LockGuard};

type Result<T> = std::result::Result<T, StoreError>;

/// The restore points of one replica.
#[derive(Debug, Clone)]
pub struct RestoreVault {
    dir: PathBuf,
}

/// The sha256 of `bytes`, in lower-case hex: a blob's name.
pub fn blob_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a file atomically: a temp file beside it, fsync, rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::local("created", dir, e))?;
    }
    // `<name>.<pid>.tmp` beside it: the whole name stays visible in a temp file a kill leaves.
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    let mut f = std::fs::File::create(&tmp).map_err(|e| StoreError::local("created", &tmp, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| StoreError::local("written", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| StoreError::local("renamed", path, e))
}

impl RestoreVault {
    /// The vault inside a replica's private folder (`.valet`).
    pub fn new(private: &Path) -> RestoreVault {
        RestoreVault {
            dir: private.join("restore"),
        }
    }

    fn objects(&self) -> PathBuf {
        self.dir.join("objects")
    }

    fn manifest_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Where blob `hash` lives (for messages).
    pub fn blob_path(&self, hash: &str) -> PathBuf {
        self.objects().join(hash)
    }

    /// One writer of restore points at a time, so pruning never removes a blob that a point
    /// being written still needs. Taken before the store's lock when both are needed. Temp
    /// files of a writer that was killed are removed once it is held.
    pub async fn lock(&self) -> Result<LockGuard> {
        let objects = self.objects();
        std::fs::create_dir_all(&objects).map_err(|e| StoreError::local("created", &objects, e))?;
        let guard = lock::exclusive(&self.dir.join("lock")).await?;
        if let Ok(rd) = std::fs::read_dir(&objects) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().ends_with(".tmp") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(guard)
    }

    /// Stores `bytes` as a blob and returns its hash, and whether it had to be written. A blob
    /// is reused only when it still holds what its name says: a damaged one is written again,
    /// which also repairs the older points that share it. The caller holds [`Self::lock`].
    pub fn put_blob(&self, bytes: &[u8]) -> Result<(String, bool)> {
        let h = blob_hash(bytes);
        let path = self.blob_path(&h);
        let intact = std::fs::read(&path).is_ok_and(|b| blob_hash(&b) == h);
        if !intact {
            write_atomic(&path, bytes)?;
        }
        Ok((h, !intact))
    }

    /// Blob `hash`, or `None` when its bytes no longer match its name (damaged on disk).
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        let path = self.blob_path(hash);
        let bytes = std::fs::read(&path).map_err(|e| StoreError::local("read", &path, e))?;
        Ok((blob_hash(&bytes) == hash).then_some(bytes))
    }

    /// The bytes of manifest `id`, `None` when there is no such point. `id` must already be
    /// checked to be a plain name.
    pub fn manifest(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let path = self.manifest_path(id);
        match std::fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::local("read", &path, e)),
        }
    }

    /// The ids of every manifest in the folder, in no particular order.
    pub fn manifest_ids(&self) -> Result<Vec<String>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::local("listed", &self.dir, e)),
        };
        let mut out = Vec::new();
        for e in entries {
            let e = e.map_err(|e| StoreError::local("listed", &self.dir, e))?;
            if let Some(id) = e.file_name().to_string_lossy().strip_suffix(".json") {
                out.push(id.to_owned());
            }
        }
        Ok(out)
    }

    /// Whether a point named `id` exists.
    pub fn has_manifest(&self, id: &str) -> bool {
        self.manifest_path(id).exists()
    }

    /// Writes manifest `id` atomically. The caller holds [`Self::lock`].
    pub fn write_manifest(&self, id: &str, bytes: &[u8]) -> Result<()> {
        write_atomic(&self.manifest_path(id), bytes)
    }

    /// Removes manifest `id`. The caller holds [`Self::lock`].
    pub fn remove_manifest(&self, id: &str) -> Result<()> {
        let path = self.manifest_path(id);
        std::fs::remove_file(&path).map_err(|e| StoreError::local("removed", &path, e))
    }

    /// Removes every blob not named in `used`. The caller holds [`Self::lock`].
    pub fn remove_blobs_except(&self, used: &HashSet<String>) -> Result<()> {
        let objects = self.objects();
        let rd =
            std::fs::read_dir(&objects).map_err(|e| StoreError::local("listed", &objects, e))?;
        for e in rd {
            let e = e.map_err(|e| StoreError::local("listed", &objects, e))?;
            if !used.contains(e.file_name().to_string_lossy().as_ref()) {
                let p = e.path();
                std::fs::remove_file(&p).map_err(|err| StoreError::local("removed", &p, err))?;
            }
        }
        Ok(())
    }
}
