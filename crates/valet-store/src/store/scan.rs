//! Reading every record file (a cold open without a usable snapshot, `doctor`): what cannot be
//! read is quarantined and listed, never fatal.

use futures::StreamExt;
use opendal::ErrorKind;
use valet_core::{RecordKey, RecordKind};

use super::files::{self, is_not_found, ReadFailure};
use super::{Fetched, Problem, State, Store, SCAN_CONCURRENCY};
use crate::backend::Backend;
use crate::error::{Result, StoreError};
use crate::records::Records;

impl Store {
    /// Lists and reads every record; quarantines what cannot be read. Exclusive lock held.
    pub(super) async fn scan(&self) -> Result<(Records, Vec<Problem>)> {
        let mut paths = Vec::new();
        let mut problems = Vec::new();
        for kind in RecordKind::ALL {
            let dir = format!("{}/", kind.dir());
            let listed = self.list_folder(&dir).await;
            let entries = match listed {
                Ok(e) => e,
                Err(e) if is_not_found(&e) => continue,
                // One odd entry (a file where the folder should be, an unreadable folder)
                // must not stop every command: it is reported and its records are skipped.
                Err(e) => {
                    problems.push(Problem {
                        path: dir.clone(),
                        reason: format!(
                            "the folder could not be listed: {}",
                            crate::error::plain(&e)
                        ),
                        quarantined_to: None,
                    });
                    continue;
                }
            };
            for path in entries {
                match RecordKey::from_path(&path) {
                    Some(k) => paths.push(k),
                    None => problems.push(
                        self.quarantine(
                            &path,
                            "not a record file name (expected <uuid>.json or YYYY-MM-DD.json)",
                        )
                        .await,
                    ),
                }
            }
        }
        let fetched = self.read_records(paths).await;
        let mut records = Records::default();
        for (k, r) in fetched {
            match r {
                Ok(Some(bytes)) => {
                    if let Err(e) = records.load(&k, &bytes) {
                        problems.push(self.quarantine(&k.path(), &e.to_string()).await);
                    }
                }
                Ok(None) => {}
                Err(ReadFailure::Odd(why)) => problems.push(self.quarantine(&k.path(), &why).await),
                Err(ReadFailure::Backend(e)) if e.kind() == ErrorKind::PermissionDenied => problems
                    .push(Problem {
                        path: k.path(),
                        reason: format!("could not be read: {}", crate::error::plain(&e)),
                        quarantined_to: None,
                    }),
                Err(ReadFailure::Backend(e)) => {
                    return Err(StoreError::backend("read", k.path(), e, self.is_local()))
                }
            }
        }
        Ok((records, problems))
    }

    /// Reads the files of `keys`, a few at a time.
    pub(super) async fn read_records(
        &self,
        keys: impl IntoIterator<Item = RecordKey>,
    ) -> Vec<Fetched> {
        let keys: Vec<RecordKey> = keys.into_iter().collect();
        if matches!(self.inner.backend, Backend::Fs) {
            let paths: Vec<String> = keys.iter().map(RecordKey::path).collect();
            let dir = self.inner.data_dir.clone();
            let read =
                tokio::task::spawn_blocking(move || files::read_local_files(&dir, paths)).await;
            if let Ok(Some(read)) = read {
                // In the order of `paths`, so of `keys` (checked: a mix-up must not pair a
                // record with another's name).
                if read.len() == keys.len()
                    && keys.iter().zip(&read).all(|(k, (p, _))| k.path() == *p)
                {
                    return keys
                        .into_iter()
                        .zip(read)
                        .map(|(k, (_, r))| (k, r))
                        .collect();
                }
            }
            tracing::warn!("a record-reading thread died; reading through the operator");
        }
        futures::stream::iter(keys)
            .map(|k| async move {
                let r = self.read_record(&k.path()).await;
                (k, r)
            })
            .buffer_unordered(SCAN_CONCURRENCY)
            .collect()
            .await
    }

    /// Removes temp files of writers that died mid-write. Exclusive lock held, so no writer is active.
    pub(super) fn clean_tmp(&self) {
        let tmp = self.inner.private.join("tmp");
        if let Ok(rd) = std::fs::read_dir(&tmp) {
            for e in rd.flatten() {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// A record file the log named that could not be read: listed with the load's problems (what a
/// command warns about), left in place for `doctor`.
pub(super) fn note_unread(st: &mut State, k: &RecordKey, why: String) {
    let path = k.path();
    st.problems.retain(|p| p.path != path);
    st.problems.push(Problem {
        path,
        reason: format!("{why}; left in place (`valet doctor` sets it aside)"),
        quarantined_to: None,
    });
}
