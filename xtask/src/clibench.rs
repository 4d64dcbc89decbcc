//! `cargo xtask bench -- --only cli`: every everyday `valet` command on a 10,000-todo store,
//! release build, warm cache, hyperfine-style (warm-up runs, then the median of repeated runs),
//! beside the floor measured in the same run: `valet --version`, a process that starts and
//! exits without touching the store. Target (issue 18): each under 50 ms.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};

use crate::bench::{build_snapshot, write_todos};
use crate::tasks::{existing, fresh_dir};
use crate::util::Ctx;

const TARGET_MS: f64 = 50.0;

pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Median wall time of `args`, after `warm` unmeasured runs.
pub(crate) fn time(
    valet: &Path,
    data: &Path,
    args: &[&str],
    warm: usize,
    runs: usize,
) -> Result<f64> {
    let mut out = Vec::with_capacity(runs);
    for i in 0..warm + runs {
        let t = Instant::now();
        let st = Command::new(valet)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .env("VALET_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("running valet {args:?}"))?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if !st.success() {
            bail!("valet {args:?} failed ({st})");
        }
        if i >= warm {
            out.push(ms);
        }
    }
    Ok(median(out))
}

pub fn run(ctx: &Ctx, quick: bool) -> Result<()> {
    let n = if quick { 1_000 } else { 10_000 };
    let runs = if quick { 5 } else { 15 };
    let data = fresh_dir(&ctx.target.join("bench").join("cli"))?;
    write_todos(&data, n)?;
    build_snapshot(ctx, &data)?;
    let valet = existing(ctx.target.join("release").join("valet"))?;
    let id = "01900000-0000-7000-8000-00000000002a";
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("todo list", vec!["todo", "list"]),
        (
            "todo list --json --all",
            vec!["todo", "list", "--json", "--all"],
        ),
        (
            "todo list --due overdue",
            vec!["todo", "list", "--due", "overdue"],
        ),
        ("todo show ID", vec!["todo", "show", id]),
        ("todo add TEXT", vec!["todo", "add", "Benchmark todo"]),
        (
            "todo update ID --priority high",
            vec!["todo", "update", id, "--priority", "high"],
        ),
        (
            "add LINE (quick add)",
            vec!["add", "Call the bank tomorrow 9am !high #finance"],
        ),
        ("search WORDS", vec!["search", "follow up team"]),
        ("today", vec!["today"]),
        ("upcoming", vec!["upcoming"]),
        ("day show", vec!["day", "show"]),
        ("plan add TEXT", vec!["plan", "add", "Benchmark task"]),
        (
            "journal add TEXT",
            vec!["journal", "add", "Benchmark entry"],
        ),
        ("status", vec!["status"]),
        ("project list", vec!["project", "list"]),
        ("tags", vec!["tags"]),
        ("config list", vec!["config", "list"]),
    ];
    let floor = time(&valet, &data, &["--version"], 3, runs)?;
    println!(
        "\n## CLI on {n} todos (release, warm cache; median of {runs} runs after 3 warm-ups)\n"
    );
    println!("| command | ms | target ms | over the floor ({floor:.1} ms: `valet --version`) |");
    println!("|---|---|---|---|");
    let mut over = Vec::new();
    for (name, args) in &cases {
        let ms = time(&valet, &data, args, 3, runs)?;
        println!(
            "| `valet {name}` | {ms:.1} | {TARGET_MS:.0} | {:.1}x |",
            ms / floor.max(0.1)
        );
        if ms > TARGET_MS {
            over.push(format!("{name} {ms:.1} ms"));
        }
    }
    if over.is_empty() {
        println!("\nevery command under {TARGET_MS:.0} ms");
    } else {
        println!("\nover {TARGET_MS:.0} ms: {}", over.join(", "));
    }
    Ok(())
}
