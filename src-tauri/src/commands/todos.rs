//! Todo commands: list with filters, add, edit, complete/reopen, notes, delete and undo, and a
//! todo's history (who changed it when, from the audit trail).

use serde::{Deserialize, Serialize};
use tauri::State;
use valet_core::{
    DueFilter, NewTodo, Priority, SortKey, Status, StatusFilter, Todo, TodoPage, TodoPatch,
    TodoQuery,
};
use valet_service::{AuditEntry, TodoCounts};

use crate::error::CommandError;
use crate::state::AppState;

/// The list's filters as the UI sends them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryInput {
    #[serde(default)]
    pub status: StatusFilter,
    #[serde(default)]
    pub priorities: Vec<Priority>,
    #[serde(default)]
    pub categories: Vec<String>,
    /// Any of these tags, or all of them with `allTags`.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub all_tags: bool,
    #[serde(default)]
    pub due: DueFilter,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub sort: SortKey,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: Option<usize>,
}

impl From<QueryInput> for TodoQuery {
    fn from(q: QueryInput) -> Self {
        TodoQuery {
            status: q.status,
            priorities: q.priorities,
            categories: q.categories,
            tags: q.tags,
            all_tags: q.all_tags,
            due: q.due,
            text: q.text.filter(|t| !t.trim().is_empty()),
            sort: q.sort,
            descending: q.descending,
            offset: q.offset,
            after: None,
            limit: q.limit,
        }
    }
}

/// A change to a todo. Absent fields stay; `due: ""` clears the date (and time), `dueTime: ""`
/// clears the time. `due` accepts `YYYY-MM-DD` or words ("next friday").
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchInput {
    pub content: Option<String>,
    pub priority: Option<Priority>,
    pub category: Option<String>,
    /// The project (it must exist); `""` takes the todo out of its project.
    pub project: Option<String>,
    /// The scheduled day: words or `YYYY-MM-DD`; `""` unschedules.
    pub when: Option<String>,
    /// A repeat in words or an RRULE; `""` stops repeating.
    pub repeat: Option<String>,
    /// Pauses or resumes a repeat.
    pub paused: Option<bool>,
    /// Reminders as text ("30m before, 9am"); `""` removes them.
    pub reminders: Option<String>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    pub add_tags: Option<Vec<String>>,
    pub remove_tags: Option<Vec<String>>,
    /// Checklist changes, in order.
    pub steps: Option<Vec<StepInput>>,
    /// Replaces the Markdown notes; `""` removes them.
    pub body: Option<String>,
    pub due: Option<String>,
    pub due_time: Option<String>,
    pub status: Option<Status>,
    pub notes: Option<Vec<String>>,
}

/// One change to a todo's checklist, as the UI sends it (`{"op": "add", "text": "..."}`).
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
pub enum StepInput {
    Add {
        text: String,
        at: Option<usize>,
    },
    Set {
        id: String,
        done: Option<bool>,
        text: Option<String>,
    },
    Remove {
        id: String,
    },
    Move {
        id: String,
        to: usize,
    },
}

impl StepInput {
    fn into_op(self) -> valet_core::organize::StepOp {
        use valet_core::organize::StepOp;
        match self {
            StepInput::Add { text, at } => StepOp::Add { id: None, text, at },
            StepInput::Set { id, done, text } => StepOp::Set { id, done, text },
            StepInput::Remove { id } => StepOp::Remove { id },
            StepInput::Move { id, to } => StepOp::Move { id, to },
        }
    }
}

/// Takes back the app's own last change, per record (Ctrl+Z); what changed since is kept and
/// listed in the report.
#[tauri::command]
pub async fn undo(state: State<'_, AppState>) -> Result<valet_service::UndoReport, CommandError> {
    Ok(state.valet().await?.undo().await?)
}

/// Puts back what the last undo took back (Ctrl+Shift+Z).
#[tauri::command]
pub async fn redo(state: State<'_, AppState>) -> Result<valet_service::UndoReport, CommandError> {
    Ok(state.valet().await?.redo().await?)
}

/// Takes back one change to a record, whoever made it (a todo's history: "changed by Claude
/// at 14:02 — undo"): `key` is a todo id or a record path, `rev` the revision it made.
#[tauri::command]
pub async fn undo_change(
    state: State<'_, AppState>,
    key: String,
    rev: u64,
) -> Result<valet_service::UndoReport, CommandError> {
    Ok(state.valet().await?.undo_change(&key, rev).await?)
}

