//! Restore points: compact, content-addressed snapshots of every live record plus
//! `settings.json` and `profile.md`, taken by `valet backup` and before imports and restores.
//!
//! Layout, inside the replica's private folder:
//!
//! - `.valet/restore/objects/<sha256>`: one blob per distinct content (a record's data as JSON,
//!   or a file's bytes), shared by every point that holds it, so an unchanged record costs
//!   nothing in the next point.
//! - `.valet/restore/<id>.json`: a point's manifest, `{format, id, createdAt, reason, entries}`
//!   where `entries` maps a record path (`todos/<uuid>.json`, `plans/<date>.json`, ...,
//!   `settings.json`, `profile.md`) to its blob's hash.
//!
//! Retention (applied after each new point): the newest [`KEEP_LAST`] points, plus the newest
//! point of each of the last [`KEEP_DAYS`] days; blobs no point refers to are then deleted.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use valet_core::{
    ArchivedDay, DayPlan, JournalDay, RecordKey, RecordKind, Settings, Todo, ValidationError,
};
use valet_store::vault::RestoreVault;
use valet_store::{Change, Record, Records};

use crate::error::{Result, ServiceError};
use crate::progress::{self, OnProgress};
use crate::valet::Valet;

/// Points always kept, newest first.
pub const KEEP_LAST: usize = 20;
/// Days for which the newest point of each day is kept as well.
pub const KEEP_DAYS: i64 = 14;
/// The manifest format this build writes.
pub const RESTORE_FORMAT: u32 = 1;

const SETTINGS_ENTRY: &str = "settings.json";
const PROFILE_ENTRY: &str = "profile.md";

/// A restore point's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    pub id: String,
    pub created_at: DateTime<Utc>,
    /// Why it was taken: `backup`, `before import-legacy`, `before restore <id>`, ...
    pub reason: String,
    /// Path -> sha256 of the blob holding it.
    pub entries: BTreeMap<String, String>,
}

/// A restore point as listed.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestorePoint {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub reason: String,
    pub todos: usize,
    pub plans: usize,
    pub journals: usize,
    pub archives: usize,
    /// Blobs this point had to add (0 when nothing changed since the previous point).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub new_objects: Option<usize>,
    /// Points removed by the retention policy when this one was made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pruned: Vec<String>,
}

/// What a restore did.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub restored: String,
    /// The point taken just before, to undo this restore with.
    pub undo_point: String,
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub settings_restored: bool,
    pub profile_restored: bool,
}

fn encode<T: Serialize>(what: &str, v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v)
        .map_err(|e| ServiceError::Internal(format!("could not encode {what}: {e}")))
}

/// A failed read or removal of the settings or profile file (the records are the store's).
fn io(path: &Path, e: std::io::Error) -> ServiceError {
    ServiceError::Io {
        path: path.display().to_string(),
        source: e,
    }
}

/// Writes a local file atomically (temp file beside it, fsync, rename): the store's helper.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(valet_store::write_atomic(path, bytes)?)
}

fn check_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new(
            "id",
            format!("must be a restore point id as listed by `valet restore --list` (e.g. 20260128T101500123Z); got {id:?}"),
        )
        .into())
    }
}

/// Every live record as `(path, data JSON)`, in path order.
fn live_entries(r: &Records) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for t in r.todos() {
        out.push((RecordKey::todo(t.id).path(), encode("todo", t)?));
    }
    for p in r.plans() {
        out.push((
            RecordKey::day(RecordKind::Plan, p.date).path(),
            encode("plan", p)?,
        ));
    }
    for j in r.journals() {
        out.push((
            RecordKey::day(RecordKind::Journal, j.date).path(),
            encode("journal", j)?,
        ));
    }
    for a in r.archives() {
        out.push((
            RecordKey::day(RecordKind::Archive, a.date).path(),
            encode("archive", a)?,
        ));
    }
    for p in r.projects() {
        out.push((RecordKey::project(p.id).path(), encode("project", p)?));
    }
    out.sort();
    Ok(out)
}

