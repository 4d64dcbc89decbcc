//! Signed updates (tauri-plugin-updater): the channel and feed from settings, "check for
//! updates", a quiet check at start that only lights a badge, and download (the signature is
//! verified against the public key in `tauri.conf.json`) kept apart from install, so the person
//! decides when the app restarts.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tauri::{AppHandle, Emitter, Manager, Runtime, State, Url};
use tauri_plugin_updater::{Update, UpdaterExt};
use tokio::sync::Mutex;

use crate::error::CommandError;
use crate::state::AppState;

/// The event the Settings badge listens to (payload: [`UpdateView`]).
pub const UPDATE: &str = "valet://update";
/// Where releases are published; `{channel}` is `stable` or `beta`.
const FEED: &str = "https://releases.valet.dev/{channel}/latest.json";

/// The update preferences kept under `app` in settings.json.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatePrefs {
    /// `stable` or `beta`.
    pub channel: String,
    /// A feed URL of one's own (self-hosted releases); empty means the channel's.
    pub feed: String,
    /// Look for an update quietly when the app starts.
    pub check_at_start: bool,
}

impl UpdatePrefs {
    /// Reads them from settings (defaults: stable, Valet's feed, check at start).
    pub fn from_settings(settings: &valet_core::Settings) -> Self {
        let app = settings.extra.get("app");
        let get = |k: &str| app.and_then(|a| a.get(k));
        Self {
            channel: get("updateChannel")
                .and_then(Value::as_str)
                .unwrap_or("stable")
                .to_owned(),
            feed: get("updateFeed")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            check_at_start: get("checkUpdatesAtStart")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        }
    }

    /// Checks each field, naming it and the rule.
    pub fn check(&self) -> Result<(), CommandError> {
        if !["stable", "beta"].contains(&self.channel.as_str()) {
            return Err(CommandError::new(
                "invalid",
                format!(
                    "updateChannel: must be one of stable, beta; got {:?}",
                    self.channel
                ),
            ));
        }
        if !self.feed.trim().is_empty() {
            self.endpoint()?;
        }
        Ok(())
    }

    /// The feed to ask: the person's own, else the channel's.
    pub fn endpoint(&self) -> Result<Url, CommandError> {
        let feed = self.feed.trim();
        let text = if feed.is_empty() {
            FEED.replace("{channel}", &self.channel)
        } else {
            feed.to_owned()
        };
        let url = Url::parse(&text).map_err(|e| {
            CommandError::new(
                "invalid",
                format!("updateFeed: must be a URL such as https://example.com/latest.json; {e}"),
            )
        })?;
        let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
            return Err(CommandError::new(
                "invalid",
                format!("updateFeed: must use https (http only for this computer, 127.0.0.1); got {text:?}"),
            ));
        }
        Ok(url)
    }
}

/// What Settings shows about updates.
#[derive(ts_rs::TS, Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateView {
    pub current: String,
    /// The newer version offered, if any.
    pub available: Option<String>,
    pub notes: Option<String>,
    pub date: Option<String>,
    /// The package was downloaded and its signature verified: ready to install.
    pub downloaded: bool,
    pub feed: String,
}

/// The update found by the last check, and its verified bytes once downloaded.
#[derive(Default)]
pub struct Pending(Mutex<Option<(Update, Option<Vec<u8>>)>>);

/// The updater's errors in plain words (the plugin's are written for developers).
fn plain(error: tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    let message = match &error {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => format!(
            "The update was refused: its signature does not match Valet's signing key, so it \
             may have been changed or signed by someone else. Nothing was installed. ({error})"
        ),
        E::SignedVersionMismatch { .. } | E::MissingSignedVersion => format!(
            "The update was refused: its signature is not for the version the feed announced, \
             so the feed may have been changed to push another release. Nothing was installed. \
             ({error})"
        ),
        E::Reqwest(_) | E::Network(_) => format!(
            "Could not reach the update server; check the connection and try again. ({error})"
        ),
        E::ReleaseNotFound => {
            "The update server answered, but not with a Valet release feed.".into()
        }
        E::TargetNotFound(_) | E::TargetsNotFound(_) => {
            format!("The update feed has no package for this computer. ({error})")
        }
        _ => format!("The update could not be checked or installed: {error}"),
    };
    CommandError::new("update", message)
}

