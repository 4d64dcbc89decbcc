//! Tool arguments: strict input schemas (typed fields, enums, no unknown keys), parsed so that a
//! bad argument becomes a tool error naming the argument and the rule, never a protocol error.

use rmcp::model::JsonObject;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use valet_core::query::{DueFilter, SortKey, StatusFilter};
use valet_core::{DayFile, Priority, RecordKind, SectionOp, Status};

/// Largest arguments object a call may send, in bytes of JSON.
pub const MAX_ARGS_BYTES: usize = 512 * 1024;
/// Most todos one call may add, change or delete.
pub const MAX_ITEMS: usize = 100;

/// Parses `args` into `T`; the error names the argument path and what was wrong.
pub fn parse<T: DeserializeOwned>(args: JsonObject) -> Result<T, String> {
    let value = serde_json::Value::Object(args);
    let size = value.to_string().len();
    if size > MAX_ARGS_BYTES {
        return Err(format!(
            "arguments: must be at most {MAX_ARGS_BYTES} bytes of JSON; got {size}"
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "arguments".to_owned()
        } else {
            path
        };
        format!(
            "{path}: {}",
            valet_core::error::plain_serde_message(&e.inner().to_string())
        )
    })
}

macro_rules! arg_enum {
    ($(#[$m:meta])* $name:ident => $target:ty { $($variant:ident = $value:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }
        impl From<$name> for $target {
            fn from(v: $name) -> $target {
                match v { $($name::$variant => $value),+ }
            }
        }
    };
}

arg_enum!(
    PriorityArg => Priority { High = Priority::High, Medium = Priority::Medium, Low = Priority::Low }
);
arg_enum!(
    StatusArg => Status { Pending = Status::Pending, InProgress = Status::InProgress, Completed = Status::Completed }
);
arg_enum!(
    StatusFilterArg => StatusFilter {
        Open = StatusFilter::Open, All = StatusFilter::All, Pending = StatusFilter::Pending,
        InProgress = StatusFilter::InProgress, Completed = StatusFilter::Completed
    }
);
arg_enum!(
    DueArg => DueFilter {
        Today = DueFilter::Today, Week = DueFilter::Week, Overdue = DueFilter::Overdue,
        None = DueFilter::None, All = DueFilter::All
    }
);
arg_enum!(
    SortArg => SortKey {
        Smart = SortKey::Smart, Due = SortKey::Due, Priority = SortKey::Priority,
        Created = SortKey::Created, Updated = SortKey::Updated, Content = SortKey::Content
    }
);
arg_enum!(
    KindArg => RecordKind { Todo = RecordKind::Todo, Plan = RecordKind::Plan, Journal = RecordKind::Journal, Archive = RecordKind::Archive }
);
arg_enum!(
    FileTypeArg => DayFile { Planner = DayFile::Planner, Journal = DayFile::Journal }
);
arg_enum!(
    OperationArg => SectionOp { Append = SectionOp::Append, Prepend = SectionOp::Prepend, Replace = SectionOp::Replace }
);

/// One todo to add.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewTodoArg {
    /// What to do (1-2000 characters).
    pub content: String,
    /// Default: medium.
    pub priority: Option<PriorityArg>,
    /// The project's older name: a project named so is created if there is none.
    pub category: Option<String>,
    /// The project, which must exist (see valet_list_projects); wins over category.
    pub project: Option<String>,
    /// The day to do it (shows in Today from then on): YYYY-MM-DD or words (tomorrow, friday,
    /// in 2 weeks). No time.
    pub when: Option<String>,
    /// The deadline: YYYY-MM-DD or words in the user's zone: today, tomorrow, friday, next
    /// monday, in 3 days, dec 5; a time may follow ("tomorrow 9am").
    pub due: Option<String>,
    /// A repeat in words ("every weekday", "every 2 weeks on mon, thu", "every last friday",
    /// "every 3 days after done") or an RFC 5545 RRULE (FREQ=...). Completing makes the next.
    pub repeat: Option<String>,
    /// HH:MM (24-hour), if not given in `due`.
    pub due_time: Option<String>,
    /// Reminders, each "at deadline", "30m before", "1 day before", "9am" (on the scheduled
    /// day, else the deadline's) or a date and time ("tomorrow 8am"). Omitted: the user's
    /// default reminder when the todo has a deadline time. [] for none.
    pub reminders: Option<Vec<String>>,
    pub notes: Option<Vec<String>>,
    /// Tags: one word each (letters, digits, - _ / .), a leading # is fine.
    pub tags: Option<Vec<String>>,
    /// A checklist inside the todo: its steps, in order.
    pub steps: Option<Vec<String>>,
    /// Notes as Markdown text, editable later (unlike the dated `notes`).
    pub body: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AddTodosArgs {
    /// 1 to 100 todos.
    pub todos: Vec<NewTodoArg>,
    /// Optional key of this call (1-100 characters): a retry with the same key, after an
    /// answer that never came, adds nothing twice and returns the todos the first try added.
    pub request_id: Option<String>,
}

// Tick or untick one step of a todo's checklist.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StepCheckArg {
    pub id: String,
    pub done: bool,
}

