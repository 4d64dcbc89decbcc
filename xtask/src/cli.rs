//! The command line of `cargo xtask`, built with clap's builder API: no derive macros, so xtask
//! itself compiles without syn (building xtask is the first wait of a fresh clone, and none of
//! its crates are reused by the app's build, whose feature sets differ).

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};

/// What to do, as parsed.
#[derive(Debug, PartialEq, Eq)]
pub enum Task {
    Run {
        headless: bool,
        seconds: Option<u64>,
        args: Vec<String>,
    },
    Test {
        quick: bool,
        no_e2e: bool,
        e2e_only: bool,
        package_only: bool,
    },
    Bench(Vec<String>),
    WithS3(Vec<String>),
    Soak(Vec<String>),
    Bundle {
        debug: bool,
    },
    Screenshots,
    Release {
        base_url: String,
        notes: String,
        out: Option<PathBuf>,
        debug: bool,
    },
}

fn flag(name: &'static str, help: &'static str) -> Arg {
    Arg::new(name)
        .long(name)
        .action(ArgAction::SetTrue)
        .help(help)
}

/// Everything after `--` (or the first free word), passed on untouched.
fn rest(value_name: &'static str, help: &'static str) -> Arg {
    Arg::new("rest")
        .num_args(0..)
        .trailing_var_arg(true)
        .allow_hyphen_values(true)
        .value_name(value_name)
        .help(help)
}

const DEBUG_BUNDLE: &str =
    "Build with the debug profile (minutes instead of a ~16-minute release build; CI uses it)";

/// The whole command line, with its help texts.
pub fn command() -> Command {
    Command::new("cargo xtask")
        .bin_name("cargo xtask")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Developer entry points for the Valet workspace")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("run")
                .about("Install what is missing, build the UI and start the desktop app")
                .long_about(
                    "Install what is missing, build the UI and start the desktop app.\n\n\
                     Installs the Tauri system packages with apt-get when running as root \
                     (otherwise prints the exact command and stops), runs `npm ci` in ui/ when \
                     needed, `npm run build`, builds the app and the `valet` CLI, then starts \
                     the app with ARGS.",
                )
                .arg(flag(
                    "headless",
                    "Run under a virtual X server (Xvfb) even when there is a display (without \
                     one, this is what happens anyway), with a screenshot of the first window \
                     in target/run/",
                ))
                .arg(
                    Arg::new("for")
                        .long("for")
                        .value_name("SECS")
                        .value_parser(value_parser!(u64))
                        .requires("headless")
                        .help(
                            "With --headless: stop after this many seconds, failing unless the \
                             window came up and rendered (what CI runs)",
                        ),
                )
                .arg(rest(
                    "APP_ARGS",
                    "Arguments passed to the app (write them after `--`)",
                )),
        )
        .subcommand(
            Command::new("test")
                .about(
                    "Run every check and test: system deps, UI checks, fmt, clippy, Rust tests \
                     against a local S3 server (moto), and the app end-to-end test under Xvfb",
                )
                .arg(flag(
                    "quick",
                    "Only fmt, clippy and the Rust tests (with the local S3 server): no apt, no \
                     UI checks, no end-to-end test. For iterating on Rust code",
                ))
                .arg(
                    flag(
                        "no-e2e",
                        "Everything except the app end-to-end test under Xvfb",
                    )
                    .conflicts_with("quick"),
                )
                .arg(
                    flag(
                        "e2e-only",
                        "Only the app end-to-end test (plus what it needs: apt, venv, ui/dist, \
                         the S3 server). For iterating on tests/e2e/",
                    )
                    .conflicts_with_all(["quick", "no-e2e"]),
                )
                .arg(
                    flag(
                        "package-only",
                        "Only the package check: build the .deb (debug), install it, run it, \
                         and let it find a signed update served from 127.0.0.1. Needs root \
                         (apt-get install)",
                    )
                    .conflicts_with_all(["quick", "no-e2e", "e2e-only"]),
                ),
        )
        .subcommand(
            Command::new("bench")
                .about(
                    "Run the benchmarks: store (criterion), sync, MCP, transfer, and the desktop \
                     app against a blank Tauri app. `-- --quick` for fewer runs, `-- --only app` \
                     (or setup, store, planner, sync, mcp, transfer) for one part",
                )
                .arg(rest(
                    "BENCH_ARGS",
                    "Arguments passed to the benchmark harness (write them after `--`)",
                )),
        )
        .subcommand(
            Command::new("with-s3")
                .about(
                    "Start the local S3 server (moto) and run one command with the test S3 \
                     environment, e.g. `cargo xtask with-s3 -- cargo test -p valet-store`",
                )
                .arg(
                    rest(
                        "COMMAND",
                        "The command and its arguments (write them after `--`)",
                    )
                    .required(true),
                ),
        )
        .subcommand(
            Command::new("soak")
                .about(
                    "The reliability campaign at full size: 1,000 kills, sync through a faulty \
                     proxy, a long load with the app writing too, property tests with many \
                     cases (`-- --quick`: a tenth)",
                )
                .arg(rest("ARGS", "`--quick` for a tenth of the campaign")),
        )
        .subcommand(
            Command::new("bundle")
                .about(
                    "Build the .deb and .rpm: the app with `valet` as its sidecar (see \
                     docs/ARCHITECTURE.md)",
                )
                .arg(flag("debug", DEBUG_BUNDLE)),
        )
        .subcommand(Command::new("screenshots").about(
            "The README's screenshots: every view in both themes from the real window on a \
             realistic demo data set (docs/screenshots/), with axe-core run in the window on each",
        ))
        .subcommand(
            Command::new("release")
                .about(
                    "Bundle, sign with TAURI_SIGNING_PRIVATE_KEY (never in the repo) and write \
                     latest.json for the updater: upload the output folder to --base-url",
                )
                .arg(
                    Arg::new("base-url")
                        .long("base-url")
                        .required(true)
                        .value_name("URL")
                        .help(
                            "Where the packages will be downloaded from, e.g. \
                             https://releases.valet.dev/stable/",
                        ),
                )
                .arg(
                    Arg::new("notes")
                        .long("notes")
                        .default_value("")
                        .help("Release notes shown in Settings before the person installs"),
                )
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_parser(value_parser!(PathBuf))
                        .help("Output folder (default target/release-out/VERSION)"),
                )
                .arg(flag(
                    "debug",
                    "Build with the debug profile (for testing the release flow quickly)",
                )),
        )
}

