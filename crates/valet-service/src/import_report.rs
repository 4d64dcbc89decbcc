//! What an import (a legacy folder or a JSON export) read, wrote, skipped and kept: the
//! report both importers fill.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Created,
    Updated,
    Unchanged,
    KeptNewer,
}

/// Per kind: how many were read from the source and what happened to each.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindCounts {
    pub read: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Valet's copy was newer than the legacy one and already held all of its text: not written.
    pub kept_newer: usize,
}

impl KindCounts {
    pub(crate) fn is_empty(&self) -> bool {
        *self == KindCounts::default()
    }

    pub(crate) fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::KeptNewer => self.kept_newer += 1,
        }
    }
}

/// A file (or part of one) that was not imported, and why.
#[derive(ts_rs::TS)]
#[ts(rename = "ImportSkipped")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Text of an older copy that differed from the copy kept, and where it was kept instead.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictKept {
    /// The day (or `profile`).
    pub date: String,
    /// `plan`, `journal`, `archive` or `profile`.
    pub kind: String,
    /// Where the older text now is: a section name such as
    /// `conflict: archive copy of reflections`, or a file name.
    pub kept_as: String,
    /// Which copy won and which lost, in words.
    pub detail: String,
}

/// A value the import had to reinterpret (e.g. an unknown priority), with the file it came from.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportWarning {
    pub path: String,
    pub message: String,
}

/// What an import read, wrote, skipped and kept.
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub source: String,
    pub dry_run: bool,
    /// Files opened and read (including malformed ones, which are also in `skipped`).
    pub files_read: usize,
    pub todos: KindCounts,
    pub plans: KindCounts,
    pub journals: KindCounts,
    pub archives: KindCounts,
    /// Projects and areas (JSON imports; a legacy folder's categories stay todos' projects).
    #[serde(default, skip_serializing_if = "KindCounts::is_empty")]
    pub projects: KindCounts,
    pub settings: KindCounts,
    pub profile: KindCounts,
    pub skipped: Vec<Skipped>,
    pub conflicts: Vec<ConflictKept>,
    pub warnings: Vec<ImportWarning>,
    /// The restore point taken before writing (none on a dry run or when nothing was written).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub restore_point: Option<String>,
    #[ts(type = "number")]
    pub elapsed_ms: u64,
}

impl ImportReport {
    /// Records created or updated, of every kind.
    pub fn written(&self) -> usize {
        [
            &self.todos,
            &self.plans,
            &self.journals,
            &self.archives,
            &self.projects,
            &self.settings,
            &self.profile,
        ]
        .iter()
        .map(|k| k.created + k.updated)
        .sum()
    }
}
