//! Logging for every Valet binary: `tracing` to stderr, and for the long-running ones (the app,
//! `valet mcp`) also to a size-capped rolling file in the platform's state/log directory.
//!
//! - Filter: `VALET_LOG`, else `RUST_LOG` (the `tracing_subscriber::EnvFilter` syntax, e.g.
//!   `valet_store=debug,info`), else the caller's default.
//! - Files: `<log dir>/<name>.log`, cut at [`MAX_FILE_BYTES`] and kept as `<name>.log.1` ..
//!   `<name>.log.<KEEP>` (oldest dropped). Log dir: `VALET_LOG_DIR`, else the platform state dir
//!   (`~/.local/state/valet/logs` on Linux), else the local data dir's `logs/`.
//! - Content: ids, counts and paths only. Secrets are held in `Secret` (redacted when
//!   formatted) and record text is never logged; `tests/sync.rs` checks a run with credentials.

use std::path::PathBuf;
use std::sync::Mutex;

use file_rotate::compression::Compression;
use file_rotate::suffix::AppendCount;
use file_rotate::{ContentLimit, FileRotate};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// A log file is cut once it passes this size.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Cut files kept besides the current one.
pub const KEEP: usize = 4;

/// Where the rolling log files go.
pub fn log_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("VALET_LOG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    let dirs = directories::ProjectDirs::from("", "", "valet")?;
    Some(match dirs.state_dir() {
        Some(s) => s.join("logs"),
        None => dirs.data_local_dir().join("logs"),
    })
}

/// `VALET_LOG`, else `RUST_LOG`, else `default`; an unreadable spec falls back to `default`.
/// rmcp logs whole requests and responses (record text) at debug, so it stays at `info` unless
/// the spec names `rmcp` itself; reqsign is always at `warn` (see [`quiet_content`]).
pub fn filter(default: &str) -> EnvFilter {
    let spec = ["VALET_LOG", "RUST_LOG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|s| !s.trim().is_empty())
        .filter(|spec| EnvFilter::try_new(spec).is_ok())
        .unwrap_or_else(|| default.to_owned());
    EnvFilter::new(quiet_content(&spec))
}

/// reqsign (OpenDAL's request signer) logs the S3 credentials, secret included, at debug: it is
/// always held at `warn`, whatever the spec says.
fn quiet_content(spec: &str) -> String {
    let mut parts: Vec<&str> = spec
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.starts_with("reqsign"))
        .collect();
    if !spec.contains("rmcp") {
        parts.push("rmcp=info");
    }
    // The updater plugin logs an unreachable feed (any offline start) at ERROR; the app logs
    // the outcome of every check itself, in words, at the level it deserves.
    if !spec.contains("tauri_plugin_updater") {
        parts.push("tauri_plugin_updater=off");
    }
    parts.push("reqsign=warn");
    parts.join(",")
}

/// A rolling file `<log dir>/<name>.log`, or `None` when the directory cannot be created.
pub fn rolling_file(name: &str) -> Option<(PathBuf, FileRotate<AppendCount>)> {
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(format!("{name}.log"));
    let f = FileRotate::new(
        &path,
        AppendCount::new(KEEP),
        ContentLimit::BytesSurpassed(MAX_FILE_BYTES),
        Compression::None,
        None,
    );
    Some((path, f))
}

/// Installs the process's subscriber: stderr (colors only on a terminal), plus the rolling file
/// `file` when given. Returns the file's path when one is written. Does nothing if a subscriber
/// is already installed.
pub fn init(default: &str, file: Option<&str>) -> Option<PathBuf> {
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_filter(filter(default));
    let rolling = file.and_then(rolling_file);
    let path = rolling.as_ref().map(|(p, _)| p.clone());
    let file_layer = rolling.map(|(_, f)| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(Mutex::new(f))
            .with_filter(filter(default))
    });
    tracing_subscriber::registry()
        .with(stderr)
        .with(file_layer)
        .try_init()
        .ok()
        .and(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn rmcp_stays_at_info_unless_asked_for() {
        assert_eq!(
            quiet_content("debug"),
            "debug,rmcp=info,tauri_plugin_updater=off,reqsign=warn"
        );
        assert_eq!(
            quiet_content("rmcp=trace"),
            "rmcp=trace,tauri_plugin_updater=off,reqsign=warn"
        );
        assert_eq!(
            quiet_content("reqsign_core=trace,info"),
            "info,rmcp=info,tauri_plugin_updater=off,reqsign=warn"
        );
        // An offline start logs no ERROR from the updater plugin unless it is asked for.
        assert_eq!(
            quiet_content("tauri_plugin_updater=debug"),
            "tauri_plugin_updater=debug,rmcp=info,reqsign=warn"
        );
    }

    #[test]
    fn files_are_cut_at_the_cap_and_only_a_few_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.log");
        let mut f = FileRotate::new(
            &path,
            AppendCount::new(2),
            ContentLimit::BytesSurpassed(100),
            Compression::None,
            None,
        );
        for _ in 0..50 {
            f.write_all(&[b'x'; 60]).unwrap();
        }
        f.flush().unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["t.log", "t.log.1", "t.log.2"]);
        for n in &names {
            assert!(std::fs::metadata(dir.path().join(n)).unwrap().len() <= 160);
        }
    }
}
