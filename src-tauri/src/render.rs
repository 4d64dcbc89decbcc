//! How the app's webviews draw: on Linux, without WebKitGTK's accelerated compositing unless
//! `VALET_WEBVIEW_GPU=1` asks for it.
//!
//! Why: with compositing on, each WebKit web process keeps GL layers (on a machine without a GPU
//! driver, Mesa's software GL) that cost Valet's window ~75 MiB of its ~360 MiB at rest, for a
//! page of lists and text that needs no GPU layers to scroll or animate smoothly (measured by
//! `cargo xtask bench -- --only app`; issue 19's memory budget).

/// The environment variable that keeps WebKit's hardware acceleration on.
pub const GPU_VAR: &str = "VALET_WEBVIEW_GPU";

/// Whether the person asked for GPU compositing (`VALET_WEBVIEW_GPU=1`).
fn gpu_asked() -> bool {
    std::env::var(GPU_VAR).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// Applies the rendering choice to a window's webview (before or right after its first load).
pub fn configure<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    if gpu_asked() {
        tracing::info!("webview: hardware acceleration as WebKit decides ({GPU_VAR}=1)");
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt as _, WebViewExt as _};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(error) = applied {
            tracing::warn!(%error, "webview: could not turn accelerated compositing off");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
