//! `cargo xtask soak`: the reliability campaign of issue 8 at full size (the CI-sized versions
//! run in `cargo xtask test`): 1,000 kills, a long concurrency load with the app writing too,
//! sync through a faulty proxy for many rounds, and the property tests with many more cases.
//! Each part prints its own figures; this prints how long each took and stops at the first
//! failure. `-- --quick` runs every part at a tenth of the size (to check the wiring).

use std::time::Instant;

use anyhow::Result;

use crate::deps;
use crate::util::{fmt_duration, run as run_cmd, Ctx};
use crate::xvfb::Xvfb;

/// Runs every part; `quick` divides the sizes by ten.
pub fn run(ctx: &mut Ctx, quick: bool) -> Result<()> {
    let scale = |n: u32| if quick { (n / 10).max(1) } else { n }.to_string();
    deps::ensure_node(ctx)?;
    deps::ensure_ui_modules(ctx)?;
    deps::npm_run(ctx, "build")?;
    let ctx = &*ctx;
    run_cmd(
        ctx.cargo()
            .args(["build", "-p", "valet-cli", "-p", "valet-app"]),
    )?;
    let debug = ctx.target.join("debug");
    let valet = crate::tasks::existing(debug.join("valet"))?;
    let app = crate::tasks::existing(debug.join("valet-app"))?;
    let venv = deps::ensure_venv(ctx)?;
    let python = venv.join("bin").join("python");
    let e2e = ctx.root.join("tests").join("e2e");
    let mut timings = Vec::new();
    let mut part = |name: &str, cmd: &mut std::process::Command| -> Result<()> {
        eprintln!("\n==> soak: {name}");
        let started = Instant::now();
        run_cmd(cmd)?;
        timings.push((name.to_owned(), started.elapsed()));
        Ok(())
    };

    part(
        "kill -9 campaign (writes, import, migrate, sync)",
        ctx.cmd(&python)
            .arg(e2e.join("kills.py"))
            .arg("--valet")
            .arg(&valet)
            .args(["--runs", &scale(1000), "--probe-torn-log"]),
    )?;
    part(
        "sync through the faulty TCP proxy, isolation, secrets",
        ctx.cmd(&python)
            .arg(e2e.join("faults.py"))
            .arg("--valet")
            .arg(&valet)
            .args(["--strict-words", "--rounds", &scale(100)]),
    )?;
    {
        let tauri_driver = deps::ensure_tauri_driver(ctx)?;
        let logs = ctx.target.join("test-logs");
        std::fs::create_dir_all(&logs)?;
        let xvfb = Xvfb::start(ctx, &logs.join("xvfb-soak.log"))?;
        let mut cmd = ctx.cmd(&python);
        crate::tasks::window_env(&mut cmd, &xvfb, &tauri_driver);
        part(
            "concurrency load: the app's window + 4 MCP sessions + the CLI",
            cmd.arg(e2e.join("load.py"))
                .arg("--valet")
                .arg(&valet)
                .arg("--app")
                .arg(&app)
                .args(["--ops", &scale(500)]),
        )?;
    }
    let cases = scale(5000);
    part(
        "sync convergence proptest",
        ctx.cargo()
            .args(["test", "-p", "valet-store", "--test", "sync"])
            .env("PROPTEST_CASES", &cases),
    )?;
    part(
        "hostile input proptests",
        ctx.cargo()
            .args(["test", "-p", "valet-core", "--test", "hostile_input"])
            .env("PROPTEST_CASES", &cases),
    )?;
    {
        let secs: u32 = if quick { 30 } else { 600 };
        eprintln!("\n==> soak: cargo fuzz, every target, {secs} s each");
        let started = Instant::now();
        crate::fuzz::run_targets(ctx, crate::fuzz::ALL, secs)?;
        timings.push(("cargo fuzz (every target)".to_owned(), started.elapsed()));
    }
    println!("\nsoak: every part passed");
    for (name, d) in &timings {
        println!("  {:>8}  {name}", fmt_duration(*d));
    }
    Ok(())
}
