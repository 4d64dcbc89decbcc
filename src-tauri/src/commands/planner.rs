//! Planner commands: Today joined with the list (started by itself at the first use of a day),
//! ticking and ordering its rows, planning a todo into today, scheduling, Upcoming, the History
//! calendar, search across everything, and the planner's settings. Each maps onto one facade
//! call; the rules live there.

use serde::Deserialize;
use tauri::State;
use valet_core::{RecordKind, SearchQuery, SearchResults, Todo};
use valet_service::{CalendarView, CarriedAction, ServiceError, TodayView, UpcomingView};

use super::parse_date;
use super::settings::{view, SettingsView};
use crate::error::CommandError;
use crate::state::AppState;

/// Today; the first call of a day starts it and carries the morning summary.
#[tauri::command]
pub async fn today_view(state: State<'_, AppState>) -> Result<TodayView, CommandError> {
    Ok(state.valet().await?.today_view(true).await?)
}

/// Ticks or unticks a row of Today (`todo:<id>` or `task:<id>`); a linked pair moves together.
#[tauri::command]
pub async fn set_today_item(
    state: State<'_, AppState>,
    key: String,
    done: bool,
) -> Result<TodayView, CommandError> {
    Ok(state.valet().await?.set_today_item(&key, done).await?)
}

/// Saves the order of Today's rows.
#[tauri::command]
pub async fn reorder_today(
    state: State<'_, AppState>,
    keys: Vec<String>,
) -> Result<TodayView, CommandError> {
    Ok(state.valet().await?.reorder_today(&keys).await?)
}

/// Plans a todo into today: a plan task linked to it.
#[tauri::command]
pub async fn plan_todo(state: State<'_, AppState>, id: String) -> Result<TodayView, CommandError> {
    let valet = state.valet().await?;
    valet.plan_todo(&id, None).await?;
    Ok(valet.today_view(false).await?)
}

/// Adds a task to today's plan.
#[tauri::command]
pub async fn add_today_task(
    state: State<'_, AppState>,
    text: String,
) -> Result<TodayView, CommandError> {
    let valet = state.valet().await?;
    let edit = valet_core::DayEdit {
        add_tasks: vec![text],
        ..valet_core::DayEdit::default()
    };
    valet.edit_day(None, edit).await?;
    Ok(valet.today_view(false).await?)
}

/// Removes a task from today's plan.
#[tauri::command]
pub async fn remove_today_task(
    state: State<'_, AppState>,
    id: String,
) -> Result<TodayView, CommandError> {
    let valet = state.valet().await?;
    let edit = valet_core::DayEdit {
        remove_tasks: vec![id],
        ..valet_core::DayEdit::default()
    };
    valet.edit_day(None, edit).await?;
    Ok(valet.today_view(false).await?)
}

/// Gives a task carried too often a home: `drop`, `todo` or `later` (with `when`).
#[tauri::command]
pub async fn resolve_carried(
    state: State<'_, AppState>,
    id: String,
    action: String,
    when: Option<String>,
) -> Result<TodayView, CommandError> {
    let action = CarriedAction::parse("action", &action).map_err(ServiceError::from)?;
    Ok(state
        .valet()
        .await?
        .resolve_carried(&id, action, when.as_deref())
        .await?)
}

/// Schedules a todo for a day given in words or as `YYYY-MM-DD` (`""` unschedules).
#[tauri::command]
pub async fn schedule_todo(
    state: State<'_, AppState>,
    id: String,
    when: String,
) -> Result<Todo, CommandError> {
    let mut todos = state.valet().await?.schedule(vec![id], &when).await?;
    todos
        .pop()
        .ok_or_else(|| CommandError::new("internal", "no todo was scheduled"))
}

/// The next `days` days (default 14), each with its scheduled todos and deadlines.
#[tauri::command]
pub async fn upcoming(
    state: State<'_, AppState>,
    days: Option<u32>,
) -> Result<UpcomingView, CommandError> {
    Ok(state.valet().await?.upcoming(days.unwrap_or(14)).await?)
}

/// One month of History (`YYYY-MM`): which days have a plan, a journal, completions.
#[tauri::command]
pub async fn calendar(
    state: State<'_, AppState>,
    month: String,
) -> Result<CalendarView, CommandError> {
    Ok(state.valet().await?.calendar(&month).await?)
}

/// A search as the UI sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchInput {
    pub text: String,
    #[serde(default)]
    pub kinds: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

/// Searches todos, plans, journals and the archive, ranked, one hit per day.
#[tauri::command]
pub async fn search_all(
    state: State<'_, AppState>,
    query: SearchInput,
) -> Result<SearchResults, CommandError> {
    let kinds = query
        .kinds
        .iter()
        .map(|k| RecordKind::parse_name("kinds", k))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ServiceError::from)?;
    let q = SearchQuery {
        text: query.text,
        limit: query.limit.unwrap_or(50).min(200),
        kinds,
        from: parse_date("from", query.from.as_deref())?.map(|d| d.date()),
        to: parse_date("to", query.to.as_deref())?.map(|d| d.date()),
    };
    Ok(state.valet().await?.search_in(q).await?)
}

/// Sets when a day starts (`HH:MM`, 00:00 to 12:00) and after how many carries a task is
/// offered other homes.
#[tauri::command]
pub async fn set_planner_prefs(
    state: State<'_, AppState>,
    day_starts_at: String,
    nudge_after: u32,
) -> Result<SettingsView, CommandError> {
    let valet = state.valet().await?;
    valet
        .update_settings(|s| {
            let p = s.planner.get_or_insert_with(Default::default);
            p.day_starts_at = Some(day_starts_at.trim().to_owned());
            p.nudge_after = Some(nudge_after);
        })
        .await?;
    view(valet).await
}
