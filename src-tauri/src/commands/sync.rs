//! Sync commands: the badge's state (with errors in plain words), "Sync now" (and "Sync anyway"
//! after the user confirmed a sync that would delete most of the data), and the kept conflicts
//! with their resolution.

use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use valet_service::{ConflictView, Keep, ServiceError, SyncMode, SyncReport, Valet};

use crate::error::CommandError;
use crate::state::AppState;

/// What the sync badge shows.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncView {
    /// False when the replica has no remote (storage is "this computer only").
    pub enabled: bool,
    pub remote: Option<String>,
    pub first_sync_done: bool,
    /// RFC 3339, UTC; the UI shows it as local HH:MM.
    pub last_sync: Option<String>,
    /// The last sync's error in plain words (none after a sync that worked).
    pub error: Option<String>,
    /// The last sync stopped because it would delete most of the data: ask, then force.
    pub needs_confirm: bool,
    /// Records changed here and not yet sent.
    pub pending: usize,
    /// Kept conflicts waiting for a person.
    pub conflicts: usize,
    /// Said when this device's clock is off by more than a minute.
    pub clock_warning: Option<String>,
}

/// The badge's state from the facade.
pub async fn view(valet: &Valet) -> Result<SyncView, CommandError> {
    let status = valet.sync_status().await?;
    let (error, needs_confirm) = match status.last_error.as_deref() {
        Some(e) => {
            let (text, confirm) = by_code(status.last_error_code.as_deref(), e);
            (Some(text), confirm)
        }
        None => (None, false),
    };
    Ok(SyncView {
        enabled: status.enabled,
        remote: status.remote,
        first_sync_done: status.first_sync_done,
        last_sync: status.last_sync.map(|t| t.to_rfc3339()),
        error,
        needs_confirm,
        pending: status.pending,
        conflicts: status.conflicts,
        clock_warning: status.clock_warning,
    })
}

// What the badge says for each kind of failure, whether known by code or, for states written
// before codes were kept, by the message.
const BUSY: &str =
    "Another Valet (an AI session or a second app) is syncing right now; this one tries again shortly.";
const DENIED: &str = "The bucket refused the access keys. Check them in Settings → Storage.";
const OFFLINE: &str =
    "Can't reach the storage service (offline?). Your changes are kept here and sent when it is back.";
const UNREADABLE: &str = "The bucket holds data this Valet cannot read (damaged, or written by a newer Valet). Nothing was changed here.";

/// A sync error in plain words from its typed code (`SyncError::code`, kept in the sync
/// state), and whether it asks for a confirmation. Only an error from before codes were kept
/// falls back to reading the message.
pub fn by_code(code: Option<&str>, message: &str) -> (String, bool) {
    let text = match code {
        Some("confirm") => {
            return (
                format!(
                    "Sync stopped: {}. Nothing was changed. If that was meant, choose “Sync anyway”; to keep what the other device deleted, “Keep what was deleted”; otherwise check Settings → Storage.",
                    message.split(';').next().unwrap_or(message).trim_start_matches("this sync ")
                ),
                true,
            )
        }
        Some("busy") => BUSY,
        Some("denied") => DENIED,
        Some("unreachable" | "timeout") => OFFLINE,
        Some("bad_remote") => UNREADABLE,
        // The profile asks for sync but this process could not set it up (no access keys):
        // the local copy works meanwhile.
        Some("config") => {
            let first = message.lines().next().unwrap_or(message);
            return (
                format!(
                    "Sync can't run: {}. Your changes are kept here; check Settings → Storage.",
                    first.chars().take(200).collect::<String>()
                ),
                false,
            );
        }
        Some("passphrase" | "crypto" | "encryption" | "remote" | "local") => {
            let first = message.lines().next().unwrap_or(message);
            return (format!("Sync failed: {}", first.chars().take(200).collect::<String>()), false);
        }
        _ => return plain(message),
    };
    (text.to_owned(), false)
}

/// The start of the facade's "would delete most of the data" message (`SyncError::WouldDeleteMost`);
/// the sync state keeps only the message, so the badge recognises it by this (tested below).
const WOULD_DELETE: &str = "this sync would delete ";

/// A sync error as a person would say it, and whether it asks for a confirmation.
pub fn plain(error: &str) -> (String, bool) {
    let lower = error.to_ascii_lowercase();
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| lower.contains(&w.to_ascii_lowercase()))
    };
    if let Some(rest) = error.strip_prefix(WOULD_DELETE) {
        let what = rest.split(';').next().unwrap_or("most of your records");
        return (
            format!(
                "Sync stopped: it would delete {what}. Nothing was changed. If you emptied the \
                 bucket on purpose, choose “Sync anyway”; otherwise check Settings → Storage."
            ),
            true,
        );
    }
    let text = if has(&["another valet process is syncing"]) {
        BUSY.to_owned()
    } else if has(&[
        "accessdenied",
        "invalidaccesskeyid",
        "signaturedoesnotmatch",
        "permissiondenied",
        "permission denied",
        "403",
    ]) {
        DENIED.to_owned()
    } else if has(&["nosuchbucket", "bucket does not exist"]) {
        "The bucket was not found. Check the endpoint and bucket name in Settings → Storage."
            .to_owned()
    } else if has(&[
        "dns error",
        "connection refused",
        "error sending request",
        "timed out",
        "timeout",
        "connect error",
        "network",
    ]) {
        OFFLINE.to_owned()
    } else if has(&["is not valid"]) {
        UNREADABLE.to_owned()
    } else {
        let first = error.lines().next().unwrap_or(error);
        let short: String = first.chars().take(200).collect();
        format!("Sync failed: {short}")
    };
    (text, false)
}