/// Every tag in use, with how many todos have it.
#[tauri::command]
pub async fn tags(state: State<'_, AppState>) -> Result<Vec<(String, usize)>, CommandError> {
    Ok(state.valet().await?.tags().await?)
}

/// Renames a tag on every todo (merging it into `to` when that exists); returns how many
/// todos changed.
#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<usize, CommandError> {
    Ok(state.valet().await?.rename_tag(&from, &to).await?.len())
}

/// Makes a step of a todo's checklist its own todo; returns the new todo.
#[tauri::command]
pub async fn promote_step(
    state: State<'_, AppState>,
    id: String,
    step: String,
) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.promote_step(&id, &step).await?)
}

/// One page of todos, with "today" as the backend sees it (the zone in Settings, not the OS's),
/// which the list's "Today" / "Overdue" labels are relative to.
#[derive(ts_rs::TS, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TodoListView {
    #[serde(flatten)]
    pub page: TodoPage,
    /// `YYYY-MM-DD` in the user's zone.
    pub today: String,
    /// The repeat of each repeating todo on the page, in words, by id.
    pub repeats: std::collections::BTreeMap<String, String>,
    /// The reminders of each todo that has some, by id.
    pub reminders: std::collections::BTreeMap<String, Vec<ReminderView>>,
}

/// One reminder as the UI shows it.
#[derive(ts_rs::TS, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderView {
    /// As stored and accepted back: "30m before", "09:00".
    pub text: String,
    /// In words: "30 min before".
    pub words: String,
    /// When it fires, `YYYY-MM-DD HH:MM` in the user's zone; absent when it cannot.
    pub at: Option<String>,
    /// Why it cannot fire ("needs a deadline with a time of day").
    pub missing: Option<String>,
}

/// The todos matching `query`, one page of them.
#[tauri::command]
pub async fn list_todos(
    state: State<'_, AppState>,
    query: Option<QueryInput>,
) -> Result<TodoListView, CommandError> {
    let valet = state.valet().await?;
    let query: TodoQuery = query.unwrap_or_default().into();
    let page = valet.list_todos(&query).await?;
    let repeats = page
        .items
        .iter()
        .filter_map(|t| t.repeat.as_ref().map(|r| (t.id.to_string(), r.words())))
        .collect();
    let (zone, _) = valet.zone().await;
    let reminders = page
        .items
        .iter()
        .filter(|t| !t.reminders.is_empty())
        .map(|t| {
            let views = t
                .reminders
                .iter()
                .map(|r| ReminderView {
                    text: r.to_string(),
                    words: r.describe(),
                    at: r
                        .fires_at(t, zone)
                        .map(|at| at.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string()),
                    missing: r.missing(t).map(str::to_owned),
                })
                .collect();
            (t.id.to_string(), views)
        })
        .collect();
    Ok(TodoListView {
        page,
        today: valet.today().await.date.to_string(),
        repeats,
        reminders,
    })
}

/// Adds a todo.
#[tauri::command]
pub async fn add_todo(
    state: State<'_, AppState>,
    mut input: NewTodo,
    remind: Option<String>,
) -> Result<Todo, CommandError> {
    let valet = state.valet().await?;
    // Reminders as text ("30m before, 9am"), read in the user's today; absent: the default.
    if let Some(r) = remind.filter(|r| !r.trim().is_empty()) {
        input.reminders = Some(valet.reminder_text("reminders", &r).await?);
    }
    Ok(valet.add_todo(input).await?)
}

/// Changes some fields of a todo.
#[tauri::command]
pub async fn update_todo(
    state: State<'_, AppState>,
    id: String,
    patch: PatchInput,
) -> Result<Todo, CommandError> {
    let valet = state.valet().await?;
    let out = to_patch(valet, patch).await?;
    Ok(valet.update_todo(&id, out).await?)
}

/// Applies one change to several todos at once (bulk actions): all or none, one undo.
#[tauri::command]
pub async fn update_many(
    state: State<'_, AppState>,
    ids: Vec<String>,
    patch: PatchInput,
) -> Result<Vec<Todo>, CommandError> {
    let valet = state.valet().await?;
    let out = to_patch(valet, patch).await?;
    let patches = ids.into_iter().map(|id| (id, out.clone())).collect();
    Ok(valet.update_todos(patches).await?)
}

