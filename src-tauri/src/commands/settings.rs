//! Settings commands: time zone, theme, quick-add shortcut, the storage profile (keys in the OS
//! keychain only), "test connection", the MCP config for AI clients, and about.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tauri::State;
use valet_core::settings::{CloudflareSettings, StorageSettings, UserSettings};
use valet_service::{Actor, OpenOptions, Valet};
use valet_service::{Backend, S3Config, Secret};

use crate::error::CommandError;
use crate::keychain::{self, KeychainStatus};
use crate::state::AppState;

/// The shortcut that opens quick add when none is configured.
pub const DEFAULT_SHORTCUT: &str = "CommandOrControl+Shift+Space";

/// The S3/R2 profile's fields (never the keys).
#[derive(ts_rs::TS, Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageProfile {
    /// `local` or `cloudflare-r2`.
    pub provider: String,
    pub endpoint: String,
    pub bucket: String,
    pub key_prefix: String,
    pub region: String,
    /// Seconds between background syncs (5..=86400); `None` means the default, 30.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub sync_interval: Option<u64>,
    /// End-to-end encryption of what is synced (the passphrase lives in the keychain).
    #[serde(default)]
    pub encrypt: bool,
}

/// Everything the Settings view shows.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub time_zone: String,
    /// The zone set in settings, if any (else the OS zone is used).
    pub time_zone_setting: Option<String>,
    /// `system`, `light` or `dark`.
    #[ts(type = "\"system\" | \"light\" | \"dark\"")]
    pub theme: String,
    pub quick_add_shortcut: String,
    pub storage: StorageProfile,
    pub keychain: KeychainStatus,
    pub data_dir: String,
    pub version: String,
    pub planner: PlannerPrefs,
}

/// The planner's settings as the UI shows them.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannerPrefs {
    /// `HH:MM`.
    pub day_starts_at: String,
    pub nudge_after: u32,
}

/// The themes the UI draws.
const THEMES: [&str; 3] = ["system", "light", "dark"];

/// The app's own preferences, kept under `app` in settings.json.
pub fn app_prefs(settings: &valet_core::Settings) -> (String, String) {
    let app = settings.extra.get("app");
    let text = |key: &str, default: &str| {
        app.and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned()
    };
    // A theme edited by hand into something unknown reads as the default, so the UI only ever
    // gets one of the three it draws.
    let theme = Some(text("theme", "system"))
        .filter(|t| THEMES.contains(&t.as_str()))
        .unwrap_or_else(|| "system".to_owned());
    (theme, text("quickAddShortcut", DEFAULT_SHORTCUT))
}

/// Changes the app's own section of settings.json (`app`), made an object if it is missing or
/// not one.
pub(crate) fn edit_app_section(
    s: &mut valet_core::Settings,
    f: impl FnOnce(&mut serde_json::Map<String, Value>),
) {
    let app = s.extra.entry("app").or_insert_with(|| json!({}));
    if !app.is_object() {
        *app = json!({});
    }
    if let Some(map) = app.as_object_mut() {
        f(map);
    }
}

fn profile(settings: &valet_core::Settings) -> StorageProfile {
    let storage = settings.storage.clone().unwrap_or_default();
    let cf = storage.cloudflare.unwrap_or_default();
    StorageProfile {
        provider: storage.provider.unwrap_or_else(|| "local".into()),
        endpoint: cf.endpoint.unwrap_or_default(),
        bucket: cf.bucket_name.unwrap_or_default(),
        key_prefix: cf.key_prefix.unwrap_or_default(),
        region: cf.region.unwrap_or_default(),
        sync_interval: cf.sync_interval,
        encrypt: cf.encrypt.unwrap_or(false),
    }
}

async fn keychain_status() -> KeychainStatus {
    tauri::async_runtime::spawn_blocking(keychain::status)
        .await
        .unwrap_or_else(|e| KeychainStatus {
            available: false,
            has_keys: false,
            has_passphrase: false,
            message: Some(format!("the keychain check stopped: {e}")),
        })
}

pub(crate) async fn view(valet: &Valet) -> Result<SettingsView, CommandError> {
    let settings = valet.settings().await;
    let (theme, quick_add_shortcut) = app_prefs(&settings);
    let (zone, _) = valet.zone().await;
    Ok(SettingsView {
        time_zone: zone.name().to_owned(),
        time_zone_setting: settings.timezone().map(str::to_owned),
        theme,
        quick_add_shortcut,
        storage: profile(&settings),
        keychain: keychain_status().await,
        data_dir: valet.data_dir().display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        planner: PlannerPrefs {
            day_starts_at: settings.day_starts_at().format("%H:%M").to_string(),
            nudge_after: settings.nudge_after(),
        },
    })
}