/// A change to one todo; omitted fields stay as they are.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TodoChangeArg {
    /// The todo's id, or its last 8 characters as shown in lists.
    pub id: String,
    pub content: Option<String>,
    pub priority: Option<PriorityArg>,
    pub category: Option<String>,
    /// Moves it to this project (which must exist); "none" takes it out of its project.
    pub project: Option<String>,
    /// completed marks it done; pending reopens it.
    pub status: Option<StatusArg>,
    /// Schedule for a day (same forms as when adding), or "none" to unschedule.
    pub when: Option<String>,
    /// A new deadline (same forms as when adding), or "none" to clear it.
    pub due: Option<String>,
    /// A new repeat (words or RRULE), or "none" to stop repeating.
    pub repeat: Option<String>,
    /// Pause (true) or resume (false) a repeat.
    pub paused: Option<bool>,
    /// HH:MM, or "none" to clear it.
    pub due_time: Option<String>,
    /// Replaces the reminders (same forms as when adding); [] removes them.
    pub reminders: Option<Vec<String>>,
    /// Replaces the tags ([] removes them all).
    pub tags: Option<Vec<String>>,
    pub add_tags: Option<Vec<String>>,
    pub remove_tags: Option<Vec<String>>,
    /// Steps to add at the end of the checklist.
    pub add_steps: Option<Vec<String>>,
    /// Steps to tick or untick, by id (as returned in `steps`).
    pub check_steps: Option<Vec<StepCheckArg>>,
    /// Steps to remove, by id.
    pub remove_steps: Option<Vec<String>>,
    /// Replaces the Markdown notes ("" removes them).
    pub body: Option<String>,
    /// A note to append.
    pub add_note: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateTodosArgs {
    /// 1 to 100 changes, applied together: if one is invalid, none is made.
    pub updates: Vec<TodoChangeArg>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DeleteTodosArgs {
    /// 1 to 100 todo ids (or their last 8 characters).
    pub ids: Vec<String>,
    /// Deleting several: true once the user agreed.
    pub confirm: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FindTodosArgs {
    /// Default: open.
    pub status: Option<StatusFilterArg>,
    /// Any of these priorities.
    pub priorities: Option<Vec<PriorityArg>>,
    /// Any of these projects (categories), case-insensitive.
    pub categories: Option<Vec<String>>,
    /// Any of these tags (all of them with allTags).
    pub tags: Option<Vec<String>>,
    pub all_tags: Option<bool>,
    /// Default: all.
    pub due: Option<DueArg>,
    /// Words that must all appear in the content, category or notes.
    pub text: Option<String>,
    /// Default: smart.
    pub sort: Option<SortArg>,
    pub descending: Option<bool>,
    /// 1 to 200; default 50.
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// `nextCursor` from the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DayArgs {
    /// YYYY-MM-DD, or words such as today, yesterday, friday; default today in the user's zone.
    pub date: Option<String>,
}

// Check or uncheck one plan task.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskCheckArg {
    pub id: String,
    pub done: bool,
}

// A journal entry's new text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EntryEditArg {
    pub id: String,
    pub text: String,
}

