//! A batch commit's redo file, `.valet/batch.redo`: written (atomically) before the first byte
//! of a batch of two or more records, removed after the last. A writer killed in between
//! leaves it, and the next writer (under the exclusive lock) finishes the batch before
//! anything else, so a batch is on disk whole or not at all.

use serde::{Deserialize, Serialize};

use super::Store;
use crate::changelog::LogEntry;
use crate::error::{Result, StoreError};

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Redo {
    /// The change log's end before the batch's lines: past it, they were appended.
    log_end: u64,
    entries: Vec<LogEntry>,
    /// Each record's path and its new file content (JSON text).
    writes: Vec<(String, String)>,
}

/// Fault injection for tests: abort the process after this many record writes of a batch.
fn crash_after() -> Option<usize> {
    // Read once per process: this is on every record write.
    static AFTER: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    *AFTER.get_or_init(|| {
        std::env::var("VALET_TEST_CRASH_AFTER_WRITES")
            .ok()
            .and_then(|s| s.parse().ok())
    })
}

impl Store {
    fn redo_path(&self) -> std::path::PathBuf {
        self.inner.private.join("batch.redo")
    }

    /// Records a batch before its first write.
    pub(super) fn write_redo(
        &self,
        log_end: u64,
        entries: &[LogEntry],
        writes: &[(String, Vec<u8>)],
    ) -> Result<()> {
        let redo = Redo {
            log_end,
            entries: entries.to_vec(),
            writes: writes
                .iter()
                .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
                .collect(),
        };
        let bytes = serde_json::to_vec(&redo).map_err(|e| StoreError::Encode {
            what: "batch redo".into(),
            source: e,
        })?;
        crate::sync::state::write_atomic(&self.redo_path(), &bytes)
    }

    /// The batch is whole on disk.
    pub(super) fn clear_redo(&self) -> Result<()> {
        let p = self.redo_path();
        std::fs::remove_file(&p).map_err(|e| StoreError::local("removed", &p, e))
    }

    /// Aborts the process mid-batch when a test asks for it (`VALET_TEST_CRASH_AFTER_WRITES`).
    pub(super) fn maybe_crash(&self, written: usize) {
        if crash_after() == Some(written) {
            std::process::abort();
        }
    }

    /// Finishes a batch a killed writer left half done: its log lines if they are missing,
    /// then every record. Exclusive lock held. Returns whether there was one.
    pub(super) async fn finish_redo(&self) -> Result<bool> {
        let p = self.redo_path();
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(StoreError::local("read", &p, e)),
        };
        let redo: Redo = match serde_json::from_slice(&bytes) {
            Ok(r) => r,
            Err(e) => {
                // Not ours to replay: keep it aside for a person, and go on.
                tracing::warn!(error = %e, "an unreadable batch redo file was set aside");
                let aside = self.inner.private.join("batch.redo.unreadable");
                std::fs::rename(&p, &aside).map_err(|e| StoreError::local("renamed", &p, e))?;
                return Ok(false);
            }
        };
        tracing::warn!(
            records = redo.writes.len(),
            "finishing a batch that a stopped process left half written"
        );
        if self.inner.log.end()? <= redo.log_end {
            let log = self.inner.log.clone();
            let entries = redo.entries.clone();
            tokio::task::spawn_blocking(move || log.append(&entries)).await??;
        }
        let local = matches!(self.inner.backend, crate::backend::Backend::Fs);
        for (path, text) in redo.writes {
            self.inner
                .op
                .write(&path, text.into_bytes())
                .await
                .map_err(|e| StoreError::backend("write", path.clone(), e, local))?;
        }
        self.clear_redo()?;
        Ok(true)
    }
}