/// The settings the view shows.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<SettingsView, CommandError> {
    view(state.valet().await?).await
}

/// Sets the time zone (an IANA name such as `Europe/Paris`; `""` follows the OS).
#[tauri::command]
pub async fn set_time_zone(
    state: State<'_, AppState>,
    zone: String,
) -> Result<SettingsView, CommandError> {
    let valet = state.valet().await?;
    let zone = zone.trim().to_owned();
    valet
        .update_settings(|s| {
            let user = s.user.get_or_insert_with(UserSettings::default);
            user.timezone = (!zone.is_empty()).then_some(zone);
        })
        .await?;
    view(valet).await
}

/// Sets the theme (`system`, `light`, `dark`) and the quick-add shortcut.
#[tauri::command]
pub async fn set_preferences(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    theme: String,
    quick_add_shortcut: String,
) -> Result<SettingsView, CommandError> {
    if !THEMES.contains(&theme.as_str()) {
        return Err(CommandError::new(
            "invalid",
            format!("theme: must be one of system, light, dark; got {theme:?}"),
        ));
    }
    let shortcut = quick_add_shortcut.trim().to_owned();
    crate::tray::set_shortcut(&app, &shortcut)
        .map_err(|e| CommandError::new("invalid", format!("quickAddShortcut: {e}")))?;
    let valet = state.valet().await?;
    valet
        .update_settings(|s| {
            edit_app_section(s, |app| {
                app.insert("theme".into(), json!(theme));
                app.insert("quickAddShortcut".into(), json!(shortcut));
            });
        })
        .await?;
    view(valet).await
}

fn check_profile(p: &StorageProfile) -> Result<(), CommandError> {
    let bad =
        |field: &str, rule: &str| Err(CommandError::new("invalid", format!("{field}: {rule}")));
    match p.provider.as_str() {
        "local" => Ok(()),
        "cloudflare-r2" => {
            if !(p.endpoint.starts_with("https://") || p.endpoint.starts_with("http://")) {
                return bad(
                    "endpoint",
                    "must be an http(s) URL, e.g. https://<account>.r2.cloudflarestorage.com",
                );
            }
            if p.bucket.trim().is_empty() {
                return bad("bucket", "must not be empty");
            }
            if let Some(i) = p.sync_interval {
                if !(5..=86_400).contains(&i) {
                    return bad(
                        "syncInterval",
                        &format!("must be a number of seconds from 5 to 86400; got {i}"),
                    );
                }
            }
            Ok(())
        }
        other => bad(
            "provider",
            &format!("must be one of local, cloudflare-r2; got {other:?}"),
        ),
    }
}

/// Saves the storage profile (used from the next start). Keys go to `save_storage_keys`.
#[tauri::command]
pub async fn set_storage_profile(
    state: State<'_, AppState>,
    profile: StorageProfile,
) -> Result<SettingsView, CommandError> {
    check_profile(&profile)?;
    let valet = state.valet().await?;
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    valet
        .update_settings(|s| {
            let storage = s.storage.get_or_insert_with(StorageSettings::default);
            storage.provider = Some(profile.provider.clone());
            let cf = storage
                .cloudflare
                .get_or_insert_with(CloudflareSettings::default);
            cf.endpoint = opt(&profile.endpoint);
            cf.bucket_name = opt(&profile.bucket);
            cf.key_prefix = opt(&profile.key_prefix);
            cf.region = opt(&profile.region);
            cf.sync_interval = profile.sync_interval;
            cf.encrypt = profile.encrypt.then_some(true);
        })
        .await?;
    view(valet).await
}

/// Stores the access keys in the OS keychain (never in settings.json).
#[tauri::command]
pub async fn save_storage_keys(
    state: State<'_, AppState>,
    access_key_id: String,
    secret_access_key: String,
) -> Result<SettingsView, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        keychain::store_keys(&access_key_id, &secret_access_key)
    })
    .await
    .map_err(|e| CommandError::new("keychain", e.to_string()))?
    .map_err(|e| CommandError::new("keychain", e))?;
    view(state.valet().await?).await
}

/// Removes the access keys from the keychain.
#[tauri::command]
pub async fn forget_storage_keys(state: State<'_, AppState>) -> Result<SettingsView, CommandError> {
    tauri::async_runtime::spawn_blocking(keychain::forget_keys)
        .await
        .map_err(|e| CommandError::new("keychain", e.to_string()))?
        .map_err(|e| CommandError::new("keychain", e))?;
    view(state.valet().await?).await
}

