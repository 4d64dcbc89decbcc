//! Logs after a run that used credentials: `valet sync` and `valet mcp` against the local S3
//! server with a recognisable secret key and `VALET_LOG=debug`; neither the secret nor record
//! text may appear in any log file (`VALET_LOG_DIR`) or on stderr.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use valet_tests::DataDir;

fn endpoint() -> Option<String> {
    let e = std::env::var("VALET_TEST_S3_ENDPOINT")
        .ok()
        .filter(|s| !s.is_empty());
    if e.is_none() && std::env::var("VALET_TEST_S3_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("VALET_TEST_S3_REQUIRED=1 but VALET_TEST_S3_ENDPOINT is not set");
    }
    e
}

const SECRET: &str = "SeCrEt-4f1c9b7e-never-log-me";
const TEXT: &str = "Private words about the dentist";

fn valet(d: &DataDir, logs: &std::path::Path) -> Command {
    let mut c = d.cmd();
    c.env("VALET_LOG", "debug")
        .env("VALET_LOG_DIR", logs)
        .env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
        .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", SECRET);
    c
}

#[test]
fn no_secret_and_no_record_text_in_any_log_after_a_run_with_credentials() {
    let Some(ep) = endpoint() else {
        eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
        return;
    };
    let d = DataDir::new("UTC");
    let bucket = std::env::var("VALET_TEST_S3_BUCKET").unwrap_or_else(|_| "valet-test".into());
    let settings = serde_json::json!({
        "user": {"timezone": "UTC"},
        "storage": {"provider": "cloudflare-r2", "cloudflare": {
            "endpoint": ep, "bucketName": bucket,
            "keyPrefix": format!("logs-e2e/{}", std::process::id()),
            "region": "us-east-1", "enableSync": true}}
    });
    std::fs::write(d.path().join("settings.json"), settings.to_string()).unwrap();
    let logs = tempfile::tempdir().unwrap();
    let mut stderr = String::new();

    for args in [vec!["todo", "add", TEXT], vec!["sync"]] {
        let out = valet(&d, logs.path()).args(&args).output().unwrap();
        stderr.push_str(&String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "valet {args:?}: {stderr}");
    }

    // The MCP server (the app's sidecar) writes its rolling file; one change through it.
    let mut mcp = valet(&d, logs.path())
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = mcp.stdin.take().unwrap();
    for msg in [
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "logs-test", "version": "1"}}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "add_todos", "arguments": {"todos": [{"content": format!("{TEXT} again")}]}}}),
    ] {
        writeln!(stdin, "{msg}").unwrap();
    }
    stdin.flush().unwrap();
    let mut lines = BufReader::new(mcp.stdout.take().unwrap()).lines();
    let answered = lines.any(|l| l.is_ok_and(|l| l.contains(r#""id":2"#)));
    drop(stdin);
    let out = mcp.wait_with_output().unwrap();
    stderr.push_str(&String::from_utf8_lossy(&out.stderr));
    assert!(answered, "no answer to tools/call: {stderr}");

    let mut files = Vec::new();
    for e in std::fs::read_dir(logs.path()).unwrap() {
        let e = e.unwrap();
        files.push((
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read_to_string(e.path()).unwrap(),
        ));
    }
    let mcp_log = files.iter().find(|(n, _)| n == "mcp.log");
    assert!(
        mcp_log.is_some_and(|(_, t)| !t.is_empty()),
        "valet mcp wrote no mcp.log in VALET_LOG_DIR: {files:?}"
    );
    files.push(("stderr".into(), stderr));
    for (name, text) in &files {
        for (what, needle) in [("the secret key", SECRET), ("record text", TEXT)] {
            let hits: Vec<&str> = text.lines().filter(|l| l.contains(needle)).collect();
            assert!(hits.is_empty(), "{what} is in {name}: {hits:#?}");
        }
    }
}
