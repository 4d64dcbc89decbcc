//! Reading record files defensively: on a local folder only regular files of a sane size are
//! read, and listing follows no link, so one odd entry (a FIFO, a symlink to /dev/zero, a
//! symlink loop) is reported instead of hanging or stopping every command.

use std::path::Path;

use opendal::ErrorKind;

use super::Store;
use crate::backend::Backend;
use crate::error::{Result, StoreError};

/// The largest record file read; anything bigger is not one of Valet's records.
pub(super) const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Why a record file was not read.
pub(super) enum ReadFailure {
    /// Not a regular file of a sane size (a FIFO, a symlink, a device, 16 MiB+): never read.
    Odd(String),
    Backend(opendal::Error),
}

pub(super) fn is_not_found(e: &opendal::Error) -> bool {
    e.kind() == ErrorKind::NotFound
}

impl Store {
    /// The file names in a record folder (`todos/`), as paths. On a local folder this is a
    /// plain `read_dir` that follows no link, so a symlink loop is just an entry.
    pub(super) async fn list_folder(
        &self,
        dir: &str,
    ) -> std::result::Result<Vec<String>, opendal::Error> {
        if matches!(self.inner.backend, Backend::Fs) {
            let full = self.inner.data_dir.join(dir);
            let io = |e| local_error("listing a record folder", e);
            let mut out = Vec::new();
            for e in std::fs::read_dir(&full).map_err(io)? {
                let e = e.map_err(io)?;
                let path = format!("{dir}{}", e.file_name().to_string_lossy());
                // A folder named like a record stands where that record's file should be:
                // listed, so the read reports it (and doctor sets it aside).
                if e.file_type().is_ok_and(|t| t.is_dir())
                    && valet_core::RecordKey::from_path(&path).is_none()
                {
                    continue;
                }
                out.push(path);
            }
            return Ok(out);
        }
        Ok(self
            .inner
            .op
            .list(dir)
            .await?
            .into_iter()
            .filter(|e| !e.metadata().is_dir())
            .map(|e| e.path().trim_start_matches('/').to_owned())
            .filter(|p| p != dir)
            .collect())
    }

    /// Reads one record file. On a local folder only a regular file (not a symlink, a FIFO or
    /// a device, which could hang or never end) of at most [`MAX_RECORD_BYTES`] is read.
    pub(super) async fn read_record(
        &self,
        path: &str,
    ) -> std::result::Result<Option<Vec<u8>>, ReadFailure> {
        if matches!(self.inner.backend, Backend::Fs) {
            match check_local(&self.inner.data_dir.join(path)) {
                Err(ReadFailure::Backend(e)) if is_not_found(&e) => return Ok(None),
                Err(ReadFailure::Backend(_)) | Ok(()) => {}
                Err(odd) => return Err(odd),
            }
        }
        match self.inner.op.read(path).await {
            Ok(b) => Ok(Some(b.to_vec())),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(ReadFailure::Backend(e)),
        }
    }
    /// Bytes the replica uses: its record files (fs: every file under the data dir, `.valet/`
    /// included; s3/memory: the objects under the root) plus, for those, the local `.valet/`.
    pub async fn storage_bytes(&self) -> Result<u64> {
        let local = {
            let dir = if matches!(self.inner.backend, Backend::Fs) {
                self.inner.data_dir.clone()
            } else {
                self.inner.private.clone()
            };
            tokio::task::spawn_blocking(move || dir_bytes(&dir)).await?
        };
        if matches!(self.inner.backend, Backend::Fs) {
            return Ok(local);
        }
        let mut remote = 0u64;
        let entries = self
            .inner
            .op
            .list_with("/")
            .recursive(true)
            .await
            .map_err(|e| StoreError::backend("list", "/", e, self.is_local()))?;
        for e in entries {
            remote += e.metadata().content_length();
        }
        Ok(local + remote)
    }

