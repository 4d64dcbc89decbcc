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
        json_of(self.cmd(), args)
    }
}

/// Runs `cmd --json args`, asserting success, and parses stdout.
pub fn json_of(mut cmd: Command, args: &[&str]) -> serde_json::Value {
    let out = cmd
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

/// Replicas that sync through the S3-compatible server `cargo xtask test` starts (moto).
pub mod s3 {
    use super::DataDir;
    use serde_json::Value;

    /// `$VALET_TEST_S3_ENDPOINT`; `None` (the test skips) unless `VALET_TEST_S3_REQUIRED=1`.
    pub fn endpoint() -> Option<String> {
        let e = std::env::var("VALET_TEST_S3_ENDPOINT")
            .ok()
            .filter(|s| !s.is_empty());
        if e.is_none() && std::env::var("VALET_TEST_S3_REQUIRED").is_ok_and(|v| v == "1") {
            panic!("VALET_TEST_S3_REQUIRED=1 but VALET_TEST_S3_ENDPOINT is not set");
        }
        e
    }

    pub fn bucket() -> String {
        std::env::var("VALET_TEST_S3_BUCKET").unwrap_or_else(|_| "valet-test".into())
    }

    /// A data dir whose settings sync with `prefix` in the test bucket.
    pub struct Replica(pub DataDir);

    impl Replica {
        pub fn new(endpoint: &str, prefix: &str) -> Replica {
            let d = DataDir::new("UTC");
            let settings = serde_json::json!({
                "user": {"timezone": "UTC"},
                "storage": {"provider": "cloudflare-r2", "cloudflare": {
                    "endpoint": endpoint, "bucketName": bucket(), "keyPrefix": prefix, "region": "us-east-1", "enableSync": true}}
            });
            std::fs::write(d.path().join("settings.json"), settings.to_string())
                .unwrap_or_else(|e| panic!("settings: {e}"));
            Replica(d)
        }

        /// A `valet` command with the test bucket's keys.
        pub fn cmd(&self) -> std::process::Command {
            let mut c = self.0.cmd();
            c.env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
                .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test");
            c
        }

        pub fn json(&self, args: &[&str]) -> Value {
            super::json_of(self.cmd(), args)
        }

        /// Every todo as `id content`, sorted.
        pub fn todos(&self) -> Vec<String> {
            let v = self.json(&["todo", "list", "--status", "all", "--limit", "10000"]);
            let mut items: Vec<String> = v["items"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|t| format!("{} {}", t["id"], t["content"]))
                        .collect()
                })
                .unwrap_or_default();
            items.sort();
            items
        }

        /// Imports `n` todos in one go through the legacy importer.
        pub fn import_todos(&self, n: usize) {
            let legacy = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
            let tasks: Vec<Value> = (0..n)
                .map(|i| serde_json::json!({"id": format!("00000000-0000-4000-8000-{i:012x}"), "content": format!("todo {i}"), "priority": "medium", "category": "General", "completed": false, "created": "2026-01-01T00:00:00Z", "notes": []}))
                .collect();
            std::fs::write(
                legacy.path().join("_global_todo.json"),
                serde_json::json!({"version": "1.0.0", "tasks": tasks}).to_string(),
            )
            .unwrap_or_else(|e| panic!("legacy file: {e}"));
            self.json(&["import-legacy", legacy.path().to_str().unwrap_or_default()]);
        }
    }
}