fn decode_record(key: &RecordKey, bytes: &[u8]) -> Result<Record> {
    let bad = |e: serde_json::Error| {
        ServiceError::Damaged(format!(
            "restore point blob for {} is not a valid record: {e}",
            key.path()
        ))
    };
    Ok(match key.kind() {
        RecordKind::Todo => Record::Todo(serde_json::from_slice::<Todo>(bytes).map_err(bad)?),
        RecordKind::Plan => Record::Plan(serde_json::from_slice::<DayPlan>(bytes).map_err(bad)?),
        RecordKind::Journal => {
            Record::Journal(serde_json::from_slice::<JournalDay>(bytes).map_err(bad)?)
        }
        RecordKind::Archive => {
            Record::Archive(serde_json::from_slice::<ArchivedDay>(bytes).map_err(bad)?)
        }
        RecordKind::Project => {
            Record::Project(serde_json::from_slice::<valet_core::Project>(bytes).map_err(bad)?)
        }
    })
}

fn current(r: &Records, key: &RecordKey) -> Option<Record> {
    let id = key.id();
    match key.kind() {
        RecordKind::Todo => valet_core::TodoId::parse("id", id)
            .ok()
            .and_then(|i| r.todo(i).cloned().map(Record::Todo)),
        RecordKind::Project => valet_core::ProjectId::parse("id", id)
            .ok()
            .and_then(|i| r.project(i).cloned().map(Record::Project)),
        k => {
            let d = valet_core::DayDate::parse("date", id).ok()?;
            match k {
                RecordKind::Plan => r.plan(d).cloned().map(Record::Plan),
                RecordKind::Journal => r.journal(d).cloned().map(Record::Journal),
                _ => r.archive(d).cloned().map(Record::Archive),
            }
        }
    }
}

/// Which points the retention policy keeps, given all of them (any order) and now.
pub fn retained(points: &[(String, DateTime<Utc>)], now: DateTime<Utc>) -> BTreeSet<String> {
    let mut sorted: Vec<&(String, DateTime<Utc>)> = points.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    let mut keep: BTreeSet<String> = sorted.iter().take(KEEP_LAST).map(|p| p.0.clone()).collect();
    let mut days = HashSet::new();
    for (id, at) in sorted {
        if now - *at <= Duration::days(KEEP_DAYS) && days.insert(at.date_naive()) {
            keep.insert(id.clone());
        }
    }
    keep
}

impl Valet {
    fn vault(&self) -> RestoreVault {
        RestoreVault::new(self.store().private_dir())
    }