/// The entry edits as the facade takes them: (id, text).
pub fn entry_edits(edits: Option<Vec<EntryEditArg>>) -> Vec<(String, String)> {
    edits
        .into_iter()
        .flatten()
        .map(|e| (e.id, e.text))
        .collect()
}

/// Any other section edit.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SectionEditArg {
    pub file: FileTypeArg,
    /// planner: tasks, personal_reminders, ongoing_summary, data_stash, reflections; journal:
    /// entries, mood, highlights, challenges, lessons, reflections, personal_reminders; or any
    /// other name of 1-64 letters, digits, '_', '-' or spaces.
    pub section: String,
    pub operation: OperationArg,
    pub content: String,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EditDayArgs {
    /// YYYY-MM-DD or words; default today in the user's zone.
    pub date: Option<String>,
    /// New plan tasks.
    pub add_tasks: Option<Vec<String>>,
    /// Todo ids to plan as linked tasks (ticking either completes both).
    pub plan_todos: Option<Vec<String>>,
    pub check_tasks: Option<Vec<TaskCheckArg>>,
    /// Plan task ids to remove.
    pub remove_tasks: Option<Vec<String>>,
    /// A journal entry, stamped with the current local time.
    pub journal_entry: Option<String>,
    /// Rewrite journal entries by id; their time stays.
    pub edit_entries: Option<Vec<EntryEditArg>>,
    /// Journal entry ids to remove.
    pub remove_entries: Option<Vec<String>>,
    /// Replaces the day's mood.
    pub mood: Option<String>,
    /// How the day felt: 1 (bad) to 5 (great); 0 clears.
    pub mood_score: Option<u8>,
    pub highlights: Option<Vec<String>>,
    pub challenges: Option<Vec<String>>,
    pub lessons: Option<Vec<String>>,
    /// Appended to the journal's reflections.
    pub reflections: Option<String>,
    pub sections: Option<Vec<SectionEditArg>>,
}

