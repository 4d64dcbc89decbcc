//! The app's MCP endpoint (Settings → AI clients): Streamable HTTP on 127.0.0.1 over the app's
//! own facade (so its clients share the live store with the window), off by default; its
//! bearer token lives in the OS keychain. The server and its checks are `valet_mcp::http`.

use serde::Serialize;
use serde_json::{json, Value};
use tauri::State;
use tokio::sync::Mutex;
use valet_mcp::http::{start_http, HttpEndpoint};

use crate::error::CommandError;
use crate::state::AppState;

/// The port when none is set.
pub const DEFAULT_PORT: u16 = 7077;

/// The running endpoint, if any, and the token it was started with.
#[derive(Default)]
pub struct McpHttp(Mutex<Running>);

#[derive(Default)]
struct Running {
    endpoint: Option<HttpEndpoint>,
    token: Option<String>,
    /// False when the keychain could not keep the token (it lasts until the app quits).
    remembered: bool,
    error: Option<String>,
}

/// What Settings shows about the endpoint.
#[derive(ts_rs::TS, Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct McpHttpStatus {
    pub enabled: bool,
    pub port: u16,
    pub running: bool,
    pub url: Option<String>,
    /// The bearer token clients present (shown so it can be copied into a client's config).
    pub token: Option<String>,
    /// Whether the keychain keeps the token across restarts.
    pub token_remembered: bool,
    /// Why the endpoint is not running while it is on.
    pub error: Option<String>,
    /// Ready-made configs for the clients that speak HTTP.
    pub vscode: Option<String>,
    pub cursor: Option<String>,
}

/// `app.mcpHttp` and `app.mcpHttpPort` in settings.json.
fn prefs(settings: &valet_core::Settings) -> (bool, u16) {
    let app = settings.extra.get("app");
    let enabled = app
        .and_then(|a| a.get("mcpHttp"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let port = app
        .and_then(|a| a.get("mcpHttpPort"))
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok())
        .filter(|p| *p >= 1024)
        .unwrap_or(DEFAULT_PORT);
    (enabled, port)
}

/// 256 random bits, as 64 hex characters.
fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

async fn keychain<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| format!("keychain: {e}"))?
}

impl Running {
    /// The token: the one in use, else the keychain's, else a new one (kept in the keychain
    /// when there is one).
    async fn token(&mut self, fresh: bool) -> String {
        if !fresh {
            if let Some(t) = &self.token {
                return t.clone();
            }
            if let Ok(Some(t)) = keychain(crate::keychain::mcp_token).await {
                self.token = Some(t.clone());
                self.remembered = true;
                return t;
            }
        }
        let t = new_token();
        let kept = t.clone();
        self.remembered = match keychain(move || crate::keychain::store_mcp_token(&kept)).await {
            Ok(()) => true,
            Err(error) => {
                tracing::warn!(%error, "the MCP token is not remembered");
                false
            }
        };
        self.token = Some(t.clone());
        t
    }

    async fn stop(&mut self) {
        if let Some(e) = self.endpoint.take() {
            e.stop().await;
        }
    }

    fn status(&self, enabled: bool, port: u16) -> McpHttpStatus {
        let url = self.endpoint.as_ref().map(HttpEndpoint::url);
        let config = |client: &str| match (&url, &self.token) {
            (Some(u), Some(t)) => valet_mcp::clients::http_config(client, u, t)
                .and_then(|v| serde_json::to_string_pretty(&v).ok()),
            _ => None,
        };
        McpHttpStatus {
            enabled,
            port,
            running: self.endpoint.is_some(),
            vscode: config("vscode"),
            cursor: config("cursor"),
            url,
            token: self.token.clone(),
            token_remembered: self.remembered,
            error: self.error.clone(),
        }
    }
}

/// Brings the endpoint in line with the settings (start, stop, or restart on another port
/// or token); called at start and after every change.
pub async fn apply(
    state: &AppState,
    http: &McpHttp,
    fresh_token: bool,
) -> Result<McpHttpStatus, CommandError> {
    let valet = state.valet().await?;
    let (enabled, port) = prefs(&valet.settings().await);
    let mut r = http.0.lock().await;
    let same_port = r.endpoint.as_ref().map(|e| e.addr().port()) == Some(port);
    if !enabled || !same_port || fresh_token {
        r.stop().await;
    }
    r.error = None;
    if enabled && r.endpoint.is_none() {
        let token = r.token(fresh_token).await;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        match start_http(valet.clone(), addr, token).await {
            Ok(e) => r.endpoint = Some(e),
            Err(error) => {
                tracing::warn!(%error, "the MCP endpoint did not start");
                r.error = Some(error.to_string());
            }
        }
    } else if fresh_token {
        r.token(true).await;
    }
    Ok(r.status(enabled, port))
}

/// The endpoint's state.
#[tauri::command]
pub async fn mcp_http_status(
    state: State<'_, AppState>,
    http: State<'_, McpHttp>,
) -> Result<McpHttpStatus, CommandError> {
    let valet = state.valet().await?;
    let (enabled, port) = prefs(&valet.settings().await);
    Ok(http.0.lock().await.status(enabled, port))
}

/// Turns the endpoint on or off, on `port` (1024 to 65535).
#[tauri::command]
pub async fn set_mcp_http(
    state: State<'_, AppState>,
    http: State<'_, McpHttp>,
    enabled: bool,
    port: u16,
) -> Result<McpHttpStatus, CommandError> {
    if port < 1024 {
        return Err(CommandError::new(
            "invalid",
            format!("port: must be 1024 to 65535; got {port}"),
        ));
    }
    let valet = state.valet().await?;
    valet
        .update_settings(|s| {
            crate::commands::settings::edit_app_section(s, |app| {
                app.insert("mcpHttp".into(), json!(enabled));
                app.insert("mcpHttpPort".into(), json!(port));
            });
        })
        .await?;
    apply(&state, &http, false).await
}

/// Makes a new token (clients with the old one get 401 from now on).
#[tauri::command]
pub async fn new_mcp_token(
    state: State<'_, AppState>,
    http: State<'_, McpHttp>,
) -> Result<McpHttpStatus, CommandError> {
    apply(&state, &http, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_on_port_7077_unless_settings_say_otherwise() {
        let mut s = valet_core::Settings::default();
        assert_eq!(prefs(&s), (false, DEFAULT_PORT));
        s.extra
            .insert("app".into(), json!({"mcpHttp": true, "mcpHttpPort": 8123}));
        assert_eq!(prefs(&s), (true, 8123));
        s.extra
            .insert("app".into(), json!({"mcpHttp": true, "mcpHttpPort": 80}));
        assert_eq!(prefs(&s).1, DEFAULT_PORT, "a privileged port is not used");
    }

    #[test]
    fn a_token_is_long_and_new_each_time() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
