//! A launch that races the running instance's exit starts again instead of stopping.
//!
//! On Linux the single-instance plugin finds the running app by its session-bus name and
//! forwards the new launch's arguments to it. When that instance is quitting at the same moment,
//! it still owns the name but never answers, and the plugin fails the whole start. The person
//! (or a test harness) then sees the app do nothing. Starting once more after the old instance
//! has let go of the name is the fix: the plugin's error cannot be retried in-process (the event
//! loop already exists), so the process replaces itself with a fresh start of the same binary.

use std::time::Duration;

/// How many times this launch has already started over (carried across `exec`).
const ATTEMPT_VAR: &str = "VALET_APP_LAUNCH_ATTEMPT";
/// Starts in all, so an instance that owns the name but never answers cannot loop us forever.
const MAX_ATTEMPTS: u32 = 3;
/// Long enough for a quitting instance to drop off the bus.
const PAUSE: Duration = Duration::from_millis(750);

/// True when the start failed because the running instance did not take the forwarded launch.
pub fn is_forward_failure(error: &tauri::Error) -> bool {
    matches!(error, tauri::Error::PluginInitialization(plugin, _) if plugin == "single-instance")
}

/// Which start this is: 1 for the first.
fn attempt() -> u32 {
    std::env::var(ATTEMPT_VAR)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1)
}

/// Starts the app again in place of this process. Returns only when it may not (the attempts
/// are used up) or could not.
pub fn start_again() -> std::io::Error {
    let attempt = attempt();
    if attempt >= MAX_ATTEMPTS {
        return std::io::Error::other(format!(
            "the running instance did not answer {MAX_ATTEMPTS} launches in a row"
        ));
    }
    std::thread::sleep(PAUSE);
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(error) => return error,
    };
    let mut command = std::process::Command::new(program);
    command
        .args(std::env::args_os().skip(1))
        .env(ATTEMPT_VAR, (attempt + 1).to_string());
    tracing::warn!(
        attempt,
        "the running instance did not answer; starting again"
    );
    replace_process(command)
}

#[cfg(unix)]
fn replace_process(mut command: std::process::Command) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    // Same pid: whoever launched us (a desktop launcher, WebDriver) keeps its handle.
    command.exec()
}

#[cfg(not(unix))]
fn replace_process(mut command: std::process::Command) -> std::io::Error {
    match command.spawn() {
        Ok(_) => std::process::exit(0),
        Err(error) => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_single_instance_plugin_failing_starts_again() {
        let forward = tauri::Error::PluginInitialization(
            "single-instance".into(),
            "failed to forward arguments to the running instance".into(),
        );
        let other = tauri::Error::PluginInitialization("updater".into(), "bad pubkey".into());
        assert!(is_forward_failure(&forward));
        assert!(!is_forward_failure(&other));
        assert!(!is_forward_failure(&tauri::Error::FailedToReceiveMessage));
    }
}
