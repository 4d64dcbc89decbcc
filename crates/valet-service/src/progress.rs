//! Progress of long operations (import, export, restore) for the app's progress bars.

use serde::Serialize;

/// Where a long operation is: `done` of `total` units in its current `step`.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// `import-legacy`, `import`, `export` or `restore`.
    pub operation: &'static str,
    /// What is happening now, in plain words ("reading the folder", "writing records").
    pub step: &'static str,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Receives progress; called from the operation's task, so it must be quick.
pub type OnProgress<'a> = &'a (dyn Fn(Progress) + Send + Sync);

/// For callers that show no progress.
pub fn quiet(_: Progress) {}

/// Reports `step` of `operation` at `done`/`total`.
pub(crate) fn report(
    on: OnProgress<'_>,
    operation: &'static str,
    step: &'static str,
    done: usize,
    total: usize,
) {
    on(Progress {
        operation,
        step,
        done: done as u64,
        total: total as u64,
    });
}
