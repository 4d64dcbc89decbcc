//! Data in and out from Settings: import a legacy `valet-data` folder, export (JSON or Markdown),
//! import a Valet export, and restore points, each with progress events for the progress bar,
//! plus the native file pickers that fill their path fields.

use std::path::PathBuf;

use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;
use valet_service::{
    ExportFormat, ExportReport, ImportReport, Progress, RestorePoint, RestoreReport,
};

use crate::error::CommandError;
use crate::state::AppState;

/// The event the progress bar listens to (payload: `valet_service::Progress`).
pub const PROGRESS: &str = "valet://progress";

/// Sends each step to the windows; a closed window must not fail the work.
fn emitter(app: &AppHandle) -> impl Fn(Progress) + Send + Sync + '_ {
    move |p: Progress| {
        if let Err(error) = app.emit(PROGRESS, &p) {
            tracing::debug!(%error, "progress event not delivered");
        }
    }
}

/// A path typed or picked in Settings: non-empty, absolute (a relative one would land wherever
/// the app happened to start).
fn path_field(field: &str, path: &str) -> Result<PathBuf, CommandError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(CommandError::new(
            "invalid",
            format!("{field}: must not be empty; choose a location"),
        ));
    }
    let p = PathBuf::from(path);
    if !p.is_absolute() {
        return Err(CommandError::new(
            "invalid",
            format!("{field}: must be an absolute path (starting with /); got {path:?}"),
        ));
    }
    Ok(p)
}

/// Imports a legacy `valet-data` folder (`dryRun`: report only, write nothing).
#[tauri::command]
pub async fn import_legacy(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> Result<ImportReport, CommandError> {
    let source = path_field("path", &path)?;
    let valet = state.valet().await?;
    Ok(valet
        .import_legacy_with_progress(&source, dry_run, &emitter(&app))
        .await?)
}

/// Writes an export: `json` (one file) or `markdown` (a folder of daily notes).
#[tauri::command]
pub async fn export_data(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    format: String,
) -> Result<ExportReport, CommandError> {
    let format = ExportFormat::parse("format", &format)
        .map_err(|e| CommandError::new("invalid", e.to_string()))?;
    let target = path_field("path", &path)?;
    let valet = state.valet().await?;
    Ok(valet
        .export_with_progress(&target, format, &emitter(&app))
        .await?)
}

/// Merges a Valet JSON export into the store (newer wins, nothing deleted).
#[tauri::command]
pub async fn import_data(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> Result<ImportReport, CommandError> {
    let source = path_field("path", &path)?;
    let valet = state.valet().await?;
    Ok(valet
        .import_export_with_progress(&source, dry_run, &emitter(&app))
        .await?)
}

/// Restore points, newest first.
#[tauri::command]
pub async fn list_restore_points(
    state: State<'_, AppState>,
) -> Result<Vec<RestorePoint>, CommandError> {
    Ok(state.valet().await?.restore_points().await?)
}

/// Takes a restore point now ("Back up now").
#[tauri::command]
pub async fn create_restore_point(
    state: State<'_, AppState>,
) -> Result<RestorePoint, CommandError> {
    Ok(state
        .valet()
        .await?
        .create_restore_point("from Settings")
        .await?)
}

/// Puts everything back as it was at restore point `id` (itself undoable).
#[tauri::command]
pub async fn restore_point(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<RestoreReport, CommandError> {
    let valet = state.valet().await?;
    Ok(valet
        .restore_with_progress(id.trim(), &emitter(&app))
        .await?)
}

/// Opens a native picker: `folder` (choose a folder), `open-json` (an export file to import),
/// `save-json` (where to write an export). `None` when the person cancelled.
#[tauri::command]
pub async fn pick_path(app: AppHandle, kind: String) -> Result<Option<String>, CommandError> {
    let dialog = app.dialog().file();
    let picked = tauri::async_runtime::spawn_blocking(move || match kind.as_str() {
        "folder" => Ok(dialog.blocking_pick_folder()),
        "open-json" => Ok(dialog
            .add_filter("Valet export", &["json"])
            .blocking_pick_file()),
        "save-json" => Ok(dialog
            .add_filter("Valet export", &["json"])
            .set_file_name("valet-export.json")
            .blocking_save_file()),
        other => Err(CommandError::new(
            "invalid",
            format!("kind: must be one of folder, open-json, save-json; got {other:?}"),
        )),
    })
    .await
    .map_err(|e| CommandError::new("dialog", e.to_string()))??;
    picked
        .map(|p| {
            p.into_path()
                .map(|p| p.display().to_string())
                .map_err(|e| CommandError::new("dialog", e.to_string()))
        })
        .transpose()
}
