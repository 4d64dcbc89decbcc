//! `doctor` and quarantine: every record file checked, unusable ones moved aside (never
//! deleted from a bucket), and what was quarantined before listed until dealt with.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::{count_differences, DoctorReport, Problem, Store};
use crate::backend::Backend;
use crate::error::Result;
use crate::lock;

impl Store {
    /// Moves an unusable file into `.valet/quarantine/<time>/<path>` with a note saying why.
    /// In a bucket nothing is moved or deleted: Valet never deletes an object it did not write
    /// (it may be another program's, or another user's under a shared prefix); it is reported
    /// and skipped.
    pub(super) async fn quarantine(&self, path: &str, reason: &str) -> Problem {
        if matches!(self.inner.backend, Backend::S3(_)) {
            tracing::warn!(
                path,
                reason,
                "skipping an object that is not a usable record; left in place"
            );
            return Problem {
                path: path.to_owned(),
                reason: format!(
                    "{reason} (left in place: Valet does not delete objects it did not write)"
                ),
                quarantined_to: None,
            };
        }
        let stamp: DateTime<Utc> = Utc::now();
        let dest = self
            .inner
            .private
            .join("quarantine")
            .join(stamp.format("%Y%m%dT%H%M%S%.3fZ").to_string())
            .join(path);
        let moved = async {
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            if matches!(self.inner.backend, Backend::Fs) {
                // A rename moves anything, unread: a FIFO, a symlink to /dev/zero, a huge file.
                std::fs::rename(self.inner.data_dir.join(path), &dest)
                    .map_err(|e| e.to_string())?;
                let mut note = dest.clone().into_os_string();
                note.push(".reason.txt");
                std::fs::write(&note, format!("{path}: {reason}\n")).map_err(|e| e.to_string())?;
                return Ok::<_, String>(());
            }
            let bytes = self
                .inner
                .op
                .read(path)
                .await
                .map_err(|e| e.to_string())?
                .to_vec();
            std::fs::write(&dest, bytes).map_err(|e| e.to_string())?;
            let mut note = dest.clone().into_os_string();
            note.push(".reason.txt");
            std::fs::write(&note, format!("{path}: {reason}\n")).map_err(|e| e.to_string())?;
            self.inner
                .op
                .delete(path)
                .await
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(())
        }
        .await;
        match moved {
            Ok(()) => {
                tracing::warn!(path, reason, to = %dest.display(), "quarantined a file that is not a usable record");
                Problem {
                    path: path.to_owned(),
                    reason: reason.to_owned(),
                    quarantined_to: Some(dest.display().to_string()),
                }
            }
            Err(e) => {
                tracing::warn!(path, reason, error = %e, "could not quarantine a file; leaving it in place");
                Problem {
                    path: path.to_owned(),
                    reason: format!("{reason} (could not be quarantined: {e})"),
                    quarantined_to: None,
                }
            }
        }
    }

    /// Scans every record file again (quarantining bad ones), compares with the cached index,
    /// rewrites the snapshot, and reports.
    pub async fn doctor(&self) -> Result<DoctorReport> {
        let mut st = self.inner.state.write().await;
        let _g = lock::exclusive(&self.inner.lock_path).await?;
        if !st.loaded {
            self.load(&mut st).await?;
        } else {
            self.finish_redo().await?;
            self.catch_up(&mut st).await?;
        }
        let before = st.records.clone();
        let mut problems = std::mem::take(&mut st.problems);
        let (records, scan_problems) = self.scan().await?;
        problems.extend(scan_problems);
        // Files an ordinary command quarantined earlier stay listed until a person deals with
        // them (deletes or moves them out of `.valet/quarantine/`).
        for p in earlier_quarantines(&self.inner.private.join("quarantine")) {
            if !problems
                .iter()
                .any(|q| q.quarantined_to == p.quarantined_to)
            {
                problems.push(p);
            }
        }
        let stale = count_differences(&before, &records);
        st.records = records;
        st.log_pos = self.inner.log.end()?;
        st.last_clock = st.records.max_clock().cloned().max(st.last_clock.clone());
        if self.uses_snapshot() {
            self.save_snapshot(&mut st);
        }
        let [(_, todos), (_, plans), (_, journals), (_, archives), (_, projects)] =
            st.records.counts();
        let all = st.records.todos.len()
            + st.records.plans.len()
            + st.records.journals.len()
            + st.records.archives.len()
            + st.records.projects.len();
        Ok(DoctorReport {
            backend: self.backend(),
            data_dir: self.inner.data_dir.display().to_string(),
            device: self.inner.device.clone(),
            todos,
            plans,
            journals,
            archives,
            projects,
            tombstones: all - todos - plans - journals - archives - projects,
            change_log_bytes: st.log_pos,
            stale_in_cache: stale,
            problems,
        })
    }
}

/// Every file under `dir` with its `.reason.txt` note, as a problem.
fn earlier_quarantines(dir: &Path) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() => {
                    let name = p.to_string_lossy().into_owned();
                    let Some(file) = name.strip_suffix(".reason.txt") else {
                        continue;
                    };
                    let note = std::fs::read_to_string(&p).unwrap_or_default();
                    let (path, reason) = note
                        .trim()
                        .split_once(": ")
                        .map(|(a, b)| (a.to_owned(), b.to_owned()))
                        .unwrap_or_else(|| (file.to_owned(), note.trim().to_owned()));
                    out.push(Problem {
                        path,
                        reason: format!(
                            "quarantined earlier: {reason} (listed until the file is removed from the quarantine folder)"
                        ),
                        quarantined_to: Some(file.to_owned()),
                    });
                }
                _ => {}
            }
        }
    }
    out.sort_by(|a, b| a.quarantined_to.cmp(&b.quarantined_to));
    out
}
