//! Coverage-guided fuzzing (`fuzz/`, cargo-fuzz + libFuzzer) on stable with
//! `RUSTC_BOOTSTRAP=1`: the record reader, the legacy importer, the quick-add parser and (in
//! the soak, as it builds the MCP crate) the MCP argument parser. A crash or a failed check
//! fails the run and leaves the input under `fuzz/artifacts/<target>/`.

use anyhow::{Context, Result};

use crate::util::{output, run, Ctx};

/// The targets that build from valet-core alone (cheap enough for every test run).
pub const CORE: &[&str] = &["record", "legacy", "quickadd"];
/// Every target; `mcp_args` needs the `mcp` feature.
pub const ALL: &[&str] = &["record", "legacy", "quickadd", "mcp_args"];

/// `cargo fuzz` as the tests run it: the one on PATH, else one installed under
/// `target/tools/cargo` (never into `~/.cargo/bin`). Returns the context whose PATH finds it.
pub fn ensure_cargo_fuzz(ctx: &Ctx) -> Result<Ctx> {
    let root = ctx.target.join("tools").join("cargo");
    let mut ours = ctx.clone();
    ours.prepend_path(&root.join("bin"));
    if output(ours.cargo().args(["fuzz", "--version"])).is_some() {
        return Ok(ours);
    }
    run(ctx
        .cargo()
        .args(["install", "cargo-fuzz", "--locked", "--root"])
        .arg(&root))
    .context("installing cargo-fuzz from the crate registry into target/tools/cargo")?;
    Ok(ours)
}

/// Seed inputs (read, never written) that start a target deep in its format: the golden
/// record files, the legacy fixture's files.
fn seeds(t: &str) -> &'static [&'static str] {
    match t {
        "record" => &["crates/valet-core/tests/golden"],
        "legacy" => &[
            "crates/valet-service/tests/fixtures/legacy-quirks",
            "crates/valet-service/tests/fixtures/legacy-quirks/days",
            "crates/valet-service/tests/fixtures/legacy-quirks/data/days",
            "crates/valet-service/tests/fixtures/legacy-quirks/data/old-archive",
        ],
        _ => &[],
    }
}

/// Runs each of `targets` for `secs` seconds.
pub fn run_targets(ctx: &Ctx, targets: &[&str], secs: u32) -> Result<()> {
    let ctx = &ensure_cargo_fuzz(ctx)?;
    for t in targets {
        let mut cmd = ctx.cargo();
        cmd.args(["fuzz", "run", "--sanitizer", "none"])
            .env("RUSTC_BOOTSTRAP", "1");
        if *t == "mcp_args" {
            cmd.args(["--features", "mcp"]);
        }
        // The first corpus folder is where libFuzzer keeps what it finds; the seeds follow.
        let corpus = ctx.root.join("fuzz").join("corpus").join(t);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("creating {}", corpus.display()))?;
        cmd.arg(t).arg(&corpus);
        for s in seeds(t) {
            let dir = ctx.root.join(s);
            if dir.is_dir() {
                cmd.arg(dir);
            }
        }
        cmd.args([
            "--",
            &format!("-max_total_time={secs}"),
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
        ]);
        run(&mut cmd).with_context(|| format!("fuzz target {t}"))?;
    }
    Ok(())
}
