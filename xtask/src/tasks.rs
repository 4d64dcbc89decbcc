//! The subcommands: `run` (the app), `test` (every check), `with-s3` (a command beside moto);
//! `bench` is in `bench.rs`.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context as _, Result};

use crate::deps;
use crate::moto::Moto;
use crate::util::{run as run_cmd, show, Ctx, Steps};
use crate::xvfb::Xvfb;

/// How `cargo xtask run` runs the app.
pub struct RunOptions {
    /// Under a virtual display even when there is a real one.
    pub headless: bool,
    /// Stop after this many seconds (headless only; CI's smoke run).
    pub seconds: Option<u64>,
}

/// `cargo xtask run [--headless] [--for SECS] [-- APP ARGS]`: installs what is missing,
/// builds the UI, the app and the `valet` CLI (its sidecar), and starts the app; with no
/// display, under Xvfb with a screenshot of the first window (`headless.rs`).
pub fn run(mut ctx: Ctx, app_args: &[String], opts: RunOptions) -> Result<ExitCode> {
    let headless = opts.headless || !has_display();
    if headless && !opts.headless {
        eprintln!(
            "xtask run: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): Valet will run \
             under a virtual X server (Xvfb) and a screenshot of its first window is written \
             to target/run/first-window.png."
        );
    }
    let mut steps = Steps::new(3);
    steps.step("system packages", || {
        let mut all = deps::APT_BUILD.to_vec();
        if headless {
            all.extend_from_slice(deps::APT_HEADLESS);
        }
        deps::ensure_apt(&ctx, &all)
    })?;
    steps.step("Node", || deps::ensure_node(&mut ctx))?;
    let app = ctx.target.join("debug").join("valet-app");
    if app.exists() {
        steps.step(
            "UI (npm ci if needed, vite build), then the app and the CLI",
            || {
                build_ui(&ctx)?;
                run_cmd(&mut build_app(&ctx))
            },
        )?;
    } else {
        eprintln!(
            "xtask run: first build of the app and the `valet` CLI: about 5 minutes on 2 fast \
             cores, up to 15 on slow ones, plus the crates' download the first time (later builds \
             take seconds). The UI builds beside it."
        );
        steps.step(
            "the app and the valet CLI (its sidecar), the UI beside them",
            || first_build(&ctx),
        )?;
    }
    eprintln!(
        "xtask run: the CLI is {} (`valet --help`; `valet mcp` is the MCP server).",
        ctx.rel(&ctx.target.join("debug").join("valet")).display()
    );
    if headless {
        return crate::headless::run(&ctx, &app, app_args, opts.seconds);
    }
    if opts.seconds.is_some() {
        bail!("--for is for a headless run: add --headless");
    }
    eprintln!("\n==> starting Valet (close the window or press Ctrl-C to stop)");
    let mut cmd = ctx.cmd(&app);
    cmd.args(app_args);
    // The app may read stdin (it does not today, but do not take it away).
    cmd.stdin(std::process::Stdio::inherit());
    let shown = show(&cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    Ok(exit_code(status.code()))
}

/// `npm ci` when `ui/node_modules` is not what the lock file says, then `vite build`.
fn build_ui(ctx: &Ctx) -> Result<()> {
    deps::ensure_ui_modules(ctx)?;
    deps::npm_run(ctx, "build")
}

/// A cold build: `cargo build` starts at once and the UI builds on another thread meanwhile
/// (its `npm ci` is mostly download and unpacking). Only the app's build script needs `ui/dist`:
/// it waits for the stamp file named by `VALET_UI_STAMP` (src-tauri/build.rs), which this writes
/// once the UI is built ("ok") or failed.
fn first_build(ctx: &Ctx) -> Result<()> {
    let stamp = ctx.target.join("run").join("ui-built");
    if let Some(dir) = stamp.parent() {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    match fs::remove_file(&stamp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("removing {}", stamp.display())),
    }
    let (ui_ctx, ui_stamp) = (ctx.clone(), stamp.clone());
    let ui = std::thread::spawn(move || {
        let result = build_ui(&ui_ctx);
        let word = match &result {
            Ok(()) => "ok".to_string(),
            Err(e) => format!("failed: {e:#}"),
        };
        // Written whole, then renamed: the build script never reads half a word.
        let part = ui_stamp.with_extension("part");
        if let Err(e) = fs::write(&part, word).and_then(|()| fs::rename(&part, &ui_stamp)) {
            eprintln!("xtask run: could not write {}: {e}", ui_stamp.display());
        }
        result
    });
    let built = run_cmd(build_app(ctx).env("VALET_UI_STAMP", &stamp));
    // The UI's own error first: a failed UI build also fails the app's build script.
    match ui.join() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(e.context("building the UI (ui/)")),
        Err(_) => bail!("the UI build thread panicked"),
    }
    built?;
    // A build script that had already run (e.g. an earlier `cargo check`) did not wait: the app
    // embeds `ui/dist` through include_bytes!, so cargo rebuilds it here if the UI changed since
    // (a no-op otherwise).
    run_cmd(&mut build_app(ctx))
}