/// Stores the sync encryption passphrase in the OS keychain (never in settings.json).
#[tauri::command]
pub async fn save_sync_passphrase(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<SettingsView, CommandError> {
    tauri::async_runtime::spawn_blocking(move || keychain::store_passphrase(&passphrase))
        .await
        .map_err(|e| CommandError::new("keychain", e.to_string()))?
        .map_err(|e| CommandError::new("keychain", e))?;
    view(state.valet().await?).await
}

/// Removes the sync passphrase from the keychain.
#[tauri::command]
pub async fn forget_sync_passphrase(
    state: State<'_, AppState>,
) -> Result<SettingsView, CommandError> {
    tauri::async_runtime::spawn_blocking(keychain::forget_passphrase)
        .await
        .map_err(|e| CommandError::new("keychain", e.to_string()))?
        .map_err(|e| CommandError::new("keychain", e))?;
    view(state.valet().await?).await
}

/// The result of "test connection".
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub ok: bool,
    pub message: String,
}

/// Opens the profile's bucket with the keychain's keys (or the environment's) and lists it.
#[tauri::command]
pub async fn test_connection(profile: StorageProfile) -> Result<ConnectionTest, CommandError> {
    check_profile(&profile)?;
    if profile.provider == "local" {
        return Ok(ConnectionTest {
            ok: true,
            message: "Local storage needs no connection.".into(),
        });
    }
    // The same precedence as start-up: the environment's pair, else the keychain's.
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let from_env = valet_service::config::env_keys(&env);
    let keychain = if from_env.is_some() {
        None
    } else {
        match tauri::async_runtime::spawn_blocking(keychain::keys)
            .await
            .map_err(|e| CommandError::new("keychain", e.to_string()))?
        {
            Ok(k) => k,
            Err(message) => return Ok(ConnectionTest { ok: false, message }),
        }
    };
    let Some((id, secret)) = valet_service::config::choose_keys(from_env, keychain) else {
        return Ok(ConnectionTest {
            ok: false,
            message: "No access keys: save them first (they go to the keychain).".into(),
        });
    };
    let region = if profile.region.trim().is_empty() {
        "auto".into()
    } else {
        profile.region.trim().to_owned()
    };
    let backend = Backend::S3(S3Config {
        endpoint: profile.endpoint.trim().to_owned(),
        bucket: profile.bucket.trim().to_owned(),
        region,
        key_prefix: profile.key_prefix.trim().to_owned(),
        access_key_id: Secret::new(id),
        secret_access_key: Secret::new(secret),
    });
    let scratch =
        std::env::temp_dir().join(format!("valet-connection-test-{}", std::process::id()));
    let result = async {
        let valet = Valet::open(OpenOptions {
            data_dir: Some(scratch.clone()),
            actor: Actor::App,
            backend: Some(backend),
            ..OpenOptions::default()
        })
        .await?;
        valet.status().await
    }
    .await;
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(match result {
        Ok(status) => ConnectionTest {
            ok: true,
            message: format!(
                "Connected: {} todos, {} days with a plan in the bucket.",
                status.todos.open + status.todos.completed,
                status.days_with_plan
            ),
        },
        Err(e) => ConnectionTest {
            ok: false,
            message: format!("Could not reach the bucket: {e}"),
        },
    })
}

/// How the store is doing (the Diagnostics panel): the app's operation counts and latency, sync
/// activity, storage used and records per collection.
#[tauri::command]
pub async fn diagnostics(
    state: State<'_, AppState>,
) -> Result<valet_service::MetricsReport, CommandError> {
    Ok(state.valet().await?.metrics().await?)
}

/// The JSON to paste into an AI client's config to connect it to `valet mcp`.
#[tauri::command]
pub async fn mcp_config(
    state: State<'_, AppState>,
    client: String,
) -> Result<String, CommandError> {
    let valet = state.valet().await?;
    let config = valet_mcp::clients::config(&client, &valet_binary(), Some(valet.data_dir()))
        .ok_or_else(|| {
            CommandError::new(
                "invalid",
                format!(
                    "client: must be one of {}; got {client:?}",
                    valet_mcp::clients::CLIENTS.join(", ")
                ),
            )
        })?;
    serde_json::to_string_pretty(&config).map_err(|e| CommandError::new("invalid", e.to_string()))
}

/// The `valet` binary AI clients should launch: the one beside this app, else `valet` on PATH.
pub fn valet_binary() -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .map(|exe| exe.with_file_name("valet"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| std::path::PathBuf::from("valet"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI's type says a theme is one of three; a hand-edited settings.json cannot break it.
    #[test]
    fn an_unknown_theme_in_settings_reads_as_system() {
        let with = |theme: &str| {
            valet_core::Settings::from_json(&format!(r#"{{"app": {{"theme": "{theme}"}}}}"#))
                .unwrap()
        };
        assert_eq!(app_prefs(&with("dark")).0, "dark");
        assert_eq!(app_prefs(&with("blue")).0, "system");
        assert_eq!(app_prefs(&valet_core::Settings::default()).0, "system");
    }
}
