//! Build script of the desktop shell: generates Tauri's context, ACL and capability schemas.
//!
//! The app package's manifest is the workspace root (next to `tauri.conf.json`), so the shell's
//! capabilities (`src-tauri/capabilities/`) and command permissions (`src-tauri/permissions/`)
//! are named here explicitly. Because the app defines permissions, every command it registers
//! is denied to the UI unless a capability grants its `allow-<command>` permission.
//! (tauri-build still writes the capability JSON schemas to `gen/schemas/` at the root.)

fn main() {
    wait_for_ui();
    // tauri-build only watches its default folders; these are ours.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(
            tauri_build::AppManifest::new()
                .permissions_path_pattern("./src-tauri/permissions/**/*"),
        );
    if let Err(error) = tauri_build::try_build(attributes) {
        eprintln!("error: tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}

/// A cold `cargo xtask run` builds the UI while cargo compiles the dependencies and names, in
/// `VALET_UI_STAMP`, a file it writes once `ui/dist` is ready ("ok") or the UI build failed.
/// tauri-build and the app's `generate_context!` read `ui/dist`, so wait for it. Not a
/// `rerun-if-env-changed`: the variable only orders this run, it changes nothing that is built.
fn wait_for_ui() {
    let Some(stamp) = std::env::var_os("VALET_UI_STAMP") else {
        return;
    };
    let stamp = std::path::PathBuf::from(stamp);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30 * 60);
    loop {
        match std::fs::read_to_string(&stamp) {
            Ok(word) if word == "ok" => return,
            Ok(word) if !word.is_empty() => {
                eprintln!("error: the UI build (ui/) {word}");
                std::process::exit(1);
            }
            // Not written yet (or being written).
            _ => {}
        }
        if std::time::Instant::now() > deadline {
            eprintln!(
                "error: waited 30 minutes for the UI build to write {}",
                stamp.display()
            );
            std::process::exit(1);
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}
