//! The terminal around the commands: colour (`--color`, `NO_COLOR`), shell completions
//! (clap_complete) and man pages (clap_mangen), generated from the same clap definition; the
//! MCP client configuration to paste; the frozen clock the documented examples run on.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use valet_core::ValidationError;
use valet_service::ServiceError;

use crate::{projects, Command, DayCmd, TodoCmd};

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

// Set once at start-up, read by every line printer (a flag, not state that changes).
static COLOR: AtomicBool = AtomicBool::new(false);

/// Decides colour once: `always`/`never` as said; `auto` on a terminal unless `NO_COLOR` is set
/// (https://no-color.org: any non-empty value).
pub fn set_color(when: ColorWhen) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => !no_color && std::io::stdout().is_terminal(),
    };
    COLOR.store(on, Ordering::Relaxed);
}

/// The styles the CLI uses, as SGR codes.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// Overdue: red.
    Alert,
    /// High priority: bold yellow.
    Strong,
    /// Ids, counts, done items: dim.
    Dim,
}

/// `text` in `style` when colour is on, else as it is.
pub fn paint(text: &str, style: Style) -> String {
    if text.is_empty() || !COLOR.load(Ordering::Relaxed) {
        return text.to_owned();
    }
    let code = match style {
        Style::Alert => "31",
        Style::Strong => "1;33",
        Style::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, mut cmd: clap::Command) -> ExitCode {
    // Into memory first: the generator panics when its writer fails (`| head`).
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "valet", &mut buf);
    let mut out = std::io::stdout().lock();
    finish(out.write_all(&buf).and_then(|()| out.flush()))
}

/// Prints the main man page, or writes `valet.1`, `valet-todo.1`, ... into `dir`.
pub fn man(cmd: clap::Command, dir: Option<&Path>) -> ExitCode {
    let r = match dir {
        Some(d) => std::fs::create_dir_all(d).and_then(|()| clap_mangen::generate_to(cmd, d)),
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .and_then(|()| out.flush())
        }
    };
    finish(r)
}

fn finish(r: std::io::Result<()>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that went away (`valet man | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not write: {e}");
            ExitCode::from(1)
        }
    }
}

/// `VALET_TEST_NOW` (RFC 3339) sets the clock, so the documented examples (docs/cli, run as
/// tests) read the same every run. Each command on a data dir runs one second after the one
/// before (a counter in `.test-clock` there), so what was added first still sorts first.
pub fn frozen_clock(data_dir: &Path) -> Result<Option<valet_service::Clock>, ValidationError> {
    let Ok(at) = std::env::var("VALET_TEST_NOW") else {
        return Ok(None);
    };
    let at = chrono::DateTime::parse_from_rfc3339(&at)
        .map_err(|e| ValidationError::new("VALET_TEST_NOW", format!("must be RFC 3339: {e}")))?
        .with_timezone(&chrono::Utc);
    let counter = data_dir.join(".test-clock");
    let n: i64 = std::fs::read_to_string(&counter)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    if data_dir.is_dir() {
        let _ = std::fs::write(&counter, (n + 1).to_string());
    }
    let at = at + chrono::Duration::seconds(n);
    Ok(Some(std::sync::Arc::new(move || at)))
}

pub fn print_mcp_config(
    client: &str,
    data_dir: Option<&std::path::Path>,
) -> Result<(), ServiceError> {
    let exe = std::env::current_exe()
        .map_err(|e| ServiceError::Internal(format!("cannot find this binary's path: {e}")))?;
    let data_dir = data_dir
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| ServiceError::Io {
            path: "--data-dir".into(),
            source: e,
        })?;
    let cfg = valet_mcp::clients::config(client, &exe, data_dir.as_deref()).ok_or_else(|| {
        ValidationError::new(
            "--print-config",
            format!(
                "must be one of {}; got {client:?}",
                valet_mcp::clients::CLIENTS.join(", ")
            ),
        )
    })?;
    println!("{}", serde_json::to_string_pretty(&cfg).unwrap_or_default());
    Ok(())
}

/// The terminal's width in columns when standard output is one (`COLUMNS` wins, as in other
/// tools); `None` in a pipe, where lines are never cut.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(n);
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// Logs go to stderr (stdout is the MCP protocol for `valet mcp`, and output for the rest).
/// The MCP server also writes the rolling file `mcp.log` in the platform log dir
/// (`valet_service::logging`), since AI clients often hide a server's stderr.
pub fn init_logging(is_mcp: bool, quiet: bool, verbose: u8) {
    if is_mcp {
        valet_service::logging::init("info", Some("mcp"));
    } else {
        let level = match (quiet, verbose) {
            (true, _) => "error",
            (false, 0) => "warn",
            (false, 1) => "info",
            _ => "debug",
        };
        valet_service::logging::init(level, None);
    }
}

/// `valet mcp --http ADDR`: serves MCP over Streamable HTTP until Ctrl+C (or SIGTERM).
pub async fn serve_http(valet: &valet_service::Valet, addr: &str) -> Result<(), ServiceError> {
    let bad = |field: &str, rule: String| ServiceError::from(ValidationError::new(field, rule));
    let addr: std::net::SocketAddr = addr.parse().map_err(|_| {
        bad(
            "--http",
            format!("must be an address such as 127.0.0.1:7077; got {addr:?}"),
        )
    })?;
    let token = std::env::var("VALET_MCP_TOKEN").map_err(|_| {
        bad(
            "VALET_MCP_TOKEN",
            "must hold the bearer token clients present (32+ characters)".into(),
        )
    })?;
    let endpoint = valet_mcp::http::start_http(valet.clone(), addr, token)
        .await
        .map_err(|e| match e {
            valet_mcp::http::HttpError::WeakToken => bad(
                "VALET_MCP_TOKEN",
                format!("must be at least {} characters", valet_mcp::http::MIN_TOKEN),
            ),
            other => bad("--http", other.to_string()),
        })?;
    eprintln!("MCP over HTTP: {}", endpoint.url());
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| ServiceError::Internal(format!("signal handler: {e}")))?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    endpoint.stop().await;
    Ok(())
}

/// Commands that only read: on a data folder that does not exist they say so instead of
/// creating an empty store.
pub fn only_reads(c: &Command) -> bool {
    match c {
        Command::Todo(t) => matches!(**t, TodoCmd::List(_) | TodoCmd::Show { .. }),
        Command::Day(d) => matches!(d, DayCmd::Show { .. } | DayCmd::List { .. }),
        Command::Project { cmd } => matches!(
            cmd,
            None | Some(projects::ProjectCmd::List { .. } | projects::ProjectCmd::Show { .. })
        ),
        Command::Config(a) => a.only_reads(),
        Command::Review(a) => a.only_reads(),
        Command::Search(_)
        | Command::Upcoming { .. }
        | Command::Status
        | Command::Insights(_)
        | Command::Audit { .. }
        | Command::Export(_)
        | Command::Tags { cmd: None } => true,
        _ => false,
    }
}