/// `cargo build` of the app and the `valet` CLI, its sidecar.
fn build_app(ctx: &Ctx) -> Command {
    let mut cmd = ctx.cargo();
    cmd.args(["build", "-p", "valet-app", "-p", "valet-cli"]);
    cmd
}

fn has_display() -> bool {
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| env::var_os(var).is_some_and(|v| !v.is_empty()))
}

fn exit_code(code: Option<i32>) -> ExitCode {
    match code {
        Some(0) => ExitCode::SUCCESS,
        Some(c) => ExitCode::from(u8::try_from(c).unwrap_or(1)),
        // Killed by a signal.
        None => ExitCode::FAILURE,
    }
}

/// What `cargo xtask test` runs.
pub struct TestOptions {
    /// fmt + clippy + Rust tests (with S3) only.
    pub quick: bool,
    /// The app end-to-end test under Xvfb.
    pub e2e: bool,
    /// Only the app end-to-end test and what it needs.
    pub e2e_only: bool,
    /// Only the package check (build, install, run the .deb; signed update).
    pub package_only: bool,
}

/// `cargo xtask test [--quick | --no-e2e]`.
pub fn test(mut ctx: Ctx, opts: TestOptions) -> Result<ExitCode> {
    let logs = ctx.target.join("test-logs");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let result = if opts.quick {
        test_quick(&mut ctx, &logs)
    } else if opts.e2e_only {
        test_e2e_only(&mut ctx, &logs)
    } else if opts.package_only {
        test_package_only(&mut ctx, &logs)
    } else {
        test_full(&mut ctx, &logs, opts.e2e)
    };
    match result {
        Ok(summary) => {
            println!("\n{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            // The failure goes last: a CI page that shows only the end of the output names it.
            eprintln!("\nlogs: {}", logs.display());
            if let Some(space) = crate::util::free_space(&ctx.target) {
                eprintln!("disk: {space}");
            }
            eprintln!("xtask test: FAILED: {err:#}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn test_full(ctx: &mut Ctx, logs: &Path, e2e: bool) -> Result<String> {
    let mut steps = Steps::new(if e2e { 12 } else { 9 });
    steps.step("system packages (apt)", || {
        let mut all = deps::APT_BUILD.to_vec();
        all.extend_from_slice(deps::APT_TEST);
        deps::ensure_apt(ctx, &all)
    })?;
    let venv = steps.step("Python venv (moto, boto3, mcp, selenium)", || {
        deps::ensure_venv(ctx)
    })?;
    steps.step("UI: npm ci, check, lint, build, test", || ui_checks(ctx))?;
    steps.step("cargo fmt --check", || fmt(ctx))?;
    steps.step("cargo clippy -D warnings", || clippy(ctx))?;
    // Lives until the end of the run; Drop stops it, also on failure.
    let moto = steps.step("local S3 server (moto)", || start_moto(ctx, &venv, logs))?;
    steps.step("Rust tests", || rust_tests(ctx, &moto, &venv))?;
    steps.step(
        "cargo fuzz: record reader, legacy importer, quick-add (20 s each)",
        || crate::fuzz::run_targets(ctx, crate::fuzz::CORE, 20),
    )?;
    steps.step(
        "MCP over stdio and HTTP (Python SDK, load, Inspector); kills, faults, isolation, secrets",
        || mcp_e2e(ctx, &venv, logs),
    )?;
    let mut skipped = Vec::new();
    if e2e {
        steps.step("app end-to-end test under Xvfb", || {
            app_e2e(ctx, &venv, &moto, logs)
        })?;
        steps.step(
            "`cargo xtask run` with no display: the first window, screenshot checked",
            || headless_smoke(ctx, logs),
        )?;
        steps.step(
            "package: .deb (debug) installed and run, signed update found",
            || crate::package::ci_check(ctx, &venv, logs),
        )?;
    } else {
        skipped.push("app end-to-end test (--no-e2e)");
        skipped.push("`cargo xtask run` smoke run (--no-e2e)");
        skipped.push("package check (--no-e2e)");
    }
    drop(moto);
    Ok(steps.summary("xtask test", &skipped))
}

/// The README's first command as a new user without a display runs it: `cargo xtask run
/// --headless --for 30`, on a data folder of its own, through cargo like a person would.
fn headless_smoke(ctx: &Ctx, logs: &Path) -> Result<()> {
    let data = fresh_dir(&logs.join("run-data"))?;
    run_cmd(
        ctx.cargo()
            .args(["xtask", "run", "--headless", "--for", "30"])
            .env("VALET_DATA_DIR", &data)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY"),
    )?;
    let shot = ctx.target.join("run").join("first-window.png");
    let kept = logs.join("run-first-window.png");
    std::fs::copy(&shot, &kept)
        .with_context(|| format!("keeping {} as {}", shot.display(), kept.display()))?;
    Ok(())
}

fn test_quick(ctx: &mut Ctx, logs: &Path) -> Result<String> {
    // The app crate embeds ui/dist at compile time, so clippy and the tests need it to exist.
    let need_ui = ctx.root.join("ui").join("package.json").exists()
        && !ctx.root.join("ui").join("dist").exists();
    let mut steps = Steps::new(if need_ui { 6 } else { 5 });
    steps.step("cargo fmt --check", || fmt(ctx))?;
    if need_ui {
        steps.step("UI build (ui/dist is missing)", || {
            deps::ensure_node(ctx)?;
            deps::ensure_ui_modules(ctx)?;
            deps::npm_run(ctx, "build")
        })?;
    }
    steps.step("cargo clippy -D warnings", || clippy(ctx))?;
    let venv = steps.step("Python venv (moto, boto3, mcp, selenium)", || {
        deps::ensure_venv(ctx)
    })?;
    let moto = steps.step("local S3 server (moto)", || start_moto(ctx, &venv, logs))?;
    steps.step("Rust tests", || rust_tests(ctx, &moto, &venv))?;
    drop(moto);
    Ok(steps.summary(
        "xtask test --quick",
        &["apt", "UI checks", "app end-to-end test"],
    ))
}

fn test_package_only(ctx: &mut Ctx, logs: &Path) -> Result<String> {
    let mut steps = Steps::new(3);
    steps.step("system packages (apt)", || {
        let mut all = deps::APT_BUILD.to_vec();
        all.extend_from_slice(deps::APT_TEST);
        deps::ensure_apt(ctx, &all)
    })?;
    let venv = steps.step("Python venv (moto, boto3, mcp, selenium)", || {
        deps::ensure_venv(ctx)
    })?;
    steps.step("package check", || {
        crate::package::ci_check(ctx, &venv, logs)
    })?;
    Ok(steps.summary(
        "xtask test --package-only",
        &["UI checks", "fmt", "clippy", "Rust tests", "app e2e"],
    ))
}

fn test_e2e_only(ctx: &mut Ctx, logs: &Path) -> Result<String> {
    let need_ui = !ctx.root.join("ui").join("dist").exists();
    let mut steps = Steps::new(if need_ui { 5 } else { 4 });
    steps.step("system packages (apt)", || {
        let mut all = deps::APT_BUILD.to_vec();
        all.extend_from_slice(deps::APT_TEST);
        deps::ensure_apt(ctx, &all)
    })?;
    let venv = steps.step("Python venv (moto, boto3, mcp, selenium)", || {
        deps::ensure_venv(ctx)
    })?;
    if need_ui {
        steps.step("UI build (ui/dist is missing)", || {
            deps::ensure_node(ctx)?;
            deps::ensure_ui_modules(ctx)?;
            deps::npm_run(ctx, "build")
        })?;
    }
    let moto = steps.step("local S3 server (moto)", || start_moto(ctx, &venv, logs))?;
    steps.step("app end-to-end test under Xvfb", || {
        app_e2e(ctx, &venv, &moto, logs)
    })?;
    drop(moto);
    Ok(steps.summary(
        "xtask test --e2e-only",
        &["UI checks", "fmt", "clippy", "Rust tests"],
    ))
}

fn ui_checks(ctx: &mut Ctx) -> Result<()> {
    deps::ensure_node(ctx)?;
    deps::ensure_ui_modules(ctx)?;
    let scripts = deps::ui_scripts(ctx)?;
    for required in ["check", "lint", "build"] {
        if !scripts.iter().any(|s| s == required) {
            bail!("ui/package.json has no `{required}` script");
        }
    }
    deps::npm_run(ctx, "check")?;
    deps::npm_run(ctx, "lint")?;
    deps::npm_run(ctx, "build")?;
    if scripts.iter().any(|s| s == "test") {
        deps::npm_run(ctx, "test")?;
    } else {
        eprintln!("ui/package.json has no `test` script: skipping npm test");
    }
    // Browser tests of the built UI in headless Chromium (/usr/bin/chromium, mocked IPC).
    if scripts.iter().any(|s| s == "test:browser") {
        deps::npm_run(ctx, "test:browser")?;
    }
    Ok(())
}

fn fmt(ctx: &Ctx) -> Result<()> {
    run_cmd(ctx.cargo().args(["fmt", "--all", "--", "--check"]))
        .context("formatting differs: run `cargo fmt --all`")
}

fn clippy(ctx: &Ctx) -> Result<()> {
    run_cmd(ctx.cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

pub(crate) fn start_moto(ctx: &Ctx, venv: &Path, logs: &Path) -> Result<Moto> {
    let moto = Moto::start(
        ctx.cmd(venv.join("bin").join("moto_server")),
        &logs.join("moto.log"),
    )?;
    for (key, value) in moto.env() {
        eprintln!("  {key}={value}");
    }
    Ok(moto)
}

fn rust_tests(ctx: &Ctx, moto: &Moto, venv: &Path) -> Result<()> {
    let mut env = moto.env();
    // The recurrence oracle (python-dateutil) runs in the tests' venv.
    env.push((
        "VALET_TEST_PYTHON",
        venv.join("bin").join("python").display().to_string(),
    ));
    let nextest = crate::util::output(ctx.cargo().args(["nextest", "--version"])).is_some();
    if nextest {
        run_cmd(
            ctx.cargo()
                .args(["nextest", "run", "--workspace", "--no-tests=warn"])
                .envs(env.iter().cloned()),
        )?;
        run_cmd(
            ctx.cargo()
                .args(["test", "--workspace", "--doc"])
                .envs(env.iter().cloned()),
        )
    } else {
        eprintln!("(cargo-nextest is not installed: using cargo test)");
        run_cmd(
            ctx.cargo()
                .args(["test", "--workspace"])
                .envs(env.iter().cloned()),
        )
    }
}

/// `valet mcp` through real third-party clients: the official Python SDK (every tool, resource,
/// prompt, bad inputs, a CLI write seen live) and the MCP Inspector CLI in `--strict` mode.
fn mcp_e2e(ctx: &Ctx, venv: &Path, logs: &Path) -> Result<()> {
    run_cmd(ctx.cargo().args(["build", "-p", "valet-cli"]))?;
    let valet = existing(ctx.target.join("debug").join("valet"))?;
    let script = ctx.root.join("tests").join("e2e").join("mcp_client.py");
    run_cmd(
        ctx.cmd(venv.join("bin").join("python"))
            .arg(&script)
            .arg("--valet")
            .arg(&valet),
    )?;
    // Concurrency load: 4 MCP sessions and the CLI on one replica; nothing acknowledged is lost.
    let load = ctx.root.join("tests").join("e2e").join("load.py");
    run_cmd(
        ctx.cmd(venv.join("bin").join("python"))
            .arg(&load)
            .arg("--valet")
            .arg(&valet)
            .args(["--ops", "50"]),
    )?;
    // Crash consistency (issue 8): kill -9 during writes, import, migrate and sync (100 runs;
    // `cargo xtask soak` runs 1,000), plus the torn-change-log-line probe.
    run_cmd(
        ctx.cmd(venv.join("bin").join("python"))
            .arg(ctx.root.join("tests").join("e2e").join("kills.py"))
            .arg("--valet")
            .arg(&valet)
            .arg("--probe-torn-log"),
    )?;
    // Reliability (issue 8): sync through a TCP proxy that drops, delays and truncates;
    // prefix isolation checked against moto's request log; a whole-run secret scan. Its own
    // moto servers; error messages must be plain words (--strict-words).
    let faults = ctx.root.join("tests").join("e2e").join("faults.py");
    run_cmd(
        ctx.cmd(venv.join("bin").join("python"))
            .arg(&faults)
            .arg("--valet")
            .arg(&valet)
            .arg("--strict-words"),
    )?;

    let (node, inspector) = deps::ensure_inspector(ctx)?;
    let data_dir = fresh_dir(&logs.join("inspector-data"))?;
    let node_dir = node.parent().context("node has no folder")?;
    let path = format!(
        "{}:{}",
        node_dir.display(),
        env::var("PATH").unwrap_or_default()
    );
    // Over stdio (how Claude Desktop launches it), then over Streamable HTTP with a token.
    let strict = |target: &[String]| -> Result<()> {
        let out = ctx
            .cmd(&inspector)
            .env("PATH", &path)
            .arg("--cli")
            .args(target)
            .args(["--method", "tools/list", "--strict"])
            .output()
            .context("running the MCP Inspector")?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let findings: Vec<&str> = stderr
            .lines()
            .filter(|l| {
                l.starts_with("Warning") || l.starts_with("Error") || l.contains(" errors,")
            })
            .collect();
        if !out.status.success() || !findings.is_empty() {
            bail!(
                "MCP Inspector --strict tools/list failed ({}) on {target:?}:\n{stderr}",
                out.status
            );
        }
        let listed: serde_json::Value =
            serde_json::from_slice(&out.stdout).context("the Inspector printed no JSON")?;
        let n = listed["tools"].as_array().map_or(0, Vec::len);
        // One listed tool per job (crates/valet-mcp/src/catalog.rs): 10.
        if n != 10 {
            bail!("MCP Inspector listed {n} tools over {target:?}, expected 10");
        }
        Ok(())
    };
    strict(&[
        "-e".into(),
        format!("VALET_DATA_DIR={}", data_dir.display()),
        valet.display().to_string(),
        "mcp".into(),
    ])?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let token = format!("inspector-{}", "t".repeat(32));
    let mut server = ctx
        .cmd(&valet)
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["mcp", "--http", &format!("127.0.0.1:{port}")])
        .env("VALET_MCP_TOKEN", &token)
        .env("VALET_LOG", "warn")
        .spawn()
        .context("starting valet mcp --http")?;
    let ready = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let over_http = if ready {
        strict(&[
            format!("http://127.0.0.1:{port}/mcp"),
            "--transport".into(),
            "http".into(),
            "--header".into(),
            format!("Authorization: Bearer {token}"),
        ])
    } else {
        Err(anyhow::anyhow!(
            "valet mcp --http did not listen on port {port}"
        ))
    };
    let _ = server.kill();
    let _ = server.wait();
    over_http?;
    eprintln!(
        "MCP Inspector --strict over stdio and Streamable HTTP: 10 tools, no errors or warnings"
    );
    Ok(())
}

/// The todo the CLI adds before the app starts; the e2e test expects to see it.
const E2E_TODO: &str = "Buy milk";

/// What a test in the real window needs: its script (`tests/e2e/NAME`), tauri-driver, and the
/// app and the CLI built; returns the script, tauri-driver and the app.
pub(crate) fn window_test(ctx: &Ctx, name: &str) -> Result<(PathBuf, PathBuf, PathBuf)> {
    let script = ctx.root.join("tests").join("e2e").join(name);
    if !script.exists() {
        bail!("tests/e2e/{name} missing");
    }
    let tauri_driver = deps::ensure_tauri_driver(ctx)?;
    run_cmd(&mut build_app(ctx))?;
    let app = existing(ctx.target.join("debug").join("valet-app"))?;
    Ok((script, tauri_driver, app))
}

fn app_e2e(ctx: &Ctx, venv: &Path, moto: &Moto, logs: &Path) -> Result<()> {
    let (script, tauri_driver, app) = window_test(ctx, "app_window.py")?;
    let debug = ctx.target.join("debug");
    let valet = existing(debug.join("valet"))?;
    let data_dir = fresh_dir(&logs.join("e2e-data"))?;
    let screenshots = fresh_dir(&logs.join("screenshots"))?;

    run_cmd(
        ctx.cmd(&valet)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["todo", "add", E2E_TODO]),
    )?;

    let xvfb = Xvfb::start(ctx, &logs.join("xvfb.log"))?;
    // The script (owned by the e2e tests) names the CLI option `--cli`; `--valet` was the first
    // draft of its interface. Pass whichever it defines.
    let source =
        fs::read_to_string(&script).with_context(|| format!("reading {}", script.display()))?;
    let cli_flag = if source.contains("\"--cli\"") {
        "--cli"
    } else {
        "--valet"
    };
    let mut cmd = ctx.cmd(venv.join("bin").join("python"));
    cmd.arg(&script)
        .arg("--app")
        .arg(&app)
        .arg(cli_flag)
        .arg(&valet)
        .arg("--data-dir")
        .arg(&data_dir)
        .arg("--screenshots")
        .arg(&screenshots);
    if source.contains("\"--expect\"") {
        cmd.args(["--expect", E2E_TODO]);
    }
    window_env(&mut cmd, &xvfb, &tauri_driver).envs(moto.env());
    let mut result = run_cmd(&mut cmd);
    // Every view in both themes on the demo data set, axe-core in the real window.
    if result.is_ok() {
        result = crate::screenshots::take(ctx, venv, &screenshots.join("real-window"), logs, true);
    }
    // Signed updates: a feed on 127.0.0.1 with a key made at test time; a good package is
    // verified, a tampered one and one signed with another key are refused.
    let updater = ctx.root.join("tests").join("e2e").join("updater.py");
    if result.is_ok() && updater.exists() {
        let mut cmd = ctx.cmd(venv.join("bin").join("python"));
        window_env(&mut cmd, &xvfb, &tauri_driver);
        result = run_cmd(
            cmd.arg(&updater)
                .arg("--app")
                .arg(&app)
                .arg("--tauri-cli")
                .arg(
                    ctx.root
                        .join("ui")
                        .join("node_modules")
                        .join(".bin")
                        .join("tauri"),
                )
                .arg("--screenshots")
                .arg(&screenshots),
        );
    }
    // Concurrency load with the app as a writer too: its window adds todos while 4 MCP
    // sessions and the CLI hammer the same replica.
    let load = ctx.root.join("tests").join("e2e").join("load.py");
    if result.is_ok() {
        let mut cmd = ctx.cmd(venv.join("bin").join("python"));
        window_env(&mut cmd, &xvfb, &tauri_driver);
        result = run_cmd(
            cmd.arg(&load)
                .arg("--valet")
                .arg(&valet)
                .arg("--app")
                .arg(&app)
                .args(["--ops", "30"])
                .env("VALET_LOG", "warn"),
        );
    }
    // The tray's quick add and the keychain, in their own D-Bus session with a temporary HOME
    // and a fresh gnome-keyring (the script re-runs itself under dbus-run-session).
    let tray = ctx.root.join("tests").join("e2e").join("tray_keychain.py");
    if result.is_ok() && tray.exists() {
        let mut cmd = ctx.cmd(venv.join("bin").join("python"));
        window_env(&mut cmd, &xvfb, &tauri_driver);
        result = run_cmd(
            cmd.arg(&tray)
                .arg("--app")
                .arg(&app)
                .arg("--cli")
                .arg(&valet)
                .arg("--screenshots")
                .arg(&screenshots)
                .envs(moto.env()),
        );
    }
    // Reminders with a real notification daemon, in their own D-Bus session and HOME (the
    // script re-runs itself under dbus-run-session).
    let reminders = ctx.root.join("tests").join("e2e").join("reminders.py");
    if result.is_ok() {
        let mut cmd = ctx.cmd(venv.join("bin").join("python"));
        window_env(&mut cmd, &xvfb, &tauri_driver);
        result = run_cmd(
            cmd.arg(&reminders)
                .arg("--app")
                .arg(&app)
                .arg("--cli")
                .arg(&valet)
                .arg("--screenshots")
                .arg(&screenshots),
        );
    }
    drop(xvfb);
    eprintln!("screenshots: {}", screenshots.display());
    result
}

/// What a script driving the app window needs: the Xvfb display over X11, no accessibility
/// bus (GTK would warn about it), and tauri-driver.
pub(crate) fn window_env<'a>(
    cmd: &'a mut Command,
    xvfb: &Xvfb,
    tauri_driver: &Path,
) -> &'a mut Command {
    cmd.env("DISPLAY", xvfb.display())
        .env_remove("WAYLAND_DISPLAY")
        .env("GDK_BACKEND", "x11")
        .env("NO_AT_BRIDGE", "1")
        .env("TAURI_DRIVER", tauri_driver)
}

pub(crate) fn existing(path: PathBuf) -> Result<PathBuf> {
    if path.exists() {
        Ok(path)
    } else {
        bail!("{} missing after the build", path.display())
    }
}

/// An empty directory at `path` (whatever was there is removed; it stays after the run so a
/// failure can be looked at).
pub(crate) fn fresh_dir(path: &Path) -> Result<PathBuf> {
    if path.exists() {
        fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    }
    fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))?;
    Ok(path.to_path_buf())
}

/// `cargo xtask with-s3 -- COMMAND...`: the Rust-tests environment, for one command.
pub fn with_s3(ctx: &Ctx, command: &[String]) -> Result<ExitCode> {
    let (program, args) = command.split_first().context("no command given")?;
    let logs = ctx.target.join("test-logs");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let venv = deps::ensure_venv(ctx)?;
    let moto = start_moto(ctx, &venv, &logs)?;
    let mut cmd = ctx.cmd(program);
    cmd.args(args)
        .envs(moto.env())
        .current_dir(env::current_dir().context("reading the current directory")?)
        .stdin(std::process::Stdio::inherit());
    let shown = show(&cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    drop(moto);
    Ok(exit_code(status.code()))
}
