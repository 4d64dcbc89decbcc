//! The one facade over Valet's data: the desktop app, the MCP server and the CLI all call
//! [`Valet`], so every rule (validation, "today" in the user's zone, carry-over, archive) is
//! written once.
//!
//! # Layout
//!
//! - [`audit`]: `audit` / `history`: who changed which record when, from the change log.
//! - [`config`]: where the replica lives and which backend holds it (settings + environment).
//! - [`error`]: [`ServiceError`], with a stable [`ServiceError::code`] for UIs and tools.
//! - [`legacy`]: `import_legacy`, the faithful import of a legacy `valet-data` folder.
//! - [`organize`]: tags in use, renaming a tag everywhere, step ids, promoting a step.
//! - [`planner`]: Today (joined with the list, started by itself), Upcoming, scheduling,
//!   planning a todo into a day, the History calendar.
//! - [`progress`]: progress of long operations (import, export, restore) for progress bars.
//! - [`quickadd`]: `quick_add` / `quick_add_preview`: one line of text read into a todo.
//! - [`reminders`]: reminders due now (taken once under the lock), snooze, reminders as text.
//! - [`repeat`]: repeating todos: the next occurrence on completion, skip, the series.
//! - [`restore`]: restore points (content-addressed, with retention): backup, list, restore.
//! - [`logging`]: stderr + size-capped rolling files, `VALET_LOG`/`RUST_LOG` filters.
//! - [`metrics`]: in-process metrics (`metrics` crate + OpenDAL's layer) and `Valet::metrics`.
//! - [`migrate`]: moving the store to or from the S3/R2 bucket, verified before switching.
//! - [`sync`]: sync with the remote (cycles, background loop, status, conflicts).
//! - [`transfer`]: Valet's own export (versioned JSON, or Markdown notes) and its import.
//! - [`undo`]: undo and redo per record from the store's undo journal.
//! - [`valet`]: [`Valet`] itself: todos, days, new day, search, settings, status, doctor.
//!
//! **Invariant:** callers never touch the store directly; transport types (Tauri, MCP, CLI
//! output) live in the callers, which map these types at their boundary.

pub mod audit;
pub mod config;
mod counts;
pub mod days;
pub mod error;
pub(crate) mod idempotency;
mod import_report;
pub mod insights;
pub mod legacy;
pub mod logging;
pub mod metrics;
pub mod migrate;
pub mod newday;
pub mod organize;
pub mod planner;
pub mod progress;
pub mod projects;
pub mod quickadd;
pub mod reminders;
pub mod repeat;
pub mod restore;
mod restore_day;
pub mod sync;
pub mod transfer;
pub mod undo;
pub mod valet;

pub use audit::{AuditEntry, AuditFilter};
pub use config::{default_data_dir, Actor, Clock, OpenOptions};
pub use counts::TodoCounts;
pub use days::{section_title, DaySection};
pub use error::ServiceError;
pub use import_report::{ConflictKept, ImportWarning, Skipped};
pub use legacy::{ImportReport, KindCounts};
pub use metrics::{MetricsReport, OperationStats, SyncStats};
pub use migrate::{MigrateReport, MigrateTarget};
pub use newday::NewDayPreview;
pub use planner::{
    CalendarDay, CalendarView, CarriedAction, CarriedTask, MorningSummary, TodayCounts, TodayView,
    UpcomingView,
};
pub use progress::{OnProgress, Progress};
pub use reminders::{ReminderScan, Snooze};
pub use restore::{RestorePoint, RestoreReport};
pub use sync::{clock_warning, ConflictView, Keep, SyncStatus};
pub use transfer::{Export, ExportFormat, ExportReport};
pub use undo::{UndoItem, UndoReport};
pub use valet::{DaySummary, DayView, NewDayReport, Status, Valet};
// What callers name of the store's types, so they never depend on the store itself.
pub use valet_store::backend::install_http;
pub use valet_store::{
    Backend, BackendInfo, ChangeEvent, DoctorReport, LogEntry, Problem, S3Config, Secret,
};
pub use valet_store::{SyncError, SyncMode, SyncProgress, SyncReport};
