//! Valet's desktop shell: opens the store through the `valet-service` facade, shows the web UI
//! (built into `ui/dist`), keeps a tray icon with quick add, and forwards the store's change
//! feed to the windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod bindings;
mod cli;
mod commands;
mod error;
mod keychain;
mod live;
mod relaunch;
mod reminders;
mod render;
mod state;
mod tray;

use std::process::ExitCode;

use tauri::Manager;
use tauri_plugin_global_shortcut::ShortcutState;

use crate::cli::Args;
use crate::state::AppState;

/// When the process started: `ui_ready` reports the time to the first interactive view.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(std::time::Instant::now);
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
        Err(error) if relaunch::is_forward_failure(&error) => {
            let cause = relaunch::start_again();
            tracing::error!(%error, %cause, "the app could not start");
            ExitCode::FAILURE
        }
        Err(error) => {
            tracing::error!(%error, "the app stopped with an error");
            ExitCode::FAILURE
        }
    }
}

/// Builds and runs the Tauri app until it is asked to quit.
fn run(args: Args) -> tauri::Result<()> {
    tracing::info!(data_dir = ?args.data_dir, hidden = args.hidden, "starting Valet");
    let hidden = args.hidden;
    tauri::Builder::default()
        // First: a second launch only focuses the running app's window.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tracing::info!("second launch: focusing the running app");
            tray::show_main(app);
        }))
        .plugin(
            tauri_plugin_global_shortcut::Builder::new()
                .with_handler(|app, _shortcut, event| {
                    if event.state() == ShortcutState::Pressed {
                        tray::open_quick_add(app);
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_updater::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // Start at login runs the app in the tray (off until switched on in Settings).
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec!["--hidden"]),
        ))
        .manage(commands::reminders::KeepRunning::default())
        .manage(AppState::new(args.data_dir))
        .manage(commands::updates::Pending::default())
        .manage(commands::mcp_http::McpHttp::default())
        .invoke_handler(tauri::generate_handler![
            ui_ready,
            commands::todos::list_todos,
            commands::todos::add_todo,
            commands::todos::update_todo,
            commands::todos::update_many,
            commands::todos::remove_many,
            commands::todos::complete_todo,
            commands::todos::reopen_todo,
            commands::todos::add_note,
            commands::todos::remove_todo,
            commands::todos::restore_todo,
            commands::todos::todo_counts,
            commands::todos::categories,
            commands::todos::todo_history,
            commands::todos::tags,
            commands::projects::projects,
            commands::projects::add_project,
            commands::projects::update_project,
            commands::projects::remove_project,
            commands::todos::rename_tag,
            commands::todos::promote_step,
            commands::todos::undo,
            commands::todos::redo,
            commands::todos::undo_change,
            commands::days::get_day,
            commands::days::edit_day,
            commands::days::set_day_section,
            commands::days::reorder_tasks,
            commands::days::new_day_preview,
            commands::days::new_day,
            commands::days::list_days,
            commands::days::restore_day,
            commands::planner::today_view,
            commands::planner::set_today_item,
            commands::planner::reorder_today,
            commands::planner::plan_todo,
            commands::planner::add_today_task,
            commands::planner::remove_today_task,
            commands::planner::resolve_carried,
            commands::planner::schedule_todo,
            commands::planner::upcoming,
            commands::planner::calendar,
            commands::planner::search_all,
            commands::insights::insights,
            commands::insights::review,
            commands::insights::write_review,
            commands::mcp_http::mcp_http_status,
            commands::mcp_http::set_mcp_http,
            commands::mcp_http::new_mcp_token,
            commands::planner::set_planner_prefs,
            commands::settings::get_settings,
            commands::settings::set_time_zone,
            commands::settings::set_preferences,
            commands::settings::set_storage_profile,
            commands::settings::save_storage_keys,
            commands::settings::forget_storage_keys,
            commands::settings::test_connection,
            commands::settings::mcp_config,
            commands::settings::diagnostics,
            commands::claude::claude_desktop_preview,
            commands::claude::add_to_claude_desktop,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::sync::list_conflicts,
            commands::sync::resolve_conflict,
            commands::quick::quick_add_preview,
            commands::quick::quick_add,
            commands::quick::close_quick_add,
            commands::settings::save_sync_passphrase,
            commands::settings::forget_sync_passphrase,
            commands::transfer::import_legacy,
            commands::transfer::export_data,
            commands::transfer::import_data,
            commands::transfer::list_restore_points,
            commands::transfer::create_restore_point,
            commands::transfer::restore_point,
            commands::transfer::pick_path,
            commands::updates::update_status,
            commands::updates::check_for_update,
            commands::updates::download_update,
            commands::updates::install_update,
            commands::updates::get_update_prefs,
            commands::updates::set_update_prefs,
            commands::reminders::snooze_reminder,
            commands::reminders::reminder_prefs,
            commands::reminders::set_reminder_prefs,
            commands::reminders::upcoming_reminders,
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            if let Some(main) = app.get_webview_window("main") {
                render::configure(&main);
                if hidden {
                    if let Err(error) = main.hide() {
                        tracing::warn!(%error, "could not start hidden");
                    }
                }
            }
            if hidden {
                tray::build_once(&handle);
            }
            // The tray and the global shortcut come once the first view is interactive
            // (`ui_ready`), or after a few seconds if the window never says so.
            let later = handle.clone();
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_secs(4)).await;
                tray::build_once(&later);
            });
            // Open the store while the webview loads, then forward its change feed; start
            // background sync when it is on (and offer "Sync now" in the tray). Failures are
            // logged; the UI reports them.
            tauri::async_runtime::spawn(async move {
                if let Ok(valet) = handle.state::<AppState>().valet().await {
                    // The MCP endpoint, when Settings turned it on.
                    let h = handle.clone();
                    tauri::async_runtime::spawn(async move {
                        let (state, http) = (
                            h.state::<AppState>(),
                            h.state::<commands::mcp_http::McpHttp>(),
                        );
                        if let Err(error) = commands::mcp_http::apply(&state, &http, false).await {
                            tracing::warn!(%error, "the MCP endpoint did not start");
                        }
                    });
                    let keep = commands::reminders::keep_running(&valet.settings().await);
                    handle.state::<commands::reminders::KeepRunning>().set(keep);
                    tauri::async_runtime::spawn(reminders::run(handle.clone()));
                    // The quiet update check waits until start-up work is done (TLS set-up and
                    // the request would compete with the first paint on a small machine).
                    let h = handle.clone();
                    tauri::async_runtime::spawn(async move {
                        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                        commands::updates::quiet_check(h).await;
                    });
                    if valet.spawn_sync_loop().is_some() {
                        tracing::info!("background sync started");
                        handle.manage(tray::SyncOn);
                        if let Err(error) = tray::add_sync_item(&handle) {
                            tracing::warn!(%error, "no \"Sync now\" in the tray");
                        }
                    }
                }
                live::forward(handle).await;
            });
            Ok(())
        })
        .on_page_load(|webview, payload| {
            tracing::debug!(window = webview.label(), event = ?payload.event(), "page load");
        })
        .on_window_event(|window, event| {
            // Closing the main window hides it while reminders should keep firing ("Keep
            // running in the tray", on by default); otherwise it quits, even while the
            // (hidden) quick-add window exists.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main" {
                    let app = window.app_handle();
                    if app.state::<commands::reminders::KeepRunning>().get() {
                        api.prevent_close();
                        if let Err(error) = window.hide() {
                            tracing::warn!(%error, "could not hide the window; quitting");
                            app.exit(0);
                        }
                    } else {
                        app.exit(0);
                    }
                }
            }
        })
        .run(tauri::generate_context!())
}

