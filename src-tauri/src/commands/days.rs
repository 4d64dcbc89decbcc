//! Day commands: a day's plan and journal, edits, task order, "start a new day" with its
//! preview, the list of days, and restoring an archived day.

use serde::Deserialize;
use tauri::State;
use valet_core::{DayEdit, DayFile, SectionOp, SectionUpdate};
use valet_service::{DaySummary, DayView, NewDayPreview, NewDayReport};

use super::parse_date;
use crate::error::CommandError;
use crate::state::AppState;

/// A plan task checked or unchecked.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskState {
    pub id: String,
    pub done: bool,
}

/// Structured edits of one day (see `valet_core::DayEdit`), as the UI sends them.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditInput {
    #[serde(default)]
    pub add_tasks: Vec<String>,
    #[serde(default)]
    pub set_tasks: Vec<TaskState>,
    #[serde(default)]
    pub remove_tasks: Vec<String>,
    #[serde(default)]
    pub journal_entry: Option<String>,
    #[serde(default)]
    pub mood: Option<String>,
    /// 1 (bad) to 5 (great); 0 clears.
    #[serde(default)]
    pub mood_score: Option<u8>,
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub challenges: Vec<String>,
    #[serde(default)]
    pub lessons: Vec<String>,
}

impl From<EditInput> for DayEdit {
    fn from(e: EditInput) -> Self {
        DayEdit {
            add_tasks: e.add_tasks,
            set_tasks: e.set_tasks.into_iter().map(|t| (t.id, t.done)).collect(),
            remove_tasks: e.remove_tasks,
            journal_entry: e.journal_entry,
            mood: e.mood,
            mood_score: e.mood_score,
            highlights: e.highlights,
            challenges: e.challenges,
            lessons: e.lessons,
            ..DayEdit::default()
        }
    }
}

/// A day's plan, journal and archived copy (`date` absent: today in the user's zone).
#[tauri::command]
pub async fn get_day(
    state: State<'_, AppState>,
    date: Option<String>,
) -> Result<DayView, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    Ok(state.valet().await?.day(date).await?)
}

/// Applies structured edits to a day, all or nothing.
#[tauri::command]
pub async fn edit_day(
    state: State<'_, AppState>,
    date: Option<String>,
    edit: EditInput,
) -> Result<DayView, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    Ok(state.valet().await?.edit_day(date, edit.into()).await?)
}

/// Replaces one section of a day's planner or journal (`personal_reminders`,
/// `ongoing_summary`, `data_stash`, `reflections`, ...).
#[tauri::command]
pub async fn set_day_section(
    state: State<'_, AppState>,
    date: Option<String>,
    file: DayFile,
    section: String,
    content: String,
) -> Result<DayView, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    let update = SectionUpdate {
        section,
        operation: SectionOp::Replace,
        content,
    };
    Ok(state
        .valet()
        .await?
        .update_day(date, file, vec![update], vec![])
        .await?)
}

/// Puts a day's plan tasks in the order of `ids`; tasks not listed (added meanwhile) follow.
#[tauri::command]
pub async fn reorder_tasks(
    state: State<'_, AppState>,
    date: Option<String>,
    ids: Vec<String>,
) -> Result<DayView, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    Ok(state.valet().await?.reorder_plan_tasks(date, &ids).await?)
}

/// What "start a new day" on `date` (default today) would archive and carry over.
#[tauri::command]
pub async fn new_day_preview(
    state: State<'_, AppState>,
    date: Option<String>,
) -> Result<NewDayPreview, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    Ok(state.valet().await?.new_day_preview(date).await?)
}

/// Starts a day: archives the previous day with content and carries its open tasks over.
#[tauri::command]
pub async fn new_day(
    state: State<'_, AppState>,
    date: Option<String>,
) -> Result<NewDayReport, CommandError> {
    let date = parse_date("date", date.as_deref())?;
    Ok(state.valet().await?.new_day(date).await?)
}

/// Days with a plan, a journal or an archive, newest first.
#[tauri::command]
pub async fn list_days(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<Vec<DaySummary>, CommandError> {
    Ok(state.valet().await?.days(limit).await?)
}

/// Copies an archived day back onto its day, or with `asToday` onto today's plan (open tasks
/// and empty sections), in one mutation under the store lock.
#[tauri::command]
pub async fn restore_day(
    state: State<'_, AppState>,
    date: String,
    as_today: Option<bool>,
) -> Result<DayView, CommandError> {
    let date = parse_date("date", Some(&date))?
        .ok_or_else(|| CommandError::new("invalid", "date: must be a date (YYYY-MM-DD)"))?;
    Ok(state
        .valet()
        .await?
        .restore_archived_day(date, as_today.unwrap_or(false))
        .await?)
}
