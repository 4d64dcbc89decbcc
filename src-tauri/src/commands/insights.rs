//! The Insights and Review views' commands: the facade's insights for a range in the user's
//! words, and the week's or month's review with its reflection.

use tauri::State;
use valet_core::insights::{Group, Insights};
use valet_core::review::{Period, Review};

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

fn period(p: Option<&str>) -> Result<Period, CommandError> {
    match p {
        Some(p) => {
            Period::parse("period", p).map_err(|e| CommandError::new("invalid", e.to_string()))
        }
        None => Ok(Period::Week),
    }
}

/// The review of the week or month (`period`, default week) holding `date` (a date or words;
/// default today).
#[tauri::command]
pub async fn review(
    state: State<'_, AppState>,
    period: Option<String>,
    date: Option<String>,
) -> Result<Review, CommandError> {
    let p = self::period(period.as_deref())?;
    let valet = state.valet().await?;
    Ok(valet.review(p, date.as_deref()).await?)
}

/// Replaces the reflection of the week or month holding `date` (empty text removes it), and
/// answers with the review as it now is.
#[tauri::command]
pub async fn write_review(
    state: State<'_, AppState>,
    period: Option<String>,
    date: Option<String>,
    text: String,
) -> Result<Review, CommandError> {
    let p = self::period(period.as_deref())?;
    let valet = state.valet().await?;
    Ok(valet.write_review(p, date.as_deref(), text.trim()).await?)
}
