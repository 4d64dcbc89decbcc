//! "Add to Claude Desktop": shows the change to Claude Desktop's `claude_desktop_config.json`
//! (the `valet` entry under `mcpServers`, from `valet_mcp::clients::config`), and makes it only
//! after the person confirmed, keeping every other server and setting as it was.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// The change "Add to Claude Desktop" makes (or made).
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaudeChange {
    /// The config file.
    pub path: String,
    /// Its text now (`None`: the file does not exist yet).
    pub before: Option<String>,
    /// Its text with Valet added.
    pub after: String,
    /// False when the file already holds exactly this entry.
    pub changed: bool,
    /// The other MCP servers in the file, kept as they are.
    pub kept_servers: Vec<String>,
    /// True when a `valet` entry was there and is replaced.
    pub replaces: bool,
}

/// Where Claude Desktop keeps its config: `VALET_CLAUDE_CONFIG` when set (tests), else the
/// platform's place (macOS `~/Library/Application Support/Claude`, Windows `%APPDATA%\Claude`,
/// elsewhere `$XDG_CONFIG_HOME/Claude` or `~/.config/Claude`).
pub fn config_path() -> Result<PathBuf, CommandError> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = env("VALET_CLAUDE_CONFIG") {
        return Ok(p);
    }
    let dir = if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else if cfg!(windows) {
        env("APPDATA")
    } else {
        env("XDG_CONFIG_HOME").or_else(|| env("HOME").map(|h| h.join(".config")))
    };
    dir.map(|d| d.join("Claude").join("claude_desktop_config.json"))
        .ok_or_else(|| {
            CommandError::new(
                "config",
                "Could not find your home folder, so not Claude Desktop's config either.",
            )
        })
}

/// `before` with `snippet`'s `mcpServers.valet` set; everything else kept, in order.
pub fn merge(before: Option<&str>, snippet: &Value) -> Result<ClaudeChange, CommandError> {
    let invalid = |why: &str| {
        CommandError::new(
            "invalid",
            format!("claude_desktop_config.json {why}; fix or move the file first (nothing was changed)."),
        )
    };
    let mut root: Map<String, Value> = match before.map(str::trim) {
        None | Some("") => Map::new(),
        Some(text) => match serde_json::from_str(text) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err(invalid("is not a JSON object")),
            Err(e) => return Err(invalid(&format!("is not valid JSON ({e})"))),
        },
    };
    let entry = snippet
        .pointer("/mcpServers/valet")
        .cloned()
        .ok_or_else(|| {
            CommandError::new(
                "invalid",
                "the Claude Desktop snippet has no mcpServers.valet",
            )
        })?;
    let servers = root
        .entry("mcpServers")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(servers) = servers else {
        return Err(invalid("has an \"mcpServers\" that is not an object"));
    };
    let previous = servers.insert("valet".to_owned(), entry.clone());
    let kept_servers = servers.keys().filter(|k| *k != "valet").cloned().collect();
    let mut after = serde_json::to_string_pretty(&Value::Object(root))
        .map_err(|e| CommandError::new("invalid", e.to_string()))?;
    after.push('\n');
    Ok(ClaudeChange {
        changed: previous.as_ref() != Some(&entry),
        replaces: previous.is_some(),
        kept_servers,
        before: before.map(str::to_owned),
        after,
        path: String::new(),
    })
}

fn read(path: &Path) -> Result<Option<String>, CommandError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CommandError::new(
            "storage",
            format!("Could not read {}: {e}", path.display()),
        )),
    }
}

async fn change(state: &AppState) -> Result<(PathBuf, ClaudeChange), CommandError> {
    let valet = state.valet().await?;
    let snippet = valet_mcp::clients::config(
        "claude-desktop",
        &crate::commands::settings::valet_binary(),
        Some(valet.data_dir()),
    )
    .ok_or_else(|| CommandError::new("invalid", "no Claude Desktop config"))?;
    let path = config_path()?;
    let before = read(&path)?;
    let mut change = merge(before.as_deref(), &snippet)?;
    change.path = path.display().to_string();
    Ok((path, change))
}

/// What "Add to Claude Desktop" would change; writes nothing.
#[tauri::command]
pub async fn claude_desktop_preview(
    state: State<'_, AppState>,
) -> Result<ClaudeChange, CommandError> {
    Ok(change(&state).await?.1)
}

/// Makes the change the person saw. `before` is the file's text that preview showed: if the file
/// changed since, nothing is written and the error asks to look again (code `changed`). The old
/// file is kept beside it as `claude_desktop_config.json.valet-backup`.
#[tauri::command]
pub async fn add_to_claude_desktop(
    state: State<'_, AppState>,
    before: Option<String>,
) -> Result<ClaudeChange, CommandError> {
    let (path, change) = change(&state).await?;
    if change.before != before {
        return Err(CommandError::new(
            "changed",
            "claude_desktop_config.json changed since you looked at it; look at the new change and confirm again.",
        ));
    }
    if !change.changed {
        return Ok(change);
    }
    let io = |what: &str, e: std::io::Error| {
        CommandError::new(
            "storage",
            format!("Could not {what} {}: {e}", path.display()),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    }
    if let Some(old) = &change.before {
        let backup = path.with_extension("json.valet-backup");
        std::fs::write(&backup, old).map_err(|e| io("back up", e))?;
    }
    // Temp file + rename: Claude Desktop never reads a half-written config.
    let tmp = path.with_extension("json.valet-tmp");
    std::fs::write(&tmp, &change.after).map_err(|e| io("write", e))?;
    std::fs::rename(&tmp, &path).map_err(|e| io("replace", e))?;
    tracing::info!(path = %path.display(), "added Valet to Claude Desktop");
    Ok(ClaudeChange {
        before: Some(change.after.clone()),
        changed: false,
        ..change
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snippet() -> Value {
        json!({"mcpServers": {"valet": {"command": "/usr/bin/valet", "args": ["mcp"]}}})
    }

    fn ok(change: Result<ClaudeChange, CommandError>) -> ClaudeChange {
        match change {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn creates_the_file_when_there_is_none() {
        let c = ok(merge(None, &snippet()));
        assert!(c.changed && !c.replaces);
        let v: Value = serde_json::from_str(&c.after).unwrap_or_default();
        assert_eq!(v, snippet());
    }

    #[test]
    fn keeps_other_servers_and_settings_in_order() {
        let before = r#"{"globalShortcut": "Ctrl+Space", "mcpServers": {"files": {"command": "npx", "args": ["fs"]}, "valet": {"command": "old"}}}"#;
        let c = ok(merge(Some(before), &snippet()));
        assert!(c.changed && c.replaces);
        assert_eq!(c.kept_servers, vec!["files".to_owned()]);
        let v: Value = serde_json::from_str(&c.after).unwrap_or_default();
        assert_eq!(v["globalShortcut"], "Ctrl+Space");
        assert_eq!(v["mcpServers"]["files"]["args"], json!(["fs"]));
        assert_eq!(v["mcpServers"]["valet"]["command"], "/usr/bin/valet");
        let again = ok(merge(Some(&c.after), &snippet()));
        assert!(!again.changed);
        assert_eq!(again.after, c.after);
    }

    #[test]
    fn refuses_a_file_it_cannot_read() {
        for bad in ["{not json", "[1, 2]", r#"{"mcpServers": 3}"#] {
            let e = merge(Some(bad), &snippet()).err();
            assert_eq!(e.map(|e| e.code), Some("invalid".to_owned()), "{bad}");
        }
    }
}
