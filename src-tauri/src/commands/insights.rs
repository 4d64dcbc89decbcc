//! The Insights view's one command: the facade's insights for a range in the user's words.

use tauri::State;
use valet_core::insights::{Group, Insights};

use crate::error::CommandError;
use crate::state::AppState;

/// Insights for `from..=to` (dates or words; default the last 30 days), completions bucketed
/// by `group` ("day", "week" or "month"; default day).
#[tauri::command]
pub async fn insights(
    state: State<'_, AppState>,
    from: Option<String>,
    to: Option<String>,
    group: Option<String>,
) -> Result<Insights, CommandError> {
    let group = match group.as_deref() {
        Some(g) => {
            Group::parse("group", g).map_err(|e| CommandError::new("invalid", e.to_string()))?
        }
        None => Group::Day,
    };
    let valet = state.valet().await?;
    Ok(valet
        .insights(from.as_deref(), to.as_deref(), group)
        .await?)
}