fn command_error(error: ServiceError) -> CommandError {
    let (message, _) = match &error {
        ServiceError::Sync(e) => by_code(Some(e.code()), &e.to_string()),
        other => plain(&other.to_string()),
    };
    CommandError::new(error.code(), message)
}

/// The sync badge's state.
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    view(state.valet().await?).await
}

/// Runs one sync cycle now (waiting for a sync another process is running). `force` accepts a
/// sync that would delete or replace most records of a kind (only after the person said so);
/// `restore_deleted` goes on but keeps what the other device deleted; without either such a
/// sync fails with code `confirm`.
#[tauri::command]
pub async fn sync_now(
    app: AppHandle,
    state: State<'_, AppState>,
    force: bool,
    restore_deleted: Option<bool>,
) -> Result<SyncReport, CommandError> {
    let valet = state.valet().await?;
    let mode = if restore_deleted == Some(true) {
        SyncMode::RestoreDeleted
    } else if force {
        SyncMode::Accept
    } else {
        SyncMode::Normal
    };
    let result = valet.sync_with(mode, true).await;
    if let Ok(now) = view(valet).await {
        let _ = app.emit(crate::live::SYNC, now);
    }
    result.map_err(command_error)
}

/// The kept conflicts (texts from concurrent edits), newest record first.
#[tauri::command]
pub async fn list_conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictView>, CommandError> {
    Ok(state.valet().await?.conflicts().await?)
}

/// Settles one conflict: `keep` is `current`, `other` or `both`.
#[tauri::command]
pub async fn resolve_conflict(
    app: AppHandle,
    state: State<'_, AppState>,
    record: String,
    index: usize,
    keep: String,
) -> Result<ConflictView, CommandError> {
    let keep =
        Keep::parse("keep", &keep).map_err(|e| CommandError::new("invalid", e.to_string()))?;
    let valet = state.valet().await?;
    let resolved = valet.resolve_conflict(&record, index, keep).await?;
    if let Ok(now) = view(valet).await {
        let _ = app.emit(crate::live::SYNC, now);
    }
    Ok(resolved)
}

/// "Sync now" from the tray: one cycle; the badge shows the outcome, and a sync that needs a
/// confirmation brings the window up so the person can answer.
pub fn sync_from_tray(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = tauri::Manager::state::<AppState>(&app);
        let Ok(valet) = state.valet().await else {
            return;
        };
        match valet.sync(false).await {
            Ok(report) => tracing::info!(
                sent = report.sent,
                applied = report.applied,
                "sync from the tray"
            ),
            Err(error) => {
                tracing::warn!(%error, "sync from the tray failed");
                if error.code() == "confirm" {
                    crate::tray::show_main(&app);
                }
            }
        }
        if let Ok(now) = view(valet).await {
            let _ = app.emit(crate::live::SYNC, now);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use valet_service::SyncError;

    #[test]
    fn a_mass_delete_asks_for_confirmation() {
        let message = SyncError::WouldDeleteMost {
            deletes: 90,
            live: 100,
            what: "records",
        }
        .to_string();
        let (text, confirm) = plain(&message);
        assert!(confirm);
        assert!(text.contains("90 of your 100 records"), "{text}");
        assert!(text.contains("Sync anyway"));
    }

    #[test]
    fn busy_and_offline_are_said_plainly() {
        let (busy, confirm) = plain(&SyncError::Busy.to_string());
        assert!(!confirm);
        assert!(busy.starts_with("Another Valet"), "{busy}");
        let (offline, _) = plain("remote read of log/000001 failed: Unexpected (temporary) at read, context: { url: http://x } => send http request, source: error sending request for url: client error (Connect): tcp connect error: Connection refused");
        assert!(offline.starts_with("Can't reach"), "{offline}");
        let (keys, _) = plain("remote write of x failed: PermissionDenied (persistent) at write => S3Error { code: \"AccessDenied\" }");
        assert!(keys.contains("access keys"), "{keys}");
    }

    /// Issue 14: the badge reads the typed code, so a path that contains "403" is not taken
    /// for refused keys.
    #[test]
    fn the_badge_reads_codes_not_message_text() {
        let (text, confirm) = by_code(
            Some("bad_remote"),
            "remote object log/0000000000000403.json is not valid: EOF",
        );
        assert!(!confirm);
        assert!(text.contains("cannot read"), "{text}");
        let (text, confirm) = by_code(
            Some("confirm"),
            "this sync would replace the text of 12 of your 20 todos; nothing was changed",
        );
        assert!(
            confirm && text.contains("replace the text of 12 of your 20 todos"),
            "{text}"
        );
        assert!(by_code(Some("timeout"), "x").0.starts_with("Can't reach"));
    }

    #[test]
    fn anything_else_is_shown_short() {
        let long = "x".repeat(500);
        let (text, confirm) = plain(&long);
        assert!(!confirm);
        assert!(text.len() < 240);
    }
}