/// An updater for the configured feed. Debug builds accept `VALET_UPDATE_PUBKEY` so tests can
/// sign with a key made at test time; release builds trust only the key in tauri.conf.json.
fn updater<R: Runtime>(
    app: &AppHandle<R>,
    prefs: &UpdatePrefs,
) -> Result<tauri_plugin_updater::Updater, CommandError> {
    let builder = app
        .updater_builder()
        .endpoints(vec![prefs.endpoint()?])
        .map_err(plain)?
        .timeout(std::time::Duration::from_secs(60));
    #[cfg(debug_assertions)]
    let builder = match std::env::var("VALET_UPDATE_PUBKEY")
        .ok()
        .filter(|k| !k.is_empty())
    {
        Some(key) => builder.pubkey(key),
        None => builder,
    };
    builder.build().map_err(plain)
}

async fn prefs(state: &AppState) -> Result<UpdatePrefs, CommandError> {
    Ok(UpdatePrefs::from_settings(
        &state.valet().await?.settings().await,
    ))
}

fn current<R: Runtime>(app: &AppHandle<R>) -> String {
    app.package_info().version.to_string()
}

/// Asks the feed whether a newer signed release exists (downloads nothing).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    prefs: &UpdatePrefs,
) -> Result<UpdateView, CommandError> {
    let feed = prefs.endpoint()?.to_string();
    let found = updater(app, prefs)?.check().await.map_err(plain)?;
    let mut view = UpdateView {
        current: current(app),
        feed,
        ..UpdateView::default()
    };
    if let Some(update) = &found {
        view.available = Some(update.version.clone());
        view.notes = update.body.clone();
        view.date = update.date.map(|d| d.to_string());
    }
    if let Some(pending) = app.try_state::<Pending>() {
        *pending.0.lock().await = found.map(|u| (u, None));
    }
    Ok(view)
}

/// The update the last check found (the quiet one at start, or the person's), if any: the
/// window asks on load, since the start check may finish before it listens.
#[tauri::command]
pub async fn update_status(
    app: AppHandle,
    pending: State<'_, Pending>,
    state: State<'_, AppState>,
) -> Result<Option<UpdateView>, CommandError> {
    let feed = prefs(&state).await?.endpoint()?.to_string();
    let slot = pending.0.lock().await;
    Ok(slot.as_ref().map(|(update, bytes)| UpdateView {
        current: current(&app),
        available: Some(update.version.clone()),
        notes: update.body.clone(),
        date: update.date.map(|d| d.to_string()),
        downloaded: bytes.is_some(),
        feed: feed.clone(),
    }))
}

/// "Check for updates".
#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<UpdateView, CommandError> {
    let prefs = prefs(&state).await?;
    check(&app, &prefs).await
}

/// Downloads the update found by the last check and verifies its signature; installs nothing.
#[tauri::command]
pub async fn download_update(
    app: AppHandle,
    pending: State<'_, Pending>,
    state: State<'_, AppState>,
) -> Result<UpdateView, CommandError> {
    let mut slot = pending.0.lock().await;
    let Some((update, bytes)) = slot.as_mut() else {
        return Err(CommandError::new(
            "not_found",
            "No update to download: check for updates first.",
        ));
    };
    let mut done = 0usize;
    let downloaded = update
        .download(
            |chunk, total| {
                done += chunk;
                let _ = app.emit(
                    crate::commands::transfer::PROGRESS,
                    json!({"operation": "update", "step": "downloading", "done": done, "total": total.unwrap_or(0)}),
                );
            },
            || {},
        )
        .await;
    let downloaded = match downloaded {
        Ok(b) => b,
        Err(error) => {
            tracing::warn!(%error, version = %update.version, "update refused or not downloaded");
            return Err(plain(error));
        }
    };
    tracing::info!(version = %update.version, bytes = downloaded.len(), "update downloaded and verified");
    *bytes = Some(downloaded);
    Ok(UpdateView {
        current: current(&app),
        available: Some(update.version.clone()),
        notes: update.body.clone(),
        date: update.date.map(|d| d.to_string()),
        downloaded: true,
        feed: prefs(&state).await?.endpoint()?.to_string(),
    })
}

