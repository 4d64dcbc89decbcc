//! Shared helpers: workspace paths, running child processes, PATH lookups, step timing.

use std::env;
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};

/// Where things are, and the PATH every child process gets.
#[derive(Clone)]
pub struct Ctx {
    /// The workspace root (holds the top-level Cargo.toml).
    pub root: PathBuf,
    /// Cargo's target directory (`CARGO_TARGET_DIR` or `<root>/target`).
    pub target: PathBuf,
    /// `PATH` for children: the caller's, plus cargo's bin dir, plus tools we install.
    path: OsString,
    /// Running under CI (`CI` set to anything but `false`/`0`/empty).
    pub ci: bool,
}

impl Ctx {
    pub fn new() -> Result<Self> {
        let root = workspace_root()?;
        let target = match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => {
                let dir = PathBuf::from(dir);
                if dir.is_absolute() {
                    dir
                } else {
                    env::current_dir()
                        .context("reading the current directory")?
                        .join(dir)
                }
            }
            _ => root.join("target"),
        };
        let mut ctx = Self {
            root,
            target,
            path: env::var_os("PATH").unwrap_or_default(),
            ci: env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0"),
        };
        // `cargo install` puts binaries (tauri-driver) here; make sure we find them.
        if let Some(bin) = cargo_bin_dir() {
            ctx.append_path(&bin);
        }
        Ok(ctx)
    }

    /// Puts `dir` first on the children's PATH.
    pub fn prepend_path(&mut self, dir: &Path) {
        let mut dirs = vec![dir.to_path_buf()];
        dirs.extend(env::split_paths(&self.path).filter(|p| p != dir));
        if let Ok(joined) = env::join_paths(dirs) {
            self.path = joined;
        }
    }

    /// Puts `dir` last on the children's PATH unless it is already there.
    pub fn append_path(&mut self, dir: &Path) {
        let mut dirs: Vec<PathBuf> = env::split_paths(&self.path).collect();
        if dirs.iter().any(|p| p == dir) {
            return;
        }
        dirs.push(dir.to_path_buf());
        if let Ok(joined) = env::join_paths(dirs) {
            self.path = joined;
        }
    }

    /// Looks `program` up on the children's PATH.
    pub fn which(&self, program: &str) -> Option<PathBuf> {
        env::split_paths(&self.path)
            .map(|dir| dir.join(program))
            .find(|candidate| is_executable(candidate))
    }

    /// A command for `program` (resolved on our PATH), run from the workspace root, with our
    /// PATH and no stdin (CI has none; nothing we run should prompt).
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let program = program.as_ref();
        let resolved = match program.to_str() {
            Some(name) if !name.contains('/') => self
                .which(name)
                .map_or_else(|| program.to_os_string(), PathBuf::into_os_string),
            _ => program.to_os_string(),
        };
        let mut cmd = Command::new(resolved);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            .stdin(Stdio::null());
        cmd
    }

    /// `cargo` (the one that runs us, when known).
    pub fn cargo(&self) -> Command {
        let cargo = env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        self.cmd(cargo)
    }

    /// A path relative to the workspace root, for messages.
    pub fn rel<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }
}

/// The workspace root: the nearest directory at or above the current one that holds
/// `xtask/Cargo.toml` (so a copy of the repository uses its own files), else the one this
/// binary was built from.
fn workspace_root() -> Result<PathBuf> {
    let cwd = env::current_dir().context("reading the current directory")?;
    if let Some(root) = cwd.ancestors().find(|dir| {
        dir.join("xtask").join("Cargo.toml").is_file() && dir.join("Cargo.toml").is_file()
    }) {
        return Ok(root.to_path_buf());
    }
    // xtask/ is one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .context("xtask's manifest dir has no parent")
}

/// `$CARGO_HOME/bin`, or `~/.cargo/bin`.
pub fn cargo_bin_dir() -> Option<PathBuf> {
    if let Some(home) = env::var_os("CARGO_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home).join("bin"));
    }
    env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The command line, shell-quoted enough to copy and paste.
pub fn show(cmd: &Command) -> String {
    let mut out = String::new();
    let program = cmd.get_program().to_string_lossy();
    // Print `cargo`, not `/root/.rustup/toolchains/.../bin/cargo`.
    let program = Path::new(program.as_ref())
        .file_name()
        .filter(|_| program.contains("/.rustup/") || program.contains("/.cargo/bin/"))
        .map_or_else(|| program.to_string(), |n| n.to_string_lossy().into_owned());
    out.push_str(&program);
    for arg in cmd.get_args() {
        out.push(' ');
        out.push_str(&quote(&elide(&arg.to_string_lossy())));
    }
    out
}

/// A very long argument shown by its start and its length: a failure's last lines must be its
/// cause, not a command line of several kilobytes.
fn elide(arg: &str) -> std::borrow::Cow<'_, str> {
    const KEEP: usize = 160;
    if arg.chars().count() <= KEEP {
        return arg.into();
    }
    let head: String = arg.chars().take(KEEP).collect();
    format!("{head}…({} characters)", arg.chars().count()).into()
}

