//! Live refresh: when any process (this app, the CLI, an MCP session) changes the replica, the
//! windows get the `valet://changed` event within a second and the tray's count is refreshed.
//!
//! The facade's change feed (`Valet::subscribe`) is still being built on another branch, so this
//! watches a cheap fingerprint through the facade instead: every [`POLL`], the newest todo
//! change, the todo total, and the day list and today's plan/journal stamps. Each read is a
//! `stat` of the change log plus in-memory work when nothing changed.

use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use valet_core::{SortKey, StatusFilter, TodoQuery};
use valet_service::Valet;

use crate::state::AppState;

/// The event the UI listens to.
pub const CHANGED: &str = "valet://changed";
/// How often the fingerprint is taken.
pub const POLL: Duration = Duration::from_millis(400);

/// What changed, coarsely: the UI re-fetches the views that show these kinds.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    pub todos: bool,
    pub days: bool,
}

async fn todo_print(valet: &Valet) -> Option<String> {
    let query = TodoQuery {
        status: StatusFilter::All,
        sort: SortKey::Updated,
        descending: true,
        limit: Some(1),
        ..TodoQuery::default()
    };
    let page = valet.list_todos(&query).await.ok()?;
    let newest = page.items.first().map(|t| t.updated_at.timestamp_millis());
    Some(format!("{}:{newest:?}", page.total))
}

async fn day_print(valet: &Valet) -> Option<String> {
    let days = valet.days(None).await.ok()?;
    let today = valet.day(None).await.ok()?;
    let plan = today.plan.map(|p| p.updated_at.timestamp_millis());
    let journal = today.journal.map(|j| j.updated_at.timestamp_millis());
    let archived = days.iter().filter(|d| d.archived).count();
    Some(format!(
        "{}:{archived}:{plan:?}:{journal:?}:{:?}",
        days.len(),
        days.first().map(|d| d.date)
    ))
}

/// Runs until the app exits: waits for the store, then reports changes.
pub async fn forward(app: AppHandle) {
    let valet = match app.state::<AppState>().valet().await {
        Ok(v) => v.clone(),
        Err(error) => {
            tracing::warn!(%error, "live refresh is off: the store did not open");
            return;
        }
    };
    crate::tray::refresh_count(&app, &valet).await;
    let mut todos = todo_print(&valet).await;
    let mut days = day_print(&valet).await;
    let mut ticker = tokio::time::interval(POLL);
    loop {
        ticker.tick().await;
        let (t, d) = (todo_print(&valet).await, day_print(&valet).await);
        let changed = Changed {
            todos: t != todos,
            days: d != days,
        };
        if !(changed.todos || changed.days) {
            continue;
        }
        todos = t;
        days = d;
        if changed.todos {
            crate::tray::refresh_count(&app, &valet).await;
        }
        if let Err(error) = app.emit(CHANGED, changed) {
            tracing::debug!(%error, "could not emit a change");
        }
    }
}
