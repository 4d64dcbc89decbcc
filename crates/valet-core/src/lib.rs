//! Valet's domain model: records, validation, dates, queries and search, with no IO at all.
//!
//! # Layout
//!
//! - [`error`]: [`ValidationError`], which always names the field and the rule it broke.
//! - [`ids`]: record identifiers ([`TodoId`], [`DayDate`]) that are safe to use in a path.
//! - [`todo`]: the global todo list's [`Todo`] and the inputs that create or change one.
//! - [`query`]: filtering, sorting and paging todos ([`TodoQuery`]).
//! - [`day`]: the daily planner ([`DayPlan`]), journal ([`JournalDay`]) and archive ([`ArchivedDay`]),
//!   and the section edits the legacy tools used.
//! - [`settings`]: `settings.json`, including the storage profile; unknown keys kept verbatim.
//! - [`config_keys`]: the settings changed by name (`valet config set KEY VALUE`), typed and checked.
//! - [`record`]: the versioned on-disk envelope every record is stored in, with what sync needs
//!   (revision, hybrid logical clock, tombstone).
//! - [`dates`]: natural-language due dates ("next friday") resolved against a given today.
//! - [`quickadd`]: the quick-add line (`Call the bank tomorrow 9am !high #finance`) read into a
//!   todo's content, due date and time, priority and category.
//! - [`planner`]: the joined Today list, Upcoming, and carrying tasks into a new day.
//! - [`recurrence`]: repeating todos: rules in words or RFC 5545, expanded by the `rrule` crate.
//! - [`reminders`]: when a todo notifies ("30m before", "9am"), the instants in the user's
//!   zone, and which are due; fired-once state that sync keeps.
//! - [`project`]: projects and areas (Things' model); a todo's `category` names its project.
//! - [`organize`]: tags, a todo's checklist of steps, editable Markdown notes.
//! - [`merge`]: the three-way, field-by-field merge sync uses; conflicts kept visibly.
//! - [`time`]: "today" in the user's zone, never in UTC.
//! - [`search`]: full-text search across every kind of record.
//! - [`legacy`]: the legacy `valet-data` folder's JSON shapes and their mapping onto records.
//!
//! **Invariant:** this crate does no IO. Clocks, zones and files come in as arguments.

pub mod changes;
pub mod config_keys;
pub mod dates;
pub mod day;
pub mod daycheck;
pub mod dayops;
pub mod error;
pub mod ids;
pub mod insights;
pub mod instant;
pub mod legacy;
pub mod merge;
pub mod organize;
pub mod planner;
pub mod project;
pub mod query;
pub mod quickadd;
pub mod record;
pub mod recurrence;
pub mod reminders;
pub mod review;
pub mod search;
pub mod settings;
pub mod time;
pub mod todo;

pub use day::{
    ArchivedDay, DayEdit, DayFile, DayPlan, JournalDay, JournalEntry, PlanTask, SectionOp,
    SectionUpdate,
};
pub use error::ValidationError;
pub use ids::{DayDate, TodoId};
pub use project::{ListKind, Project, ProjectId, ProjectPatch};
pub use query::{DueFilter, SortKey, StatusFilter, TodoPage, TodoQuery};
pub use quickadd::QuickAdd;
pub use record::{Envelope, Hlc, RecordKey, RecordKind, FORMAT_VERSION};
pub use search::{SearchHit, SearchQuery, SearchResults};
pub use settings::Settings;
pub use time::Today;
pub use todo::{NewTodo, Priority, Status, Todo, TodoPatch};