fn words(m: &ArgMatches) -> Vec<String> {
    m.get_many::<String>("rest")
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

/// The task the matches name.
pub fn task(matches: &ArgMatches) -> Result<Task> {
    let Some((name, m)) = matches.subcommand() else {
        bail!("no subcommand (see `cargo xtask --help`)");
    };
    Ok(match name {
        "run" => Task::Run {
            headless: m.get_flag("headless"),
            seconds: m.get_one::<u64>("for").copied(),
            args: words(m),
        },
        "test" => Task::Test {
            quick: m.get_flag("quick"),
            no_e2e: m.get_flag("no-e2e"),
            e2e_only: m.get_flag("e2e-only"),
            package_only: m.get_flag("package-only"),
        },
        "bench" => Task::Bench(words(m)),
        "with-s3" => Task::WithS3(words(m)),
        "soak" => Task::Soak(words(m)),
        "bundle" => Task::Bundle {
            debug: m.get_flag("debug"),
        },
        "screenshots" => Task::Screenshots,
        "release" => Task::Release {
            base_url: m.get_one::<String>("base-url").cloned().unwrap_or_default(),
            notes: m.get_one::<String>("notes").cloned().unwrap_or_default(),
            out: m.get_one::<PathBuf>("out").cloned(),
            debug: m.get_flag("debug"),
        },
        other => bail!("unknown subcommand {other:?} (see `cargo xtask --help`)"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Task {
        let m = command()
            .try_get_matches_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
            .unwrap();
        task(&m).unwrap()
    }

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }

    #[test]
    fn run_takes_headless_a_duration_and_the_app_s_arguments() {
        assert_eq!(
            parse(&["run", "--headless", "--for", "5", "--", "--data-dir", "x"]),
            Task::Run {
                headless: true,
                seconds: Some(5),
                args: vec!["--data-dir".into(), "x".into()],
            }
        );
        assert_eq!(
            parse(&["run"]),
            Task::Run {
                headless: false,
                seconds: None,
                args: vec![],
            }
        );
    }

    #[test]
    fn for_needs_headless_and_test_modes_exclude_each_other() {
        let bad = |args: &[&str]| {
            command()
                .try_get_matches_from(std::iter::once("cargo xtask").chain(args.iter().copied()))
                .is_err()
        };
        assert!(bad(&["run", "--for", "5"]));
        assert!(bad(&["test", "--quick", "--no-e2e"]));
        assert!(bad(&["test", "--e2e-only", "--package-only"]));
        assert!(bad(&["with-s3"]));
        assert!(bad(&["release"]));
        assert!(bad(&[]));
    }

    #[test]
    fn bench_and_with_s3_pass_their_words_on() {
        assert_eq!(
            parse(&["bench", "--", "--only", "setup", "--quick"]),
            Task::Bench(vec!["--only".into(), "setup".into(), "--quick".into()])
        );
        assert_eq!(
            parse(&["with-s3", "--", "cargo", "test", "-p", "valet-store"]),
            Task::WithS3(vec![
                "cargo".into(),
                "test".into(),
                "-p".into(),
                "valet-store".into()
            ])
        );
        assert_eq!(
            parse(&["test", "--no-e2e"]),
            Task::Test {
                quick: false,
                no_e2e: true,
                e2e_only: false,
                package_only: false,
            }
        );
        assert_eq!(
            parse(&["release", "--base-url", "https://x.test/s/", "--debug"]),
            Task::Release {
                base_url: "https://x.test/s/".into(),
                notes: String::new(),
                out: None,
                debug: true,
            }
        );
    }
}
