//! Helpers for the end-to-end tests: find (or build) the real `valet` binary and run it on a
//! throwaway data dir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The `valet` binary: `$VALET_BIN`, else `target/debug/valet` next to this test, built with
/// cargo first if it is missing or older than its sources would make it (cargo decides).
pub fn valet_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("VALET_BIN") {
            return PathBuf::from(p);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "valet-cli", "--bin", "valet"])
            .status()
            .unwrap_or_else(|e| panic!("could not run cargo to build valet: {e}"));
        assert!(status.success(), "building valet failed");
        // target/debug/deps/<test> -> target/debug/valet
        let exe = std::env::current_exe().unwrap_or_else(|e| panic!("no current exe: {e}"));
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .unwrap_or_else(|| panic!("odd test path {}", exe.display()));
        let bin = dir.join(format!("valet{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "{} missing after build", bin.display());
        bin
    })
}

/// A throwaway data dir with `user.timezone` fixed, so "today" is predictable.
pub struct DataDir {
    pub dir: tempfile::TempDir,
}

impl DataDir {
    pub fn new(zone: &str) -> DataDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::write(
            dir.path().join("settings.json"),
            format!(r#"{{"user": {{"timezone": "{zone}"}}}}"#),
        )
        .unwrap_or_else(|e| panic!("settings: {e}"));
        DataDir { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A `valet --data-dir DIR` command, ready for more arguments.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(valet_bin());
        c.arg("--data-dir")
            .arg(self.path())
            .env("VALET_LOG", "warn")
            .env_remove("VALET_DATA_DIR");
        c
    }

    /// Runs valet with `args` and returns its output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd()
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run valet: {e}"))
    }

    /// Runs valet with `--json` and `args`, asserting success, and parses stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .arg("--json")
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run valet: {e}"));
        assert!(
            out.status.success(),
            "valet {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "valet {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}