/// Where the page's share of the start went, in ms since the webview began to load it (the
/// page's `performance.now()`): startup telemetry beside the shell's own total.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StartPhases {
    /// The UI's script started to run (its modules were fetched and parsed).
    pub script: f64,
    /// The app's components were mounted (before their first data arrived).
    pub mounted: f64,
    /// The first view set its first data (the shell's answer arrived).
    pub received: f64,
    /// The first view showed that data (the DOM was updated).
    pub shown: f64,
}

/// The UI's first view shows its data: logs the time since start (startup telemetry; the app
/// benchmark reads this line) and where the page's part of it went.
#[tauri::command]
fn ui_ready(app: tauri::AppHandle, phases: Option<StartPhases>) {
    let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    let p = phases.unwrap_or_default();
    tracing::info!(
        ms,
        page_script_ms = p.script.round(),
        page_mounted_ms = p.mounted.round(),
        page_received_ms = p.received.round(),
        page_shown_ms = p.shown.round(),
        "first view interactive"
    );
    tray::build_once(&app);
}

/// Logs to stderr and `app.log`; the filter comes from `VALET_LOG` (then `RUST_LOG`), default `info`.
fn init_tracing() {
    // stderr, plus the size-capped rolling file `app.log` in the platform log dir.
    valet_service::logging::init("info", Some("app"));
}

/// `--help` and `--version` answer on stdout, like other command-line programs.
#[allow(clippy::print_stdout)]
fn print_line(text: &str) {
    println!("{text}");
}
