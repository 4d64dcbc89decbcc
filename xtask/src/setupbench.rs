//! `cargo xtask bench -- --only setup`: the first hour's wait, measured (issue 20). A fresh clone
//! of the committed HEAD runs `cargo xtask run --headless` with an empty target dir, timed from
//! the command to the first window (its phases read off the steps it prints), then the size of
//! its `target/`. `--baseline REV` times REV the same way in the same run, the peer the figure
//! is compared with; `--fresh-registry` also starts from an empty `CARGO_HOME` (every crate
//! downloaded, as on a new machine). Then, in HEAD's clone, the floor: a blank Tauri 2 app
//! (`bench/blank-app`) built cold the same way, what no Tauri app's first window can beat on this
//! machine (`--no-floor` skips it). Never part of a plain `cargo xtask bench`: each subject is a
//! cold build.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};

use crate::tasks::fresh_dir;
use crate::util::{output, run as run_cmd, Ctx};

/// The budget: `target/` after the first window.
const TARGET_GB: f64 = 4.0;

/// What the lines `cargo xtask run` prints mark, in order.
const MARKS: [(&str, &str); 5] = [
    ("==> [1/3]", "cargo xtask itself (build)"),
    ("==> [2/3]", "system packages (installed already)"),
    // Newer commits build the UI beside a cold cargo build; older ones built it in this step.
    ("==> [3/3]", "Node (older commits: and the UI)"),
    (
        "==> Valet is running",
        "app and CLI: cargo build (newer: the UI beside it)",
    ),
    ("first view interactive", "app start to the first view"),
];

/// One subject's timings: seconds at each mark (from the command's start) and the target size.
struct Timed {
    label: String,
    marks: Vec<Option<f64>>,
    target_bytes: u64,
}

pub fn run(ctx: &Ctx, args: &[String]) -> Result<()> {
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let fresh_registry = args.iter().any(|a| a == "--fresh-registry");
    let floor_too = !args.iter().any(|a| a == "--no-floor");
    let root = ctx.root.clone();
    let head =
        output(
            Command::new("git")
                .arg("-C")
                .arg(&root)
                .args(["rev-parse", "--short", "HEAD"]),
        )
        .context("git rev-parse HEAD")?;
    if output(Command::new("git").arg("-C").arg(&root).args([
        "status",
        "--porcelain",
        "--untracked-files=no",
    ]))
    .is_some_and(|s| !s.trim().is_empty())
    {
        eprintln!(
            "setup bench: uncommitted changes are not measured (the clone is of HEAD {head})"
        );
    }
    let base = ctx.target.join("bench").join("setup");
    let mut subjects = vec![(format!("HEAD {}", head.trim()), "HEAD".to_string())];
    if let Some(rev) = value("--baseline") {
        subjects.insert(0, (format!("baseline {rev}"), rev));
    }
    let mut results = Vec::new();
    let mut floor = None;
    for (i, (label, rev)) in subjects.iter().enumerate() {
        let dir = fresh_dir(&base.join(format!("s{i}")))?;
        let clone = dir.join("valet");
        run_cmd(
            Command::new("git")
                .args(["clone", "-q", "--no-hardlinks"])
                .arg(&root)
                .arg(&clone),
        )?;
        run_cmd(
            Command::new("git")
                .arg("-C")
                .arg(&clone)
                .args(["checkout", "-q", rev]),
        )?;
        let cargo_home = fresh_registry.then(|| dir.join("cargo-home"));
        let timed = first_window(
            ctx,
            label,
            &clone,
            cargo_home.as_deref(),
            &dir.join("run.log"),
        )?;
        results.push(timed);
        if floor_too && rev == "HEAD" {
            floor = Some(blank_floor(ctx, &clone, cargo_home.as_deref(), &dir)?);
        }
        // Keep the log, drop the 3 GB.
        std::fs::remove_dir_all(&clone).with_context(|| format!("removing {}", clone.display()))?;
        if let Some(home) = cargo_home {
            std::fs::remove_dir_all(&home).ok();
        }
    }
    report(&results, floor, fresh_registry);
    Ok(())
}

/// Runs `cargo xtask run --headless --for 2` in `clone` and notes when each mark was printed.
fn first_window(
    ctx: &Ctx,
    label: &str,
    clone: &Path,
    cargo_home: Option<&Path>,
    log: &Path,
) -> Result<Timed> {
    eprintln!(
        "\n==> setup bench, {label}: cold `cargo xtask run --headless` in {}",
        ctx.rel(clone).display()
    );
    let mut cmd = user_cargo(ctx, clone, cargo_home)?;
    cmd.args(["xtask", "run", "--headless", "--for", "2"]);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let t0 = Instant::now();
    let mut child = cmd
        .spawn()
        .context("starting cargo xtask run in the clone")?;
    let stderr = child.stderr.take().context("no stderr pipe")?;
    let mut marks = vec![None; MARKS.len()];
    let mut text = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        let at = t0.elapsed().as_secs_f64();
        for (k, (prefix, _)) in MARKS.iter().enumerate() {
            if marks[k].is_none() && line.contains(prefix) {
                marks[k] = Some(at);
                eprintln!("[setup bench {:>6.1} s] {line}", at);
            }
        }
        text.push_str(&line);
        text.push('\n');
    }
    let status = child.wait()?;
    std::fs::write(log, &text).with_context(|| format!("writing {}", log.display()))?;
    if !status.success() || marks.iter().any(Option::is_none) {
        bail!(
            "cargo xtask run in the clone did not reach its first window ({status}); its output is in {}",
            log.display()
        );
    }
    Ok(Timed {
        label: label.to_string(),
        marks,
        target_bytes: dir_bytes(&clone.join("target")),
    })
}

