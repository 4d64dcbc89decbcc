//! `cargo xtask`: Valet's developer entry points (`run`, `test`, `bench`).
//!
//! The README promises that `cargo xtask run` and `cargo xtask test` work on a fresh Debian
//! machine, and `.ci/run` is just `cargo xtask test`, so everything a developer or CI needs
//! (system packages, Node tools, a Python venv, a local S3 server, Xvfb) is set up from here.

// xtask is a developer tool talking to a terminal, not the MCP server: printing to stdout is
// its job, so the workspace-wide `print_stdout` lint does not apply here.
#![allow(clippy::print_stdout)]

mod appbench;
mod bench;
mod clibench;
mod deps;
mod fuzz;
mod headless;
mod moto;
mod package;
mod scalebench;
mod screenshots;
mod setupbench;
mod soak;
mod tasks;
mod util;
mod xvfb;

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Developer entry points for the Valet workspace.
#[derive(Parser, Debug)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Install what is missing, build the UI and start the desktop app.
    ///
    /// Installs the Tauri system packages with apt-get when running as root (otherwise prints
    /// the exact command and stops), runs `npm ci` in ui/ when needed, `npm run build`, then
    /// `cargo run -p valet-app -- ARGS`.
    Run(RunArgs),
    /// Run every check and test: system deps, UI checks, fmt, clippy, Rust tests against a local
    /// S3 server (moto), and the app end-to-end test under Xvfb.
    Test(TestArgs),
    /// Run the benchmarks: store (criterion), sync, MCP, transfer, and the desktop app against a
    /// blank Tauri app. `-- --quick` for fewer runs, `-- --only app` (or store, planner, sync, mcp,
    /// transfer) for one part.
    Bench(BenchArgs),
    /// Start the local S3 server (moto) and run one command with the test S3 environment, e.g.
    /// `cargo xtask with-s3 -- cargo test -p valet-store`.
    WithS3(WithS3Args),
    /// The reliability campaign at full size: 1,000 kills, sync through a faulty proxy, a long
    /// load with the app writing too, property tests with many cases (`-- --quick`: a tenth).
    Soak(BenchArgs),
    /// Build the .deb and .rpm: the app with `valet` as its sidecar (see docs/ARCHITECTURE.md).
    Bundle(BundleArgs),
    /// The README's screenshots: every view in both themes from the real window on a realistic
    /// demo data set (docs/screenshots/), with axe-core run in the window on each.
    Screenshots,
    /// Bundle, sign with TAURI_SIGNING_PRIVATE_KEY (never in the repo) and write latest.json
    /// for the updater: upload the output folder to --base-url.
    Release(ReleaseArgs),
}

#[derive(Args, Debug)]
struct BundleArgs {
    /// Build with the debug profile (minutes instead of a ~16-minute release build; CI uses it).
    #[arg(long)]
    debug: bool,
}

#[derive(Args, Debug)]
struct ReleaseArgs {
    /// Where the packages will be downloaded from, e.g. https://releases.valet.dev/stable/
    #[arg(long)]
    base_url: String,
    /// Release notes shown in Settings before the person installs.
    #[arg(long, default_value = "")]
    notes: String,
    /// Output folder (default target/release-out/VERSION).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Build with the debug profile (for testing the release flow quickly).
    #[arg(long)]
    debug: bool,
}

#[derive(Args, Debug)]
struct RunArgs {
    /// Run under a virtual X server (Xvfb) even when there is a display (without one, this is
    /// what happens anyway), with a screenshot of the first window in target/run/.
    #[arg(long)]
    headless: bool,
    /// With --headless: stop after this many seconds, failing unless the window came up and
    /// rendered (what CI runs).
    #[arg(long = "for", value_name = "SECS", requires = "headless")]
    seconds: Option<u64>,
    /// Arguments passed to the app (write them after `--`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "APP_ARGS"
    )]
    args: Vec<String>,
}

#[derive(Args, Debug)]
struct TestArgs {
    /// Only fmt, clippy and the Rust tests (with the local S3 server): no apt, no UI checks, no
    /// end-to-end test. For iterating on Rust code.
    #[arg(long)]
    quick: bool,
    /// Everything except the app end-to-end test under Xvfb.
    #[arg(long, conflicts_with = "quick")]
    no_e2e: bool,
    /// Only the app end-to-end test (plus what it needs: apt, venv, ui/dist, the S3 server).
    /// For iterating on tests/e2e/.
    #[arg(long, conflicts_with_all = ["quick", "no_e2e"])]
    e2e_only: bool,
    /// Only the package check: build the .deb (debug), install it, run it, and let it find a
    /// signed update served from 127.0.0.1. Needs root (apt-get install).
    #[arg(long, conflicts_with_all = ["quick", "no_e2e", "e2e_only"])]
    package_only: bool,
}

#[derive(Args, Debug)]
struct BenchArgs {
    /// Arguments passed to the benchmark harness (write them after `--`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "BENCH_ARGS"
    )]
    args: Vec<String>,
}

#[derive(Args, Debug)]
struct WithS3Args {
    /// The command and its arguments (write them after `--`).
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required = true,
        value_name = "COMMAND"
    )]
    command: Vec<String>,
}

fn profile(debug: bool) -> package::Profile {
    if debug {
        package::Profile::Debug
    } else {
        package::Profile::Release
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut ctx = match util::Ctx::new() {
        Ok(ctx) => ctx,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::Run(args) => tasks::run(
            ctx,
            &args.args,
            tasks::RunOptions {
                headless: args.headless,
                seconds: args.seconds,
            },
        ),
        Command::Test(args) => tasks::test(
            ctx,
            tasks::TestOptions {
                quick: args.quick,
                e2e: !args.no_e2e && !args.quick,
                e2e_only: args.e2e_only,
                package_only: args.package_only,
            },
        ),
        Command::Bench(args) => bench::bench(&mut ctx, &args.args),
        Command::WithS3(args) => tasks::with_s3(&ctx, &args.command),
        Command::Soak(args) => soak::run(&mut ctx, args.args.iter().any(|a| a == "--quick"))
            .map(|()| ExitCode::SUCCESS),
        Command::Screenshots => screenshots::run(&mut ctx).map(|()| ExitCode::SUCCESS),
        Command::Bundle(args) => {
            package::bundle(ctx, profile(args.debug)).map(|_| ExitCode::SUCCESS)
        }
        Command::Release(args) => std::env::var("TAURI_SIGNING_PRIVATE_KEY")
            .map_err(|_| {
                anyhow::anyhow!(
                    "TAURI_SIGNING_PRIVATE_KEY is not set: give the updater signing key (its \
                     text, or the path of its file); make one with \
                     `ui/node_modules/.bin/tauri signer generate` and put its public half in \
                     tauri.conf.json (plugins.updater.pubkey)"
                )
            })
            .and_then(|key| {
                package::release(
                    &mut ctx,
                    package::ReleaseArgs {
                        profile: profile(args.debug),
                        key,
                        base_url: args.base_url,
                        notes: args.notes,
                        out: args.out,
                        version: None,
                    },
                )
            })
            .map(|_| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("\nxtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