/// One line on the free space where `dir` lives, for a failed run's last words: a full disk
/// makes any build step fail with a message that does not say so.
pub fn free_space(dir: &Path) -> Option<String> {
    let out = output(Command::new("df").args(["-Ph"]).arg(dir))?;
    let line = out.lines().nth(1)?;
    let cols: Vec<&str> = line.split_whitespace().collect();
    let (avail, used, mount) = (cols.get(3)?, cols.get(4)?, cols.get(5)?);
    Some(format!(
        "{avail} free on {mount} ({used} used), where {} is",
        dir.display()
    ))
}

fn quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@%+,^".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Runs `cmd` with inherited stdout/stderr (output streams) and fails unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = show(cmd);
    let dir = cmd
        .get_current_dir()
        .map(|d| format!("  (in {})", d.display()))
        .unwrap_or_default();
    eprintln!("$ {shown}{dir}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `cmd` quietly and returns its stdout, or None when it cannot start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// True when this process runs as root (uid 0).
pub fn is_root() -> bool {
    // /proc/self/status has "Uid:\treal\teffective\t...".
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// Stops a child we started: SIGTERM first so it can clean up (Xvfb removes its socket and
/// lock file), SIGKILL if it is still running after a few seconds; then reaps it.
pub fn terminate(child: &mut Child) {
    if let Ok(None) = child.try_wait() {
        let term = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if term.is_ok_and(|s| s.success()) {
            let t0 = Instant::now();
            while t0.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A TCP port that was free on 127.0.0.1 a moment ago.
pub fn free_port() -> Result<u16> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").context("binding 127.0.0.1:0 to find a port")?;
    Ok(listener.local_addr()?.port())
}

/// "1m05s" or "3.2s".
pub fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// Numbered, timed steps that stop at the first failure.
pub struct Steps {
    total: usize,
    started: Instant,
    done: Vec<(String, Duration)>,
}

impl Steps {
    pub fn new(total: usize) -> Self {
        Self {
            total,
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Runs one step under a header; on failure the error names the step.
    pub fn step<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let n = self.done.len() + 1;
        eprintln!("\n==> [{n}/{}] {name}", self.total);
        let t0 = Instant::now();
        match f() {
            Ok(value) => {
                let took = t0.elapsed();
                eprintln!(
                    "<== [{n}/{}] {name}: ok ({})",
                    self.total,
                    fmt_duration(took)
                );
                self.done.push((name.to_string(), took));
                Ok(value)
            }
            Err(err) => {
                let took = t0.elapsed();
                eprintln!(
                    "<== [{n}/{}] {name}: FAILED ({})",
                    self.total,
                    fmt_duration(took)
                );
                Err(err.context(format!(
                    "step {n}/{} `{name}` failed after {} ({} in total)",
                    self.total,
                    fmt_duration(took),
                    fmt_duration(self.started.elapsed())
                )))
            }
        }
    }

    /// A per-step timing table and one summary line.
    pub fn summary(&self, what: &str, skipped: &[&str]) -> String {
        let mut out = String::new();
        for (name, took) in &self.done {
            let _ = writeln!(out, "  {:>8}  {name}", fmt_duration(*took));
        }
        let _ = write!(
            out,
            "{what}: all {} steps passed in {}",
            self.done.len(),
            fmt_duration(self.started.elapsed())
        );
        if !skipped.is_empty() {
            let _ = write!(out, " (skipped: {})", skipped.join(", "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("--data-dir"), "--data-dir");
        assert_eq!(quote("Buy milk"), "'Buy milk'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn formats_durations() {
        assert_eq!(fmt_duration(Duration::from_millis(3_240)), "3.2s");
        assert_eq!(fmt_duration(Duration::from_secs(65)), "1m05s");
    }

    #[test]
    fn finds_a_free_port() -> Result<()> {
        assert_ne!(free_port()?, 0);
        Ok(())
    }
}