impl EditDayArgs {
    /// The facade's day edit (the date is read separately, in the user's zone).
    pub fn into_edit(self) -> valet_core::DayEdit {
        valet_core::DayEdit {
            add_tasks: self.add_tasks.unwrap_or_default(),
            plan_todos: self.plan_todos.unwrap_or_default(),
            set_tasks: self
                .check_tasks
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.id, c.done))
                .collect(),
            remove_tasks: self.remove_tasks.unwrap_or_default(),
            journal_entry: self.journal_entry,
            edit_entries: entry_edits(self.edit_entries),
            remove_entries: self.remove_entries.unwrap_or_default(),
            mood: self.mood,
            mood_score: self.mood_score,
            highlights: self.highlights.unwrap_or_default(),
            challenges: self.challenges.unwrap_or_default(),
            lessons: self.lessons.unwrap_or_default(),
            reflections: self.reflections,
            sections: self
                .sections
                .unwrap_or_default()
                .into_iter()
                .map(|s| {
                    (
                        s.file.into(),
                        valet_core::SectionUpdate {
                            section: s.section,
                            operation: s.operation.into(),
                            content: s.content,
                        },
                    )
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SearchArgs {
    pub query: String,
    pub kinds: Option<Vec<KindArg>>,
    pub from: Option<String>,
    pub to: Option<String>,
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListDaysArgs {
    /// Default 30.
    #[schemars(range(min = 1, max = 366))]
    pub limit: Option<u32>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}

// ----- the legacy tools, with their exact names and arguments -----

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DailyContextArgs {
    /// Default today.
    pub date: Option<String>,
    pub sections: Option<Vec<String>>,
    /// Default true.
    pub include_global_todo: Option<bool>,
    pub include_previous_day: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LegacyUpdateArg {
    pub section: String,
    pub operation: OperationArg,
    pub content: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateDailyArgs {
    pub date: Option<String>,
    pub file_type: Option<FileTypeArg>,
    /// Sections as valet_get_daily_context names them, or new ones.
    pub updates: Option<Vec<LegacyUpdateArg>>,
    /// The legacy server's search keywords: accepted, unused (Valet searches the text).
    #[schemars(skip)]
    pub keywords: Option<Vec<String>>,
    pub add_tasks: Option<Vec<String>>,
    /// Todo ids to plan as linked tasks.
    pub plan_todos: Option<Vec<String>>,
    pub check_tasks: Option<Vec<TaskCheckArg>>,
    pub remove_tasks: Option<Vec<String>>,
    pub journal_entry: Option<String>,
    pub edit_entries: Option<Vec<EntryEditArg>>,
    pub remove_entries: Option<Vec<String>>,
    pub mood: Option<String>,
    /// 1 (bad) to 5 (great); 0 clears.
    #[schemars(range(min = 0, max = 5))]
    pub mood_score: Option<u8>,
    // The journal's lists and reflections are `updates` sections to an agent; these shortcuts
    // stay for callers that name them.
    #[schemars(skip)]
    pub highlights: Option<Vec<String>>,
    #[schemars(skip)]
    pub challenges: Option<Vec<String>>,
    #[schemars(skip)]
    pub lessons: Option<Vec<String>>,
    #[schemars(skip)]
    pub reflections: Option<String>,
    /// true: the user agreed to replace text.
    pub confirm: Option<bool>,
}

impl UpdateDailyArgs {
    /// The structured day edit among the arguments (the legacy `updates` are read apart).
    pub fn take_edit(&mut self) -> EditDayArgs {
        EditDayArgs {
            date: None,
            add_tasks: self.add_tasks.take(),
            plan_todos: self.plan_todos.take(),
            check_tasks: self.check_tasks.take(),
            remove_tasks: self.remove_tasks.take(),
            journal_entry: self.journal_entry.take(),
            edit_entries: self.edit_entries.take(),
            remove_entries: self.remove_entries.take(),
            mood: self.mood.take(),
            mood_score: self.mood_score.take(),
            highlights: self.highlights.take(),
            challenges: self.challenges.take(),
            lessons: self.lessons.take(),
            reflections: self.reflections.take(),
            sections: None,
        }
    }
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewDayArgs {
    pub date: Option<String>,
    /// Accepted from legacy prompts; Valet computes no embeddings.
    #[schemars(skip)]
    pub skip_embeddings: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TodoActionArg {
    Add,
    Update,
    Complete,
    Reopen,
    Remove,
    Move,
}

// One todo: what to add, or its id and what to change (omitted fields stay). Some fields are
// accepted but not advertised (the schema is in every turn's context): the legacy `category`
// (a project created if new), and `dueTime`, `paused`, `addTags`, `removeTags`, `removeSteps`,
// which an agent rarely needs and which the advertised fields can express.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TaskArg {
    pub id: Option<String>,
    pub content: Option<String>,
    pub priority: Option<PriorityArg>,
    #[schemars(skip)]
    pub category: Option<String>,
    /// move: where to.
    pub project: Option<String>,
    /// The day to do it.
    pub when: Option<String>,
    /// The deadline; a time may follow.
    pub due: Option<String>,
    #[schemars(skip)]
    pub due_time: Option<String>,
    /// "every weekday", "every 2 weeks on mon" or an RRULE.
    pub repeat: Option<String>,
    #[schemars(skip)]
    pub paused: Option<bool>,
    pub status: Option<StatusArg>,
    /// "30m before", "9am"...
    pub reminders: Option<Vec<String>>,
    /// Appended.
    pub notes: Option<Vec<String>>,
    /// update: replaces them.
    pub tags: Option<Vec<String>>,
    #[schemars(skip)]
    pub add_tags: Option<Vec<String>>,
    #[schemars(skip)]
    pub remove_tags: Option<Vec<String>>,
    /// Checklist.
    pub steps: Option<Vec<String>>,
    pub check_steps: Option<Vec<StepCheckArg>>,
    #[schemars(skip)]
    pub remove_steps: Option<Vec<String>>,
    /// Markdown notes.
    pub body: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TodoOperationsArgs {
    pub action: TodoActionArg,
    pub task: Option<TaskArg>,
    /// Or up to 100, all or none.
    pub tasks: Option<Vec<TaskArg>>,
    // add: a retry with the same key adds nothing twice. Accepted, not advertised: few agents
    // retry by key, and the schema is in every turn's context.
    #[schemars(skip)]
    pub request_id: Option<String>,
    /// Removing several: true once the user agreed.
    pub confirm: Option<bool>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LegacyFilterArg {
    pub status: Option<StatusFilterArg>,
    /// Projects.
    pub categories: Option<Vec<String>>,
    pub priorities: Option<Vec<PriorityArg>>,
    pub tags: Option<Vec<String>>,
    // Every tag rather than any: accepted, not advertised (like `descending`): rare, and the
    // schema is in every turn's context.
    #[schemars(skip)]
    pub all_tags: Option<bool>,
    /// week: the next 7 days.
    pub due: Option<DueArg>,
    pub text: Option<String>,
    pub sort: Option<SortArg>,
    #[schemars(skip)]
    pub descending: Option<bool>,
    /// Default 50.
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
    /// nextCursor.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum FormatArg {
    #[default]
    Structured,
    Markdown,
    Summary,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TodoViewArgs {
    pub filter: Option<LegacyFilterArg>,
    pub format: Option<FormatArg>,
    /// A todo id: its change history instead.
    pub history: Option<String>,
}

/// A todo list cursor (valet_todo_view, find_todos): `k…` marks where the previous page ended (stable while todos change
/// between pages); `o<n>`, an offset, is still read from older clients.
pub fn cursor(
    field: &str,
    c: Option<&str>,
) -> Result<(usize, Option<valet_core::query::PageMark>), String> {
    match c {
        None => Ok((0, None)),
        Some(s) if s.starts_with('k') => valet_core::query::PageMark::decode(field, s)
            .map(|m| (0, Some(m)))
            .map_err(|e| e.to_string()),
        Some(s) => s
            .strip_prefix("o")
            .and_then(|n| n.parse().ok())
            .map(|n| (n, None))
            .ok_or_else(|| {
                valet_core::ValidationError::new(
                    field,
                    format!("must be a nextCursor returned by a previous call; got {s:?}"),
                )
                .to_string()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: serde_json::Value) -> JsonObject {
        match v {
            serde_json::Value::Object(o) => o,
            _ => JsonObject::new(),
        }
    }

    #[test]
    fn bad_enum_names_the_argument_path_and_the_allowed_values() {
        let e = parse::<AddTodosArgs>(obj(
            serde_json::json!({"todos": [{"content": "x", "priority": "urgent"}]}),
        ))
        .unwrap_err();
        assert!(
            e.starts_with("todos[0].priority: unknown variant `urgent`"),
            "{e}"
        );
        assert!(e.contains("`high`, `medium`, `low`"), "{e}");
    }

    #[test]
    fn unknown_fields_and_missing_fields_are_named() {
        let e = parse::<AddTodosArgs>(obj(
            serde_json::json!({"todos": [{"content": "x", "colour": "red"}]}),
        ))
        .unwrap_err();
        assert!(e.contains("todos[0]") && e.contains("colour"), "{e}");
        let e = parse::<AddTodosArgs>(obj(serde_json::json!({}))).unwrap_err();
        assert!(e.contains("missing field `todos`"), "{e}");
    }

    #[test]
    fn oversized_arguments_are_refused_with_the_limit() {
        let big = "x".repeat(MAX_ARGS_BYTES);
        let e = parse::<AddTodosArgs>(obj(serde_json::json!({"todos": [{"content": big}]})))
            .unwrap_err();
        assert!(
            e.starts_with("arguments: must be at most 524288 bytes"),
            "{e}"
        );
    }
}
