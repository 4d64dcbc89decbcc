//! Quick-add commands: the only ones the quick-add window may call (its own capability).

use tauri::{AppHandle, Manager, State};
use valet_core::{QuickAdd, Todo};

use crate::error::CommandError;
use crate::state::AppState;

/// What the line would add ("understood as ..."), without writing anything.
#[tauri::command]
pub async fn quick_add_preview(
    state: State<'_, AppState>,
    text: String,
) -> Result<QuickAdd, CommandError> {
    Ok(state.valet().await?.quick_add_preview(&text).await)
}

/// Adds the todo the line describes.
#[tauri::command]
pub async fn quick_add(state: State<'_, AppState>, text: String) -> Result<Todo, CommandError> {
    let todo = state.valet().await?.quick_add(&text).await?;
    tracing::info!(id = %todo.id, "quick add");
    Ok(todo)
}

/// Hides the quick-add window (Escape, or after a todo was added).
#[tauri::command]
pub async fn close_quick_add(app: AppHandle) -> Result<(), CommandError> {
    if let Some(window) = app.get_webview_window(crate::tray::QUICK_ADD) {
        window
            .hide()
            .map_err(|e| CommandError::new("window", e.to_string()))?;
    }
    Ok(())
}
