//! Reminder commands: snooze from the app, the next reminders, and the reminder settings (the
//! default reminder, keep running in the tray when the window closes, start at login).

use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde_json::{json, Value};
use tauri::State;
use tauri_plugin_autostart::ManagerExt;
use valet_core::settings::ReminderSettings;
use valet_core::Todo;
use valet_service::Snooze;

use crate::error::CommandError;
use crate::state::AppState;

/// Whether closing the main window keeps the app running in the tray (read by the window
/// event handler, which cannot wait on the store).
pub struct KeepRunning(AtomicBool);

impl Default for KeepRunning {
    fn default() -> Self {
        KeepRunning(AtomicBool::new(true))
    }
}

impl KeepRunning {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub fn set(&self, on: bool) {
        self.0.store(on, Ordering::Relaxed);
    }
}

/// `app.keepRunning` in settings.json, default on.
pub fn keep_running(settings: &valet_core::Settings) -> bool {
    settings
        .extra
        .get("app")
        .and_then(|a| a.get("keepRunning"))
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

/// The reminder settings as the Settings view shows them.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderPrefs {
    /// `at deadline`, `<N>m before`, `<N>h before` or `none`.
    pub default: String,
    pub keep_running: bool,
    /// Valet starts at login (in the tray).
    pub autostart: bool,
}

async fn prefs(app: &tauri::AppHandle, state: &AppState) -> Result<ReminderPrefs, CommandError> {
    let settings = state.valet().await?.settings().await;
    let default = settings
        .default_reminders()
        .first()
        .map_or_else(|| "none".to_owned(), ToString::to_string);
    Ok(ReminderPrefs {
        default,
        keep_running: keep_running(&settings),
        autostart: app.autolaunch().is_enabled().unwrap_or(false),
    })
}

/// The reminder settings.
#[tauri::command]
pub async fn reminder_prefs(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> Result<ReminderPrefs, CommandError> {
    prefs(&app, &state).await
}

/// Sets the default reminder, whether the app keeps running in the tray, and start at login.
#[tauri::command]
pub async fn set_reminder_prefs(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    keep: State<'_, KeepRunning>,
    default: String,
    keep_running: bool,
    autostart: bool,
) -> Result<ReminderPrefs, CommandError> {
    let valet = state.valet().await?;
    let default = default.trim().to_owned();
    valet
        .update_settings(|s| {
            let r = s.reminders.get_or_insert_with(ReminderSettings::default);
            r.default = Some(default);
            crate::commands::settings::edit_app_section(s, |app| {
                app.insert("keepRunning".into(), json!(keep_running));
            });
        })
        .await?;
    keep.set(keep_running);
    let launcher = app.autolaunch();
    let switched = if autostart {
        launcher.enable()
    } else {
        launcher.disable()
    };
    // Disabling what was never enabled is not an error worth showing.
    if let Err(error) = switched {
        if autostart || launcher.is_enabled().unwrap_or(false) {
            return Err(CommandError::new(
                "autostart_failed",
                format!("autostart: could not change start at login: {error}"),
            ));
        }
    }
    prefs(&app, &state).await
}

/// Snoozes a todo's reminder: `10m`, `1h`, a number of minutes, or `tomorrow`.
#[tauri::command]
pub async fn snooze_reminder(
    state: State<'_, AppState>,
    id: String,
    until: String,
) -> Result<Todo, CommandError> {
    let snooze = Snooze::parse("until", &until).map_err(valet_service::ServiceError::from)?;
    Ok(state.valet().await?.snooze_reminder(&id, snooze).await?)
}

/// One coming reminder.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingReminder {
    pub todo: Todo,
    /// When it fires, RFC 3339 in the user's zone.
    pub at: String,
}

/// The next reminders, soonest first.
#[tauri::command]
pub async fn upcoming_reminders(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<Vec<UpcomingReminder>, CommandError> {
    let valet = state.valet().await?;
    let (zone, _) = valet.zone().await;
    let list = valet
        .upcoming_reminders(limit.unwrap_or(20).min(200))
        .await?;
    Ok(list
        .into_iter()
        .map(|(todo, at)| UpcomingReminder {
            todo,
            at: at.with_timezone(&zone).to_rfc3339(),
        })
        .collect())
}