    fn read_manifest(&self, id: &str) -> Result<Manifest> {
        check_id(id)?;
        let Some(bytes) = self.vault().manifest(id)? else {
            return Err(ServiceError::NotFound {
                what: "restore point",
                id: id.to_owned(),
            });
        };
        let m: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| ServiceError::Damaged(format!("restore point {id} is unreadable: {e}")))?;
        if m.format > RESTORE_FORMAT {
            return Err(ServiceError::Damaged(format!(
                "restore point {id} was written by a newer Valet (format {}, this one reads up to {RESTORE_FORMAT})",
                m.format
            )));
        }
        Ok(m)
    }

    fn manifests(&self) -> Result<Vec<Manifest>> {
        let mut out = Vec::new();
        for id in self.vault().manifest_ids()? {
            match self.read_manifest(&id) {
                Ok(m) => out.push(m),
                Err(err) => {
                    tracing::warn!(point = %id, error = %err, "skipping an unreadable restore point")
                }
            }
        }
        out.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(out)
    }

    /// Takes a restore point of every live record, `settings.json` and `profile.md`.
    pub async fn create_restore_point(&self, reason: &str) -> Result<RestorePoint> {
        let _g = self.vault().lock().await?;
        let entries = self.store().read(live_entries).await??;
        self.write_restore_point(entries, reason)
    }

    /// Writes a restore point of `entries` (the records) plus settings and profile. The caller
    /// holds the vault's lock.
    fn write_restore_point(
        &self,
        mut entries: Vec<(String, Vec<u8>)>,
        reason: &str,
    ) -> Result<RestorePoint> {
        let vault = self.vault();
        for (name, path) in [
            (SETTINGS_ENTRY, self.settings_path().to_path_buf()),
            (PROFILE_ENTRY, self.profile_file()),
        ] {
            match std::fs::read(&path) {
                Ok(b) => entries.push((name.to_owned(), b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path, e)),
            }
        }
        let mut manifest = BTreeMap::new();
        let mut new_objects = 0;
        for (path, bytes) in entries {
            let (h, written) = vault.put_blob(&bytes)?;
            new_objects += usize::from(written);
            manifest.insert(path, h);
        }
        let now = self.now();
        let base = now.format("%Y%m%dT%H%M%S%3fZ").to_string();
        let mut id = base.clone();
        let mut n = 1;
        while vault.has_manifest(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        let m = Manifest {
            format: RESTORE_FORMAT,
            id: id.clone(),
            created_at: now,
            reason: reason.to_owned(),
            entries: manifest,
        };
        let bytes = serde_json::to_vec_pretty(&m)
            .map_err(|e| ServiceError::Internal(format!("could not encode restore point: {e}")))?;
        vault.write_manifest(&id, &bytes)?;
        let pruned = self.prune(now)?;
        let mut p = summary(&m);
        p.new_objects = Some(new_objects);
        p.pruned = pruned;
        Ok(p)
    }

    /// Applies the retention policy and deletes blobs no remaining point refers to.
    fn prune(&self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let vault = self.vault();
        let all = self.manifests()?;
        let keep = retained(
            &all.iter()
                .map(|m| (m.id.clone(), m.created_at))
                .collect::<Vec<_>>(),
            now,
        );
        let mut pruned = Vec::new();
        let mut used = HashSet::new();
        for m in &all {
            if keep.contains(&m.id) {
                used.extend(m.entries.values().cloned());
            } else {
                vault.remove_manifest(&m.id)?;
                pruned.push(m.id.clone());
            }
        }
        if !pruned.is_empty() {
            vault.remove_blobs_except(&used)?;
        }
        Ok(pruned)
    }

    /// Restore points, newest first.
    pub async fn restore_points(&self) -> Result<Vec<RestorePoint>> {
        Ok(self.manifests()?.iter().map(summary).collect())
    }

    /// Puts every record, `settings.json` and `profile.md` back as they were at point `id`,
    /// through the store (so other processes see it), deleting records made since. Takes a
    /// restore point first, so a restore can itself be undone.
    pub async fn restore(&self, id: &str) -> Result<RestoreReport> {
        self.restore_with_progress(id, &progress::quiet).await
    }

    /// [`Valet::restore`], reporting progress to `on` (checking, undo point, each batch written).
    pub async fn restore_with_progress(
        &self,
        id: &str,
        on: OnProgress<'_>,
    ) -> Result<RestoreReport> {
        const OP: &str = "restore";
        progress::report(on, OP, "checking the restore point", 0, 1);
        let m = self.read_manifest(id)?;
        let vault = self.vault();
        let blob = |h: &str| -> Result<Vec<u8>> {
            vault.blob(h)?.ok_or_else(|| {
                ServiceError::Damaged(format!(
                    "restore point {id}: blob {} is damaged (its hash does not match)",
                    vault.blob_path(h).display()
                ))
            })
        };
        // Read and check everything before changing anything.
        let mut wanted: BTreeMap<RecordKey, Record> = BTreeMap::new();
        let mut settings = None;
        let mut profile = None;
        for (path, h) in &m.entries {
            let bytes = blob(h)?;
            match path.as_str() {
                SETTINGS_ENTRY => {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        ServiceError::Damaged(format!(
                            "restore point {id}: settings.json is not UTF-8"
                        ))
                    })?;
                    settings = Some(Settings::from_json(&text)?);
                }
                PROFILE_ENTRY => profile = Some(bytes),
                other => {
                    let key = RecordKey::from_path(other).ok_or_else(|| {
                        ServiceError::Damaged(format!(
                            "restore point {id}: {other:?} is not a record path"
                        ))
                    })?;
                    wanted.insert(key.clone(), decode_record(&key, &bytes)?);
                }
            }
        }
        progress::report(on, OP, "taking a restore point to undo this", 0, 1);
        // From the undo point to the last write, one mutation under the store's lock: a write
        // another process makes meanwhile lands before (and is in the undo point) or after
        // (and is kept), never in between.
        let _g = vault.lock().await?;
        let label = crate::config::Actor::Import.label();
        let undo_reason = format!("before restore {id}");
        let (undo, (created, updated, deleted, unchanged)) = self
            .store()
            .mutate(label.as_str(), |r| {
                let undo = self.write_restore_point(live_entries(r)?, &undo_reason)?;
                progress::report(on, OP, "writing records", 0, 1);
                let mut changes = Vec::new();
                let mut counts = (0, 0, 0, 0);
                for (k, rec) in &wanted {
                    match current(r, k) {
                        None => {
                            counts.0 += 1;
                            changes.push(Change::Put(rec.clone()));
                        }
                        Some(c) if &c == rec => counts.3 += 1,
                        Some(_) => {
                            counts.1 += 1;
                            changes.push(Change::Put(rec.clone()));
                        }
                    }
                }
                if let Ok(live) = live_entries(r) {
                    for (path, _) in live {
                        if let Some(k) = RecordKey::from_path(&path) {
                            if !wanted.contains_key(&k) {
                                counts.2 += 1;
                                changes.push(Change::Delete(k));
                            }
                        }
                    }
                }
                Ok::<_, ServiceError>((changes, (undo, counts)))
            })
            .await?;
        let mut report = RestoreReport {
            restored: id.to_owned(),
            undo_point: undo.id,
            ..RestoreReport::default()
        };
        report.created = created;
        report.updated = updated;
        report.deleted = deleted;
        report.unchanged = unchanged;
        let cur_settings = crate::config::read_settings(self.settings_path())?;
        let want_settings = settings.unwrap_or_default();
        if cur_settings != want_settings {
            self.update_settings(|s| *s = want_settings).await?;
            report.settings_restored = true;
        }
        let pf = self.profile_file();
        let cur_profile = std::fs::read(&pf).ok();
        if cur_profile != profile {
            match &profile {
                Some(b) => write_atomic(&pf, b)?,
                None => std::fs::remove_file(&pf).map_err(|e| io(&pf, e))?,
            }
            report.profile_restored = true;
        }
        Ok(report)
    }

    fn profile_file(&self) -> PathBuf {
        self.settings_path()
            .parent()
            .unwrap_or(Path::new("."))
            .join(crate::legacy::PROFILE_FILE)
    }
}

fn summary(m: &Manifest) -> RestorePoint {
    let count = |dir: &str| m.entries.keys().filter(|k| k.starts_with(dir)).count();
    RestorePoint {
        id: m.id.clone(),
        created_at: m.created_at,
        reason: m.reason.clone(),
        todos: count("todos/"),
        plans: count("plans/"),
        journals: count("journals/"),
        archives: count("archive/"),
        new_objects: None,
        pruned: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retention_keeps_last_twenty_and_one_per_recent_day() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        // 30 points today, then one each of the 20 days before.
        let mut pts: Vec<(String, DateTime<Utc>)> = (0..30)
            .map(|i| (format!("today{i:02}"), now - Duration::minutes(i)))
            .collect();
        pts.extend((1..=20).map(|d| (format!("day{d:02}"), now - Duration::days(d))));
        let keep = retained(&pts, now);
        assert_eq!(keep.iter().filter(|k| k.starts_with("today")).count(), 20);
        assert!(keep.contains("today00") && !keep.contains("today29"));
        assert!(keep.contains("day14") && !keep.contains("day15"));
        assert_eq!(keep.len(), 20 + 14);
    }
}
