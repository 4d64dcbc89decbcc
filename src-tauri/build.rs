//! Build script of the desktop shell: generates Tauri's context, ACL and capability schemas.
//!
//! The app package's manifest is the workspace root (next to `tauri.conf.json`), so the shell's
//! capabilities (`src-tauri/capabilities/`) and command permissions (`src-tauri/permissions/`)
//! are named here explicitly. Because the app defines permissions, every command it registers
//! is denied to the UI unless a capability grants its `allow-<command>` permission.
//! (tauri-build still writes the capability JSON schemas to `gen/schemas/` at the root.)

fn main() {
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
