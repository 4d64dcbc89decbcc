//! The Tauri commands the UI calls (each one is granted in `src-tauri/capabilities/`).

use tauri::State;
use valet_core::{StatusFilter, TodoPage, TodoQuery};

use crate::error::CommandError;
use crate::state::AppState;

/// Every todo in the store, open and completed, in the facade's smart order (open first).
#[tauri::command]
pub async fn list_todos(state: State<'_, AppState>) -> Result<TodoPage, CommandError> {
    let valet = state.valet().await?;
    let query = TodoQuery {
        status: StatusFilter::All,
        ..TodoQuery::default()
    };
    let page = valet.list_todos(&query).await.map_err(|error| {
        tracing::warn!(%error, "list_todos failed");
        CommandError::from(error)
    })?;
    tracing::debug!(items = page.items.len(), total = page.total, "list_todos");
    Ok(page)
}
