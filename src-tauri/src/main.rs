//! Valet's desktop shell: opens the store through the `valet-service` facade and shows the web UI
//! (built into `ui/dist`) in one window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod cli;
mod commands;
mod error;
mod state;

use std::process::ExitCode;

use tauri::Manager;
use tracing_subscriber::EnvFilter;

use crate::cli::Args;
use crate::state::AppState;

fn main() -> ExitCode {
    init_tracing();
    let args = match Args::parse(std::env::args_os().skip(1)) {
        Ok(args) => args,
        Err(error) => {
            eprintln!("valet-app: {error}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if args.help {
        print_line(cli::USAGE);
        return ExitCode::SUCCESS;
    }
    if args.version {
        print_line(&format!("valet-app {}", env!("CARGO_PKG_VERSION")));
        return ExitCode::SUCCESS;
    }
    if !args.ignored.is_empty() {
        tracing::debug!(ignored = ?args.ignored, "ignoring unknown arguments");
    }

    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "the app stopped with an error");
            ExitCode::FAILURE
        }
    }
}

/// Builds and runs the Tauri app until its last window closes.
fn run(args: Args) -> tauri::Result<()> {
    tracing::info!(data_dir = ?args.data_dir, "starting Valet");
    tauri::Builder::default()
        .manage(AppState::new(args.data_dir))
        .invoke_handler(tauri::generate_handler![commands::list_todos])
        .setup(|app| {
            // Open the store while the webview loads, so the first `list_todos` is quick. A
            // failure is logged here and reported to the UI by the first command.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let _ = handle.state::<AppState>().valet().await;
            });
            Ok(())
        })
        .run(tauri::generate_context!())
}

/// Logs to stderr; the filter comes from `VALET_LOG` (then `RUST_LOG`), default `info`.
fn init_tracing() {
    let filter = std::env::var("VALET_LOG")
        .ok()
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `--help` and `--version` answer on stdout, like other command-line programs.
#[allow(clippy::print_stdout)]
fn print_line(text: &str) {
    println!("{text}");
}
