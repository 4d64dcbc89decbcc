//! The JSON each AI client needs to launch `valet mcp` (for this machine's binary path) or to
//! reach the app's HTTP endpoint, and the connected client's name on every change it makes.

use std::path::Path;

use serde_json::{json, Value};

/// The clients `valet mcp --print-config` knows.
pub const CLIENTS: [&str; 3] = ["claude-desktop", "cursor", "vscode"];

/// The config snippet for `client`, or `None` for an unknown client.
pub fn config(client: &str, binary: &Path, data_dir: Option<&Path>) -> Option<Value> {
    let mut args = Vec::new();
    if let Some(d) = data_dir {
        args.push("--data-dir".to_owned());
        args.push(d.display().to_string());
    }
    args.push("mcp".to_owned());
    let command = binary.display().to_string();
    match client {
        // Claude Desktop (claude_desktop_config.json) and Cursor (~/.cursor/mcp.json) share a shape.
        "claude-desktop" | "claude" | "cursor" => Some(json!({
            "mcpServers": { "valet": { "command": command, "args": args } }
        })),
        // VS Code (.vscode/mcp.json or the user settings' "mcp" section).
        "vscode" | "vs-code" | "code" => Some(json!({
            "servers": { "valet": { "type": "stdio", "command": command, "args": args } }
        })),
        _ => None,
    }
}

/// The clients that connect to the app's HTTP endpoint.
pub const HTTP_CLIENTS: [&str; 2] = ["vscode", "cursor"];

/// The config snippet for `client` to reach the HTTP endpoint at `url` with `token`, or `None`
/// for a client that only launches servers (Claude Desktop: the stdio sidecar).
pub fn http_config(client: &str, url: &str, token: &str) -> Option<Value> {
    let headers = json!({ "Authorization": format!("Bearer {token}") });
    match client {
        // VS Code (.vscode/mcp.json or the user settings' "mcp" section).
        "vscode" | "vs-code" | "code" => Some(json!({
            "servers": { "valet": { "type": "http", "url": url, "headers": headers } }
        })),
        // Cursor (~/.cursor/mcp.json).
        "cursor" => Some(json!({
            "mcpServers": { "valet": { "url": url, "headers": headers } }
        })),
        _ => None,
    }
}

impl crate::server::ValetMcp {
    /// The facade acting as the connected client, so the audit trail says who changed what.
    pub(crate) fn as_client(
        &self,
        ctx: &rmcp::service::RequestContext<rmcp::RoleServer>,
    ) -> valet_service::Valet {
        let name = ctx
            .peer
            .peer_info()
            .map(|i| i.client_info.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "unknown".into());
        self.valet.with_actor(valet_service::Actor::Mcp(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_clients_get_the_url_and_the_bearer_header() {
        let v = http_config("vscode", "http://127.0.0.1:7077/mcp", "tok").unwrap();
        assert_eq!(v["servers"]["valet"]["type"], "http");
        assert_eq!(
            v["servers"]["valet"]["headers"]["Authorization"],
            "Bearer tok"
        );
        let c = http_config("cursor", "http://127.0.0.1:7077/mcp", "tok").unwrap();
        assert_eq!(c["mcpServers"]["valet"]["url"], "http://127.0.0.1:7077/mcp");
        assert!(http_config("claude-desktop", "u", "t").is_none());
    }

    #[test]
    fn claude_and_vscode_shapes() {
        let c = config("claude-desktop", Path::new("/usr/bin/valet"), None).unwrap();
        assert_eq!(c["mcpServers"]["valet"]["command"], "/usr/bin/valet");
        assert_eq!(c["mcpServers"]["valet"]["args"], json!(["mcp"]));
        let v = config(
            "vscode",
            Path::new("/usr/bin/valet"),
            Some(Path::new("/data")),
        )
        .unwrap();
        assert_eq!(
            v["servers"]["valet"]["args"],
            json!(["--data-dir", "/data", "mcp"])
        );
        assert!(config("emacs", Path::new("/x"), None).is_none());
    }
}
