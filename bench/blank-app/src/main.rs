//! A blank Tauri 2 app (one window, a static page, no plugins): `cargo xtask bench` starts it
//! beside Valet, built the same way, as the floor for start time and idle memory.

/// When the process started.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The page is on screen: the same signal Valet's first view sends.
#[tauri::command]
fn ui_ready() {
    let ms = STARTED.get().map_or(0, |t| t.elapsed().as_millis());
    eprintln!("first view interactive ms={ms}");
}

fn main() {
    STARTED.get_or_init(std::time::Instant::now);
    if let Err(error) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .setup(|_| {
            eprintln!(
                "setup ms={}",
                STARTED.get().map_or(0, |t| t.elapsed().as_millis())
            );
            Ok(())
        })
        .on_page_load(|_, payload| {
            eprintln!(
                "page load {:?} ms={}",
                payload.event(),
                STARTED.get().map_or(0, |t| t.elapsed().as_millis())
            );
        })
        .run(tauri::generate_context!())
    {
        eprintln!("blank-app: {error}");
        std::process::exit(1);
    }
}