    /// [`Store::storage_bytes`], measured at most once per `max_age` in this process (the
    /// status resource and the diagnostics panel ask often; the figure moves slowly).
    pub async fn storage_bytes_recent(&self, max_age: std::time::Duration) -> Result<u64> {
        if let Ok(g) = self.inner.bytes.lock() {
            if let Some((at, n)) = *g {
                if at.elapsed() < max_age {
                    return Ok(n);
                }
            }
        }
        let n = self.storage_bytes().await?;
        if let Ok(mut g) = self.inner.bytes.lock() {
            *g = Some((std::time::Instant::now(), n));
        }
        Ok(n)
    }
}

/// Sum of the sizes of the files under `dir` (unreadable entries count as 0).
fn dir_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => total += e.metadata().map(|m| m.len()).unwrap_or(0),
                _ => {}
            }
        }
    }
    total
}

/// Whether `full` may be read as a record: a regular file of a sane size.
fn check_local(full: &Path) -> std::result::Result<(), ReadFailure> {
    match std::fs::symlink_metadata(full) {
        Ok(m) if !m.file_type().is_file() => Err(ReadFailure::Odd(format!(
            "not a regular file ({})",
            if m.file_type().is_symlink() {
                "a symbolic link"
            } else if m.is_dir() {
                "a folder"
            } else {
                "a pipe, socket or device"
            }
        ))),
        Ok(m) if m.len() > MAX_RECORD_BYTES => Err(ReadFailure::Odd(format!(
            "{} bytes, far more than any record",
            m.len()
        ))),
        Ok(_) => Ok(()),
        Err(e) => Err(ReadFailure::Backend(local_error(
            "reading a record file",
            e,
        ))),
    }
}

/// An IO error of a local record file or folder, as the OpenDAL error its callers already
/// handle (`what` says what was being done).
fn local_error(what: &'static str, e: std::io::Error) -> opendal::Error {
    let kind = match e.kind() {
        std::io::ErrorKind::NotFound => ErrorKind::NotFound,
        std::io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
        std::io::ErrorKind::NotADirectory => ErrorKind::NotADirectory,
        _ => ErrorKind::Unexpected,
    };
    opendal::Error::new(kind, what).set_source(e)
}

/// A local record file read by [`read_local_files`]: its path and its bytes (none: gone).
pub(super) type LocalRead = (String, std::result::Result<Option<Vec<u8>>, ReadFailure>);

/// Reads the local record files `paths` (relative to `data_dir`) on a few threads with plain
/// file reads: a scan of 50,000 files through the operator paid several thread hand-offs per
/// file (21 s for `valet doctor`). Each read is still observed as the fs backend's `read`.
/// `None` when a reading thread died: the caller then reads through the operator instead.
pub(super) fn read_local_files(data_dir: &Path, paths: Vec<String>) -> Option<Vec<LocalRead>> {
    let one = |path: String| {
        let started = std::time::Instant::now();
        let full = data_dir.join(&path);
        let r = match check_local(&full) {
            Err(ReadFailure::Backend(e)) if is_not_found(&e) => Ok(None),
            Err(e) => Err(e),
            Ok(()) => match std::fs::read(&full) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(ReadFailure::Backend(local_error(
                    "reading a record file",
                    e,
                ))),
            },
        };
        let labels = [("scheme", "fs"), ("operation", "read")];
        metrics::histogram!("opendal_operation_duration_seconds", &labels)
            .record(started.elapsed().as_secs_f64());
        if matches!(r, Err(ReadFailure::Backend(_))) {
            metrics::counter!("opendal_operation_errors_total", &labels).increment(1);
        }
        (path, r)
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    if threads < 2 || paths.len() < 256 {
        return Some(paths.into_iter().map(one).collect());
    }
    let per = paths.len().div_ceil(threads);
    let mut chunks: Vec<Vec<String>> = Vec::with_capacity(threads);
    let mut rest = paths.into_iter();
    loop {
        let c: Vec<String> = rest.by_ref().take(per).collect();
        if c.is_empty() {
            break;
        }
        chunks.push(c);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| s.spawn(move || c.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        let mut all = Vec::new();
        for h in handles {
            all.extend(h.join().ok()?);
        }
        Some(all)
    })
}
