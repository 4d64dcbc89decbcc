//! `cargo xtask screenshots`: the README's pictures from the real app window on a realistic demo
//! data set (`tests/e2e/demo_data.py`, written through the CLI), every view in both themes at
//! 1280x800, with axe-core run in that window on each. The app end-to-end step runs the same
//! script with `--check` (any WCAG 2.1 AA violation fails it).

use std::path::Path;

use anyhow::Result;

use crate::deps;
use crate::tasks::{window_env, window_test};
use crate::util::{run as run_cmd, Ctx};
use crate::xvfb::Xvfb;

/// Runs `tests/e2e/screenshots.py` under Xvfb, writing the pictures to `out`.
pub fn take(ctx: &Ctx, venv: &Path, out: &Path, logs: &Path, check: bool) -> Result<()> {
    let (script, tauri_driver, app) = window_test(ctx, "screenshots.py")?;
    let xvfb = Xvfb::start(ctx, &logs.join("xvfb-screenshots.log"))?;
    let mut cmd = ctx.cmd(venv.join("bin").join("python"));
    cmd.arg(&script)
        .arg("--app")
        .arg(&app)
        .arg("--out")
        .arg(out)
        .arg("--venv")
        .arg(venv);
    if check {
        cmd.arg("--check");
    }
    window_env(&mut cmd, &xvfb, &tauri_driver);
    run_cmd(&mut cmd)
}

/// The task: what the pictures need (system packages, the venv, the built UI), then the pictures
/// into docs/screenshots/.
pub fn run(ctx: &mut Ctx) -> Result<()> {
    let mut all = deps::APT_BUILD.to_vec();
    all.extend_from_slice(deps::APT_TEST);
    deps::ensure_apt(ctx, &all)?;
    let venv = deps::ensure_venv(ctx)?;
    deps::ensure_node(ctx)?;
    deps::ensure_ui_modules(ctx)?;
    deps::npm_run(ctx, "build")?;
    let logs = ctx.target.join("test-logs");
    std::fs::create_dir_all(&logs)?;
    let out = ctx.root.join("docs").join("screenshots");
    take(ctx, &venv, &out, &logs, false)?;
    eprintln!(
        "xtask screenshots: docs/screenshots/view-<view>-<theme>.png written (review them with \
         `git diff --stat docs/screenshots`)"
    );
    Ok(())
}