/// Deletes several todos at once (bulk delete): all or none, one undo.
#[tauri::command]
pub async fn remove_many(
    state: State<'_, AppState>,
    ids: Vec<String>,
) -> Result<Vec<Todo>, CommandError> {
    Ok(state.valet().await?.remove_todos(ids).await?)
}

/// The UI's patch read by the facade (words for dates, repeats and reminders).
async fn to_patch(
    valet: &valet_service::Valet,
    patch: PatchInput,
) -> Result<TodoPatch, CommandError> {
    let mut out = TodoPatch {
        content: patch.content,
        priority: patch.priority,
        category: patch.category,
        project: patch
            .project
            .map(|p| Some(p).filter(|p| !p.trim().is_empty())),
        status: patch.status,
        notes: patch.notes,
        ..TodoPatch::default()
    };
    if let Some(due) = patch.due {
        out.set_due(valet.due_text("due", &due).await?);
    }
    if let Some(when) = patch.when {
        out.when = Some(valet.when_text("when", &when).await?);
    }
    if let Some(repeat) = patch.repeat {
        out.repeat = Some(valet.repeat_text("repeat", &repeat).await?);
    }
    out.paused = patch.paused;
    out.tags = patch.tags;
    out.add_tags = patch.add_tags.unwrap_or_default();
    out.remove_tags = patch.remove_tags.unwrap_or_default();
    out.steps = patch
        .steps
        .unwrap_or_default()
        .into_iter()
        .map(StepInput::into_op)
        .collect();
    out.body = patch.body.map(Some);
    if let Some(r) = patch.reminders {
        out.reminders = Some(valet.reminder_text("reminders", &r).await?);
    }
    if let Some(time) = patch.due_time {
        out.due_time = Some(
            valet_core::dates::parse_time_text("dueTime", &time)
                .map_err(valet_service::ServiceError::from)?,
        );
    }
    Ok(out)
}

/// Marks a todo completed.
#[tauri::command]
pub async fn complete_todo(state: State<'_, AppState>, id: String) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.complete_todo(&id).await?)
}

/// Marks a completed todo pending again.
#[tauri::command]
pub async fn reopen_todo(state: State<'_, AppState>, id: String) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.reopen_todo(&id).await?)
}

/// Appends a note to a todo.
#[tauri::command]
pub async fn add_note(
    state: State<'_, AppState>,
    id: String,
    note: String,
) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.add_note(&id, &note).await?)
}

/// Deletes a todo and returns it, so the UI can offer "undo" (`restore_todo`).
#[tauri::command]
pub async fn remove_todo(state: State<'_, AppState>, id: String) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.remove_todo(&id).await?)
}

/// Puts a deleted todo back (the "undo" of `remove_todo`).
#[tauri::command]
pub async fn restore_todo(state: State<'_, AppState>, todo: Todo) -> Result<Todo, CommandError> {
    Ok(state.valet().await?.restore_todo(todo).await?)
}

/// Open, in progress, completed, overdue and due-today counts.
#[tauri::command]
pub async fn todo_counts(state: State<'_, AppState>) -> Result<TodoCounts, CommandError> {
    Ok(state.valet().await?.todo_counts().await?)
}

/// Who changed a todo and when, newest first (`id` is the todo's full id).
#[tauri::command]
pub async fn todo_history(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<AuditEntry>, CommandError> {
    Ok(state.valet().await?.history("todos", &id).await?)
}

/// Every category in use, with how many todos have it.
#[tauri::command]
pub async fn categories(state: State<'_, AppState>) -> Result<Vec<(String, usize)>, CommandError> {
    Ok(state.valet().await?.categories().await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_input_reads_the_ui_shape() {
        let q: QueryInput = serde_json::from_value(serde_json::json!({
            "status": "completed", "priorities": ["high"], "due": "overdue", "text": " ",
            "sort": "due"
        }))
        .unwrap();
        let q = TodoQuery::from(q);
        assert_eq!(q.status, StatusFilter::Completed);
        assert_eq!(q.due, DueFilter::Overdue);
        assert_eq!(q.text, None);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let e = serde_json::from_value::<PatchInput>(serde_json::json!({"colour": "red"}));
        assert!(e.is_err());
    }
}
