//! `cargo xtask bench` part 5: the desktop app (issue 5) beside a blank Tauri 2 app built the
//! same way (release, `custom-protocol`, same workspace and Tauri version), under Xvfb:
//! start to first interactive view, idle memory of all processes, typing-to-filter latency at
//! 10,000 todos, inside a D-Bus session as on a desktop. The measuring is in
//! `tests/e2e/appbench.py`; this builds, prepares and prints.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::deps;
use crate::util::{run as run_cmd, Ctx};
use crate::xvfb::Xvfb;

/// Builds both apps, writes 10,000 todos, runs the measurements and prints the table.
pub fn run(ctx: &mut Ctx, quick: bool) -> Result<()> {
    deps::ensure_node(ctx)?;
    deps::ensure_ui_modules(ctx)?;
    deps::npm_run(ctx, "build")?;
    let ctx = &*ctx;
    run_cmd(ctx.cargo().args([
        "build",
        "--release",
        "--features",
        "custom-protocol",
        "-p",
        "valet-app",
        "-p",
        "blank-app",
    ]))?;
    let release = ctx.target.join("release");
    let app = crate::tasks::existing(release.join("valet-app"))?;
    let blank = crate::tasks::existing(release.join("blank-app"))?;
    let venv = deps::ensure_venv(ctx)?;
    let tauri_driver = deps::ensure_tauri_driver(ctx)?;
    let data = crate::tasks::fresh_dir(&ctx.target.join("bench-data").join("app-10k"))?;
    crate::bench::write_todos(&data, 10_000)?;
    crate::bench::build_snapshot(ctx, &data)?;
    let logs = ctx.target.join("bench-data");
    let xvfb = Xvfb::start(ctx, &logs.join("xvfb-appbench.log"))?;
    // Inside a D-Bus session, as on any desktop (single-instance and the keychain use it).
    let mut cmd = ctx.cmd("dbus-run-session");
    crate::tasks::window_env(&mut cmd, &xvfb, &tauri_driver);
    cmd.arg("--")
        .arg(venv.join("bin").join("python"))
        .arg(ctx.root.join("tests/e2e/appbench.py"))
        .arg("--app")
        .arg(&app)
        .arg("--blank")
        .arg(&blank)
        .arg("--data-dir")
        .arg(&data)
        .args(["--runs", if quick { "3" } else { "11" }])
        .args(["--rounds", if quick { "1" } else { "3" }]);
    eprintln!("$ {}", crate::util::show(&cmd));
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("running appbench.py")?;
    drop(xvfb);
    if !out.status.success() {
        anyhow::bail!("appbench.py failed ({})", out.status);
    }
    // The last line: dbus-run-session's own daemon may print before it.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    let v: serde_json::Value = serde_json::from_str(last).context("appbench.py printed no JSON")?;
    print_table(&v, &app, &blank);
    Ok(())
}

fn median(v: &serde_json::Value) -> f64 {
    let mut xs: Vec<f64> = v
        .as_array()
        .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn print_table(v: &serde_json::Value, app: &Path, blank: &Path) {
    let sm = &v["start_memory"];
    let (va, bl) = (&sm["valet"], &sm["blank"]);
    let runs = va["start_s"].as_array().map_or(0, Vec::len);
    let size = |p: &Path| std::fs::metadata(p).map_or(0.0, |m| m.len() as f64 / 1_048_576.0);
    println!();
    println!(
        "desktop app vs a blank Tauri 2 app (release, custom-protocol, under Xvfb; medians of {runs} alternating runs)"
    );
    println!("| measure | Valet (10,000 todos) | blank Tauri app | ratio | target |");
    println!("|---|---|---|---|---|");
    let row = |name: &str, key: &str, scale: f64, unit: &str, target: &str| {
        let (a, b) = (median(&va[key]) * scale, median(&bl[key]) * scale);
        println!(
            "| {name} | {a:.1} {unit} | {b:.1} {unit} | {:.2}x | {target} |",
            a / b
        );
    };
    row(
        "start to first interactive view",
        "start_s",
        1000.0,
        "ms",
        "<= 1.5x",
    );
    row(
        &format!(
            "idle memory, PSS of all processes ({} vs {})",
            va["processes"], bl["processes"]
        ),
        "pss_mib",
        1.0,
        "MiB",
        "<= 1.3x",
    );
    row("idle memory, RSS sum", "rss_mib", 1.0, "MiB", "-");
    println!(
        "| binary size | {:.1} MiB | {:.1} MiB | {:.2}x | - |",
        size(app),
        size(blank),
        size(app) / size(blank)
    );
    let t = &v["typing"];
    println!();
    println!(
        "typing to filter in the real window: {} ({} keystrokes of {:?} typed then erased, {} timed out)",
        t["list"].as_str().unwrap_or("?"),
        t["keystrokes"],
        t["query"].as_str().unwrap_or("?"),
        t["timeouts"]
    );
    let ms = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "keystroke -> list updated (filter + render): median {:.1} ms, p95 {:.1} ms, max {:.1} ms (target < 16 ms)",
        ms("update_median_ms"),
        ms("update_p95_ms"),
        ms("update_max_ms"),
    );
    println!(
        "keystroke -> next frame painted: median {:.1} ms, p95 {:.1} ms (idle frame interval here: {:.1} ms; WebKitGTK composites in software under Xvfb)",
        ms("painted_median_ms"),
        ms("painted_p95_ms"),
        ms("idle_frame_ms"),
    );
    println!(
        "switch to Today (the plan joined with 10,000 todos) until its list is shown: median {:.1} ms, max {:.1} ms (target < 100 ms)",
        ms("today_switch_median_ms"),
        ms("today_switch_max_ms"),
    );
}