/// Installs the downloaded, verified update and restarts the app.
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    pending: State<'_, Pending>,
) -> Result<(), CommandError> {
    let slot = pending.0.lock().await;
    let Some((update, Some(bytes))) = slot.as_ref() else {
        return Err(CommandError::new(
            "not_found",
            "No verified update is waiting: download it first.",
        ));
    };
    update.install(bytes).map_err(plain)?;
    tracing::info!(version = %update.version, "update installed; restarting");
    app.restart()
}

/// Saves the update preferences (channel, own feed, quiet check at start).
#[tauri::command]
pub async fn set_update_prefs(
    state: State<'_, AppState>,
    prefs: UpdatePrefs,
) -> Result<UpdatePrefs, CommandError> {
    prefs.check()?;
    let valet = state.valet().await?;
    let saved = prefs.clone();
    valet
        .update_settings(move |s| {
            let app = s.extra.entry("app").or_insert_with(|| json!({}));
            if !app.is_object() {
                *app = json!({});
            }
            if let Some(map) = app.as_object_mut() {
                map.insert("updateChannel".into(), json!(saved.channel));
                map.insert("updateFeed".into(), json!(saved.feed.trim()));
                map.insert("checkUpdatesAtStart".into(), json!(saved.check_at_start));
            }
        })
        .await?;
    Ok(prefs)
}

/// The update preferences Settings shows.
#[tauri::command]
pub async fn get_update_prefs(state: State<'_, AppState>) -> Result<UpdatePrefs, CommandError> {
    prefs(&state).await
}

/// At start, when allowed: one quiet check; a newer release lights the Settings badge, errors
/// only go to the log. Never a dialog.
pub async fn quiet_check(app: AppHandle) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let Ok(prefs) = prefs(&state).await else {
        return;
    };
    if !prefs.check_at_start {
        return;
    }
    match check(&app, &prefs).await {
        Ok(view) if view.available.is_some() => {
            tracing::info!(version = ?view.available, "an update is available");
            let _ = app.emit(UPDATE, &view);
        }
        Ok(_) => tracing::debug!("no update"),
        Err(error) => tracing::info!(%error, "update check at start failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn prefs(channel: &str, feed: &str) -> UpdatePrefs {
        UpdatePrefs {
            channel: channel.into(),
            feed: feed.into(),
            check_at_start: true,
        }
    }

    #[rstest]
    #[case("stable", "", Some("https://releases.valet.dev/stable/latest.json"))]
    #[case("beta", "", Some("https://releases.valet.dev/beta/latest.json"))]
    #[case(
        "stable",
        "https://example.com/v/latest.json",
        Some("https://example.com/v/latest.json")
    )]
    #[case(
        "stable",
        "http://127.0.0.1:8000/latest.json",
        Some("http://127.0.0.1:8000/latest.json")
    )]
    #[case("stable", "http://example.com/latest.json", None)]
    #[case("stable", "ftp://example.com/latest.json", None)]
    #[case("stable", "not a url", None)]
    #[case("nightly", "", None)]
    fn feed_rules(#[case] channel: &str, #[case] feed: &str, #[case] want: Option<&str>) {
        let p = prefs(channel, feed);
        let got = p.check().and_then(|_| p.endpoint()).map(|u| u.to_string());
        match want {
            Some(url) => assert_eq!(got.ok().as_deref(), Some(url)),
            None => {
                let e = got.err().map(|e| e.message).unwrap_or_default();
                assert!(
                    e.starts_with("updateChannel:") || e.starts_with("updateFeed:"),
                    "{e}"
                );
            }
        }
    }

    #[test]
    fn defaults_when_settings_say_nothing() {
        let p = UpdatePrefs::from_settings(&valet_core::Settings::default());
        assert_eq!(p, prefs("stable", ""));
    }
}
