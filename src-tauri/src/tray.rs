//! The tray icon ("Quick add…", "Open Valet", "Sync now" when sync is on, today's open-todo
//! count, "Quit"), the small always-on-top quick-add window, and the global shortcut that opens
//! it.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder, Wry};
use tauri_plugin_global_shortcut::GlobalShortcutExt;
use valet_service::Valet;

/// The quick-add window's label (its capability names it).
pub const QUICK_ADD: &str = "quick-add";
/// Menu item ids (the tray end-to-end test clicks them through D-Bus by label).
pub const MENU_QUICK_ADD: &str = "quick-add";
pub const MENU_OPEN: &str = "open";
pub const MENU_COUNT: &str = "count";
pub const MENU_SYNC: &str = "sync";
pub const MENU_QUIT: &str = "quit";

/// The tray's count line, kept to update it when todos change.
pub struct TrayCount(pub MenuItem<Wry>);

/// The tray's menu, kept to add "Sync now" once the store says sync is on.
pub struct TrayMenu(pub Menu<Wry>);

/// Present once sync is known to be on: the tray menu then offers "Sync now".
pub struct SyncOn;

static BUILT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Builds the tray and registers the global quick-add shortcut, once. Called when the first
/// view is interactive (or a few seconds after start at the latest): both hold the main loop
/// (libayatana-appindicator; the X11 key grab, measured at up to ~0.45 s), which at start
/// delayed the window's first paint.
pub fn build_once(app: &AppHandle) {
    if BUILT.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let handle = app.clone();
    let queued = app.run_on_main_thread(move || {
        if let Err(error) = build(&handle) {
            tracing::warn!(%error, "no tray icon (is there a D-Bus session?)");
        } else if handle.try_state::<SyncOn>().is_some() {
            if let Err(error) = add_sync_item(&handle) {
                tracing::warn!(%error, "no \"Sync now\" in the tray");
            }
        }
        let h = handle.clone();
        tauri::async_runtime::spawn(async move {
            if let Ok(valet) = h.state::<crate::state::AppState>().valet().await {
                refresh_count(&h, valet).await;
                let (_, shortcut) = crate::commands::settings::app_prefs(&valet.settings().await);
                if let Err(error) = set_shortcut(&h, &shortcut) {
                    tracing::warn!(%error, "quick-add shortcut not registered");
                }
            }
        });
    });
    if let Err(error) = queued {
        tracing::warn!(%error, "could not queue the tray");
    }
}

/// Builds the tray icon and its menu. A missing tray (no D-Bus session) is logged, not fatal.
fn build(app: &AppHandle) -> tauri::Result<()> {
    let quick = MenuItem::with_id(app, MENU_QUICK_ADD, "Quick add…", true, None::<&str>)?;
    let open = MenuItem::with_id(app, MENU_OPEN, "Open Valet", true, None::<&str>)?;
    let count = MenuItem::with_id(app, MENU_COUNT, "Open todos: …", false, None::<&str>)?;
    let quit = MenuItem::with_id(app, MENU_QUIT, "Quit", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&quick, &open, &count, &separator, &quit])?;
    app.manage(TrayCount(count));
    app.manage(TrayMenu(menu.clone()));
    let builder = TrayIconBuilder::with_id("valet")
        .tooltip("Valet")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| match event.id().as_ref() {
            MENU_QUICK_ADD => open_quick_add(app),
            MENU_OPEN => show_main(app),
            MENU_SYNC => crate::commands::sync::sync_from_tray(app),
            MENU_QUIT => app.exit(0),
            _ => {}
        });
    // A 32x32 icon, decoded at compile time: trays draw at 16-24 px, and handing the 512 px
    // window icon to the tray made it encode and scale a large PNG at every start (~0.5 s).
    builder
        .icon(tauri::include_image!("icons/32x32.png"))
        .build(app)?;
    Ok(())
}

/// Adds "Sync now" (after "Open Valet") to the tray menu; called once sync is known to be on.
pub fn add_sync_item(app: &AppHandle) -> tauri::Result<()> {
    let Some(menu) = app.try_state::<TrayMenu>() else {
        return Ok(());
    };
    if menu.0.get(MENU_SYNC).is_some() {
        return Ok(());
    }
    let item = MenuItem::with_id(app, MENU_SYNC, "Sync now", true, None::<&str>)?;
    menu.0.insert(&item, 2)
}

/// Shows and focuses the main window.
pub fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Shows the quick-add window, creating it the first time.
pub fn open_quick_add(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(QUICK_ADD) {
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(
        app,
        QUICK_ADD,
        WebviewUrl::App("index.html#quick-add".into()),
    )
    .title("Quick add")
    .inner_size(560.0, 168.0)
    .resizable(false)
    .always_on_top(true)
    .skip_taskbar(true)
    .center()
    .focused(true)
    .build();
    match built {
        Ok(window) => crate::render::configure(&window),
        Err(error) => tracing::warn!(%error, "could not open the quick-add window"),
    }
}

/// Updates the tray's count line from the store.
pub async fn refresh_count(app: &AppHandle, valet: &Valet) {
    let Some(item) = app.try_state::<TrayCount>() else {
        return;
    };
    match valet.todo_counts().await {
        Ok(c) => {
            let text = format!("Open todos: {} · due today: {}", c.open, c.due_today);
            let _ = item.0.set_text(text);
        }
        Err(error) => tracing::debug!(%error, "could not count todos for the tray"),
    }
}

/// Replaces the global quick-add shortcut (`""` turns it off).
pub fn set_shortcut(app: &AppHandle, shortcut: &str) -> Result<(), String> {
    let shortcuts = app.global_shortcut();
    shortcuts.unregister_all().map_err(|e| e.to_string())?;
    if shortcut.is_empty() {
        return Ok(());
    }
    shortcuts
        .register(shortcut)
        .map_err(|e| format!("could not register {shortcut:?}: {e}"))
}
