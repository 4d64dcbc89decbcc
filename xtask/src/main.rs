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
mod cli;
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

use crate::cli::Task;

fn profile(debug: bool) -> package::Profile {
    if debug {
        package::Profile::Debug
    } else {
        package::Profile::Release
    }
}

fn main() -> ExitCode {
    let task = match cli::task(&cli::command().get_matches()) {
        Ok(task) => task,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            return ExitCode::from(2);
        }
    };
    let mut ctx = match util::Ctx::new() {
        Ok(ctx) => ctx,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            return ExitCode::FAILURE;
        }
    };
    let target = ctx.target.clone();
    let result = match task {
        Task::Run {
            headless,
            seconds,
            args,
        } => tasks::run(ctx, &args, tasks::RunOptions { headless, seconds }),
        Task::Test {
            quick,
            no_e2e,
            e2e_only,
            package_only,
        } => tasks::test(
            ctx,
            tasks::TestOptions {
                quick,
                e2e: !no_e2e && !quick,
                e2e_only,
                package_only,
            },
        ),
        Task::Bench(args) => bench::bench(&mut ctx, &args),
        Task::WithS3(command) => tasks::with_s3(&ctx, &command),
        Task::Soak(args) => {
            soak::run(&mut ctx, args.iter().any(|a| a == "--quick")).map(|()| ExitCode::SUCCESS)
        }
        Task::Screenshots => screenshots::run(&mut ctx).map(|()| ExitCode::SUCCESS),
        Task::Bundle { debug } => package::bundle(ctx, profile(debug)).map(|_| ExitCode::SUCCESS),
        Task::Release {
            base_url,
            notes,
            out,
            debug,
        } => std::env::var("TAURI_SIGNING_PRIVATE_KEY")
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
                        profile: profile(debug),
                        key,
                        base_url,
                        notes,
                        out,
                        version: None,
                    },
                )
            })
            .map(|_| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if let Some(space) = util::free_space(&target) {
                eprintln!("\nxtask: disk: {space}");
            }
            eprintln!("\nxtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
