//! Live refresh: when any process (this app, the CLI, an MCP session, a sync) commits a change
//! to the replica, the windows get the `valet://changed` event within a second, the tray's count
//! is refreshed, and the sync badge gets `valet://sync` whenever the sync state moved.
//!
//! The source is the store's change feed (`Valet::subscribe`, a broadcast of the change log's
//! new lines, whoever wrote them). The views re-fetch what the event names; fields a person is
//! typing in are never overwritten (the views skip those, see `ui/src/lib/SectionField.svelte`).

use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::broadcast::error::RecvError;
use valet_core::RecordKind;
use valet_service::{ChangeEvent, Valet};

use crate::state::AppState;

/// The event the UI listens to for record changes.
pub const CHANGED: &str = "valet://changed";
/// The event the sync badge listens to (payload: `commands::sync::SyncView`).
pub const SYNC: &str = "valet://sync";
/// How often the sync state is looked at between changes (the background loop may have run, or
/// failed, without changing a record).
pub const SYNC_POLL: Duration = Duration::from_secs(3);

/// What changed, coarsely: the UI re-fetches the views that show these kinds.
#[derive(ts_rs::TS, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Changed {
    pub todos: bool,
    pub days: bool,
}

impl Changed {
    /// Everything (the feed lagged behind and dropped events: re-fetch all).
    pub const ALL: Changed = Changed {
        todos: true,
        days: true,
    };

    /// The kinds one batch of committed changes touches.
    pub fn of(event: &ChangeEvent) -> Changed {
        Changed {
            // Projects are shown with the todo list (their progress, the project picker).
            todos: event.touches(RecordKind::Todo) || event.touches(RecordKind::Project),
            days: event.touches(RecordKind::Plan)
                || event.touches(RecordKind::Journal)
                || event.touches(RecordKind::Archive),
        }
    }

    fn any(self) -> bool {
        self.todos || self.days
    }
}

/// Runs until the app exits: waits for the store, then forwards its change feed.
pub async fn forward(app: AppHandle) {
    let valet = match app.state::<AppState>().valet().await {
        Ok(v) => v.clone(),
        Err(error) => {
            tracing::warn!(%error, "live refresh is off: the store did not open");
            return;
        }
    };
    let mut feed = valet.subscribe();
    crate::tray::refresh_count(&app, &valet).await;
    let mut last_sync = crate::commands::sync::view(&valet).await.ok();
    let mut ticker = tokio::time::interval(SYNC_POLL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let changed = tokio::select! {
            event = feed.recv() => match event {
                Ok(event) => Changed::of(&event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "change feed lagged: refreshing everything");
                    Changed::ALL
                }
                Err(RecvError::Closed) => {
                    tracing::warn!("the change feed closed: live refresh stops");
                    return;
                }
            },
            _ = ticker.tick() => Changed { todos: false, days: false },
        };
        if changed.any() {
            if changed.todos {
                crate::tray::refresh_count(&app, &valet).await;
            }
            if let Err(error) = app.emit(CHANGED, changed) {
                tracing::debug!(%error, "could not emit a change");
            }
        }
        emit_sync_if_moved(&app, &valet, &mut last_sync).await;
    }
}

/// Emits `valet://sync` when the sync state differs from the last one sent.
async fn emit_sync_if_moved(
    app: &AppHandle,
    valet: &Valet,
    last: &mut Option<crate::commands::sync::SyncView>,
) {
    let Ok(now) = crate::commands::sync::view(valet).await else {
        return;
    };
    if last.as_ref() == Some(&now) {
        return;
    }
    if let Err(error) = app.emit(SYNC, &now) {
        tracing::debug!(%error, "could not emit the sync state");
    }
    *last = Some(now);
}

#[cfg(test)]
mod tests {
    use super::*;
    use valet_service::LogEntry;

    fn entry(key: &str) -> LogEntry {
        let line = serde_json::json!({
            "at": "2026-11-28T10:00:00Z", "key": key, "rev": 1, "op": "put", "by": "cli"
        });
        match serde_json::from_value(line) {
            Ok(e) => e,
            Err(e) => panic!("a change-log line: {e}"),
        }
    }

    #[test]
    fn names_the_kinds_a_batch_touches() {
        let todo = ChangeEvent {
            entries: vec![entry("todos/019ac9b2-0000-7000-8000-000000000000.json")],
        };
        assert_eq!(
            Changed::of(&todo),
            Changed {
                todos: true,
                days: false
            }
        );
        let day = ChangeEvent {
            entries: vec![
                entry("journals/2026-11-28.json"),
                entry("archive/2026-11-27.json"),
            ],
        };
        assert_eq!(
            Changed::of(&day),
            Changed {
                todos: false,
                days: true
            }
        );
    }
}