/// `cargo` in `clone` as a new user's shell runs it: none of the variables this `cargo run` set
/// for the xtask, and `CARGO_HOME` when the registry is to start empty.
fn user_cargo(ctx: &Ctx, clone: &Path, cargo_home: Option<&Path>) -> Result<Command> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(clone);
    for (key, value) in std::env::vars_os() {
        let name = key.to_string_lossy();
        let ours = (name.starts_with("CARGO") && name != "CARGO_HOME")
            || name == "RUSTC"
            || (name == "LD_LIBRARY_PATH"
                && value
                    .to_string_lossy()
                    .contains(&*ctx.target.to_string_lossy()));
        if ours {
            cmd.env_remove(&key);
        }
    }
    if let Some(home) = cargo_home {
        std::fs::create_dir_all(home)?;
        cmd.env("CARGO_HOME", home);
    }
    Ok(cmd)
}

/// Seconds a cold debug `cargo build` of the blank Tauri 2 app takes, in its own empty target
/// dir beside `clone` (the crates already downloaded by the run before it).
fn blank_floor(ctx: &Ctx, clone: &Path, cargo_home: Option<&Path>, dir: &Path) -> Result<f64> {
    let target = fresh_dir(&dir.join("blank-target"))?;
    eprintln!("\n==> setup bench, the floor: a blank Tauri 2 app, cold `cargo build -p blank-app`");
    let mut cmd = user_cargo(ctx, clone, cargo_home)?;
    cmd.args(["build", "-p", "blank-app"])
        .env("CARGO_TARGET_DIR", &target)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let t0 = Instant::now();
    let status = cmd.status().context("starting cargo build -p blank-app")?;
    let secs = t0.elapsed().as_secs_f64();
    std::fs::remove_dir_all(&target).ok();
    if !status.success() {
        bail!("the blank app's cold build failed ({status})");
    }
    eprintln!("[setup bench] blank Tauri app built cold in {secs:.1} s");
    Ok(secs)
}

/// Bytes on disk under `dir` (allocated blocks, what `du` counts).
fn dir_bytes(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    let mut total = 0;
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(meta) = e.path().symlink_metadata() else {
                continue;
            };
            total += meta.blocks() * 512;
            if meta.is_dir() {
                stack.push(e.path());
            }
        }
    }
    total
}

/// The `cargo build` phase of a subject: from the last step's mark to "Valet is running".
fn build_secs(t: &Timed) -> f64 {
    let k = MARKS.len() - 2;
    t.marks[k].unwrap_or(0.0) - t.marks[k - 1].unwrap_or(0.0)
}

fn report(results: &[Timed], floor: Option<f64>, fresh_registry: bool) {
    let registry = if fresh_registry {
        "an empty CARGO_HOME (every crate downloaded)"
    } else {
        "this machine's crate cache"
    };
    println!(
        "\n## Fresh clone to the first window: `cargo xtask run --headless`, empty target/, {registry}\n"
    );
    print!("| phase |");
    for r in results {
        print!(" {} s |", r.label);
    }
    println!("\n|---|{}", "---|".repeat(results.len()));
    for (k, (_, name)) in MARKS.iter().enumerate() {
        print!("| {name} |");
        for r in results {
            let end = r.marks[k].unwrap_or(0.0);
            let start = if k == 0 {
                0.0
            } else {
                r.marks[k - 1].unwrap_or(0.0)
            };
            print!(" {:.1} |", end - start);
        }
        println!();
    }
    print!("| **to the first window** |");
    for r in results {
        print!(" **{:.1}** |", r.marks[MARKS.len() - 1].unwrap_or(0.0));
    }
    print!("\n| target/ after (GB; budget {TARGET_GB}) |");
    for r in results {
        print!(" {:.2} |", r.target_bytes as f64 / 1e9);
    }
    println!();
    if let [base, head] = results {
        let (b, h) = (
            base.marks[MARKS.len() - 1].unwrap_or(0.0),
            head.marks[MARKS.len() - 1].unwrap_or(0.0),
        );
        if b > 0.0 {
            println!(
                "\nHEAD takes {:.2}x the baseline's time to the first window.",
                h / b
            );
        }
    }
    if let (Some(floor), Some(head)) = (floor, results.last()) {
        let build = build_secs(head);
        println!(
            "\nThe floor: a blank Tauri 2 app builds cold in {floor:.1} s; HEAD's cargo build phase \
             ({build:.1} s, the UI beside it) is {:.2}x that, and half of HEAD's first window would \
             be {:.1} s.",
            build / floor,
            head.marks[MARKS.len() - 1].unwrap_or(0.0) / 2.0
        );
    }
    for r in results {
        if r.target_bytes as f64 / 1e9 > TARGET_GB {
            println!(
                "OVER BUDGET: {} left {:.2} GB in target/",
                r.label,
                r.target_bytes as f64 / 1e9
            );
        }
    }
}
