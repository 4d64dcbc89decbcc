//! `cargo xtask bench`: the store, planner, sync, MCP, transfer and app benchmarks, each
//! beside a peer measured in the same run (or the legacy server's published figures).

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

use crate::deps;
use crate::tasks::{existing, fresh_dir, start_moto};
use crate::util::{run as run_cmd, Ctx};

/// `cargo xtask bench [-- ARGS]`: the store benchmark (10,000 todos beside the legacy layout),
/// then `valet mcp` through `../shared/tools/mcpbench.py` (when present) on a 10,000-todo
/// store, with ratios against the legacy server's figures in `../shared/docs/baselines.md`.
pub fn bench(ctx: &mut Ctx, args: &[String]) -> Result<ExitCode> {
    // `--only store|planner|sync|mcp|transfer|cli|scale|app|setup` runs one part (setup only by name); the rest goes to the store harness.
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let rest: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            *a != "--only" && args.get(i.wrapping_sub(1)).is_none_or(|p| p != "--only")
        })
        .map(|(_, a)| a)
        .collect();
    let part = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let quick = args.iter().any(|a| a == "--quick");
    if part("store") {
        let mut cmd = ctx.cargo();
        cmd.args(["bench", "-p", "valet-store", "--bench", "store"]);
        if !rest.is_empty() {
            cmd.arg("--").args(rest);
        }
        run_cmd(&mut cmd)?;
    }
    if part("planner") {
        let mut cmd = ctx.cargo();
        cmd.args(["bench", "-p", "valet-service", "--bench", "planner"]);
        if quick {
            cmd.args(["--", "--quick"]);
        }
        run_cmd(&mut cmd)?;
    }
    if part("sync") {
        sync_bench(ctx, quick)?;
    }
    if part("mcp") {
        mcp_bench(ctx, quick)?;
    }
    if part("transfer") {
        transfer_bench(ctx, quick)?;
    }
    if part("cli") {
        crate::clibench::run(ctx, quick)?;
    }
    if part("scale") {
        crate::scalebench::run(ctx, quick)?;
    }
    if part("app") {
        crate::appbench::run(ctx, quick)?;
    }
    // Cold builds: only when asked for by name.
    if only.as_deref() == Some("setup") {
        crate::setupbench::run(ctx, args)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the index snapshot once, as the first use on a real machine would.
pub(crate) fn build_snapshot(ctx: &Ctx, data: &Path) -> Result<()> {
    run_cmd(ctx.cargo().args(["build", "--release", "-p", "valet-cli"]))?;
    let valet = existing(ctx.target.join("release").join("valet"))?;
    run_cmd(ctx.cmd(&valet).arg("--data-dir").arg(data).arg("doctor"))
}

/// Sync request counts against moto, beside the original plan's one-object-per-item design.
fn sync_bench(ctx: &Ctx, quick: bool) -> Result<()> {
    let logs = ctx.target.join("test-logs").join("bench");
    fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let venv = deps::ensure_venv(ctx)?;
    let log = logs.join("moto.log");
    let moto = start_moto(ctx, &venv, &logs)?;
    let mut cmd = ctx.cargo();
    cmd.args([
        "bench",
        "-p",
        "valet-store",
        "--bench",
        "sync",
        "--",
        "--records",
        if quick { "1000" } else { "10000" },
    ])
    .envs(moto.env())
    .env("VALET_BENCH_S3_LOG", &log);
    let res = run_cmd(&mut cmd);
    drop(moto);
    res
}

/// The legacy JavaScript server's figures (baselines.md, same kind of machine, mcpbench.py):
/// (case, spawn ms, call p50 ms, call p99 ms, peak RSS MiB, answer bytes).
const LEGACY_MCP: [(&str, f64, f64, f64, f64, f64); 2] = [
    (
        "valet_todo_view {\"filter\":{\"limit\":50}}, 10,000 todos",
        184.0,
        14.0,
        21.0,
        151.0,
        19_274.0,
    ),
    (
        "valet_get_daily_context, 10,000 todos",
        178.0,
        129.0,
        187.0,
        201.0,
        3_848_353.0,
    ),
];

/// The tool list's model-visible tokens (o200k and cl100k BPE, tables inside the bpe-openai
/// crate): the count is exact, so the test that enforces the budget also prints the table.
fn tool_tokens(ctx: &Ctx) -> Result<()> {
    let out = ctx
        .cargo()
        .args([
            "test",
            "-p",
            "valet-mcp",
            "--test",
            "protocol",
            "--",
            "the_tool_list_costs",
            "--nocapture",
        ])
        .output()
        .context("counting the tool list's tokens")?;
    let text = String::from_utf8_lossy(&out.stdout);
    println!();
    for line in text
        .lines()
        .skip_while(|l| !l.starts_with("tool list, model-visible"))
        .take_while(|l| !l.starts_with("test "))
    {
        println!("{line}");
    }
    if !out.status.success() {
        bail!(
            "the tool list is over its token budget: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

fn mcp_bench(ctx: &Ctx, quick: bool) -> Result<()> {
    tool_tokens(ctx)?;
    let harness = ctx
        .root
        .join("..")
        .join("shared")
        .join("tools")
        .join("mcpbench.py");
    if !harness.exists() {
        eprintln!("MCP benchmark skipped: {} is not here", harness.display());
        return Ok(());
    }
    run_cmd(ctx.cargo().args(["build", "--release", "-p", "valet-cli"]))?;
    let valet = existing(ctx.target.join("release").join("valet"))?;
    let venv = deps::ensure_venv(ctx)?;
    let data = fresh_dir(&ctx.target.join("bench-data").join("mcp-10k"))?;
    write_todos(&data, 10_000)?;
    build_snapshot(ctx, &data)?;

    let (spawns, calls) = if quick { ("5", "50") } else { ("20", "500") };
    let server = format!("{} --data-dir {} mcp", valet.display(), data.display());
    let cases = [
        (
            "valet_todo_view",
            r#"{"filter":{"limit":50}}"#,
            "the todo view, 50 todos",
        ),
        (
            "valet_todo_view",
            r#"{"filter":{"priorities":["high"],"due":"week","limit":50}}"#,
            "filtered list",
        ),
        ("valet_get_daily_context", "{}", "daily context"),
    ];
    let mut cmd = ctx.cmd(venv.join("bin").join("python"));
    cmd.arg(&harness)
        .args(["--json", "--spawns", spawns, "-n", calls]);
    for (tool, a, name) in cases {
        cmd.args([
            "--server",
            &server,
            "--name",
            name,
            "--call",
            tool,
            "--args",
            a,
            "--env",
            "VALET_LOG=warn",
        ]);
    }
    let out = cmd.output().context("running mcpbench.py")?;
    if !out.status.success() {
        bail!(
            "mcpbench.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("mcpbench.py printed no JSON")?;
    print_mcp_table(&v);
    Ok(())
}

/// Writes `n` todos as Valet record files (format 1), as a fast stand-in for n adds.
pub(crate) fn write_todos(dir: &Path, n: usize) -> Result<()> {
    let todos = dir.join("todos");
    fs::create_dir_all(&todos).with_context(|| format!("creating {}", todos.display()))?;
    fs::write(
        dir.join("settings.json"),
        r#"{"user": {"timezone": "UTC"}}"#,
    )?;
    let base = chrono_like_today();
    for i in 0..n {
        let id = format!("01900000-0000-7000-8000-{i:012x}");
        let prio = ["high", "medium", "low"][i % 3];
        let category = ["Work", "Home", "Finance", "Health", "General"][i % 5];
        let due = if i % 4 == 0 {
            serde_json::Value::Null
        } else {
            serde_json::json!(shift_date(&base, (i % 40) as i64 - 10))
        };
        let rec = serde_json::json!({
            "format": 1, "kind": "todo", "id": id, "rev": 1,
            "clock": format!("{:015}-00000000-bench", 1_700_000_000_000u64 + i as u64),
            "data": {
                "id": id, "content": format!("Todo number {i}: follow up on item {} with the team", i * 7),
                "status": if i % 5 == 0 { "completed" } else { "pending" },
                "priority": prio, "category": category,
                "due": due, "notes": if i % 10 == 0 { serde_json::json!(["a note"]) } else { serde_json::json!([]) },
                "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
                "completedAt": if i % 5 == 0 { serde_json::json!("2026-01-02T00:00:00Z") } else { serde_json::Value::Null }
            }
        });
        let mut rec = rec;
        if rec["data"]["completedAt"].is_null() {
            if let Some(o) = rec["data"].as_object_mut() {
                o.remove("completedAt");
            }
        }
        fs::write(
            todos.join(format!("{id}.json")),
            serde_json::to_vec_pretty(&rec)?,
        )?;
    }
    Ok(())
}

/// Today's date (UTC) as (y, m, d), from the system clock, without a date crate.
fn chrono_like_today() -> (i64, i64, i64) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .unwrap_or(0);
    civil_from_days(days)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn shift_date(base: &(i64, i64, i64), by: i64) -> String {
    let (y, m, d) = civil_from_days(days_from_civil(base.0, base.1, base.2) + by);
    format!("{y:04}-{m:02}-{d:02}")
}

fn print_mcp_table(v: &serde_json::Value) {
    let servers = v["servers"].as_array().cloned().unwrap_or_default();
    let get = |s: &serde_json::Value, key: &str| -> f64 {
        let x = s[key].as_f64().unwrap_or(f64::NAN);
        if key == "peak_rss" {
            x / 1_048_576.0
        } else {
            x
        }
    };
    println!();
    println!("valet mcp on 10,000 todos (mcpbench.py; release build; medians)");
    println!("| case | spawn->initialized | tools/list | call p50 | call p99 | peak RSS | content B | structured B |");
    println!("|---|---|---|---|---|---|---|---|");
    for s in &servers {
        println!(
            "| {} | {:.1} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.1} MiB | {} | {} |",
            s["name"].as_str().unwrap_or("?"),
            get(s, "spawn_ms_p50"),
            get(s, "list_ms_p50"),
            get(s, "call_ms_p50"),
            get(s, "call_ms_p99"),
            get(s, "peak_rss"),
            get(s, "content_bytes"),
            get(s, "structured_bytes"),
        );
    }
    println!();
    println!("against the legacy JavaScript server (baselines.md, same machine kind):");
    println!("| case | spawn legacy/valet | p50 legacy/valet | p99 legacy/valet | RSS legacy/valet | bytes valet/legacy |");
    println!("|---|---|---|---|---|---|");
    for ((name, spawn, p50, p99, rss, bytes), s) in
        LEGACY_MCP.iter().zip([servers.first(), servers.get(2)])
    {
        let Some(s) = s else { continue };
        println!(
            "| {name} | {:.1}x | {:.1}x | {:.1}x | {:.1}x | {:.3} |",
            spawn / get(s, "spawn_ms_p50"),
            p50 / get(s, "call_ms_p50"),
            p99 / get(s, "call_ms_p99"),
            rss / get(s, "peak_rss"),
            get(s, "content_bytes") / bytes,
        );
    }
    println!("targets: spawn and p50 >= 5x faster; a 50-todo answer <= 1/3 of the legacy bytes (<= 6,424 B)");
}

/// Writes a legacy `valet-data` folder: `todos` todos and `days` days of planners and journals
/// (ending today), with an archive file every seventh day.
fn write_legacy(dir: &Path, todos: usize, days: i64) -> Result<()> {
    let days_dir = dir.join("days");
    let archive = dir.join("archive");
    fs::create_dir_all(&days_dir)?;
    fs::create_dir_all(&archive)?;
    let tasks: Vec<serde_json::Value> = (0..todos)
        .map(|i| {
            let priority = ["high", "medium", "low"][i % 3];
            let category = ["Work", "Home", "Finance"][i % 3];
            serde_json::json!({
                "id": format!("00000000-0000-4000-8000-{i:012x}"),
                "content": format!("Legacy todo {i}: call about invoice {}", i * 13),
                "priority": priority,
                "category": category,
                "completed": i % 4 == 0,
                "created": "2024-01-01T09:00:00.000Z",
                "notes": if i % 7 == 0 { serde_json::json!(["remember the reference number"]) } else { serde_json::json!([]) },
            })
        })
        .collect();
    fs::write(
        dir.join("_global_todo.json"),
        serde_json::to_vec_pretty(
            &serde_json::json!({"version": "1.0.0", "updated": "2026-01-01T00:00:00.000Z", "tasks": tasks}),
        )?,
    )?;
    let today = chrono_like_today();
    for back in 0..days {
        let date = shift_date(&today, -back);
        let meta = serde_json::json!({"keywords": [], "created": format!("{date}T07:00:00.000Z"), "updated": format!("{date}T21:00:00.000Z")});
        let planner = serde_json::json!({"date": date, "type": "planner", "sections": {
            "tasks": "- [x] Morning review\n- [ ] Write the weekly report\n- [ ] Call the dentist",
            "data_stash": format!("Flight code for {date}: LH{back}"),
            "ongoing_summary": "Quarterly planning in progress."}, "metadata": meta});
        let journal = serde_json::json!({"date": date, "type": "journal", "sections": {
            "reflections": format!("Day {back}: a steady day, finished the draft and walked in the park."),
            "personal_reminders": "Water the plants."}, "metadata": meta});
        fs::write(
            days_dir.join(format!("{date}-planner.json")),
            serde_json::to_vec(&planner)?,
        )?;
        fs::write(
            days_dir.join(format!("{date}-journal.json")),
            serde_json::to_vec(&journal)?,
        )?;
        if back % 7 == 0 {
            let a = serde_json::json!({"date": date, "archived_at": format!("{date}T23:59:00.000Z"),
                "files": {"planner": planner.to_string(), "journal": journal.to_string()}});
            fs::write(
                archive.join(format!("{date}.json")),
                serde_json::to_vec(&a)?,
            )?;
        }
    }
    Ok(())
}

/// Legacy import, export and import of Valet's own format, and migration to the local S3
/// server, at 10,000 todos and 3 years of days (issue 4's benchmark).
fn transfer_bench(ctx: &Ctx, quick: bool) -> Result<()> {
    let valet = existing(ctx.target.join("release").join("valet"))?;
    let base = fresh_dir(&ctx.target.join("bench-data").join("transfer"))?;
    let (todos, days) = if quick {
        (1_000, 90)
    } else {
        (10_000, 3 * 365)
    };
    let legacy = base.join("valet-data");
    write_legacy(&legacy, todos, days)?;
    let data = base.join("replica");
    fs::create_dir_all(&data)?;
    let timed = |label: &str,
                 args: &[&std::ffi::OsStr],
                 env: &[(&str, String)]|
     -> Result<(String, f64, serde_json::Value)> {
        let start = std::time::Instant::now();
        let out = ctx
            .cmd(&valet)
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()?;
        let ms = start.elapsed().as_secs_f64() * 1e3;
        if !out.status.success() {
            bail!("{label} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let v = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        Ok((label.to_owned(), ms, v))
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    let d = data.as_os_str().to_owned();
    let l = legacy.as_os_str().to_owned();
    let export = base.join("export.json");
    let md = base.join("markdown");
    let copy = base.join("copy");
    let mut rows = Vec::new();
    let args = |v: Vec<std::ffi::OsString>| v;
    for (label, a) in [
        (
            "import-legacy (first run)",
            args(vec![
                os("--data-dir"),
                d.clone(),
                os("--json"),
                os("import-legacy"),
                l.clone(),
            ]),
        ),
        (
            "import-legacy (second run: nothing to do)",
            args(vec![
                os("--data-dir"),
                d.clone(),
                os("--json"),
                os("import-legacy"),
                l.clone(),
            ]),
        ),
        (
            "export --format json",
            args(vec![
                os("--data-dir"),
                d.clone(),
                os("--json"),
                os("export"),
                export.as_os_str().to_owned(),
                os("--format"),
                os("json"),
            ]),
        ),
        (
            "export --format markdown",
            args(vec![
                os("--data-dir"),
                d.clone(),
                os("--json"),
                os("export"),
                md.as_os_str().to_owned(),
                os("--format"),
                os("markdown"),
            ]),
        ),
        (
            "import (into an empty store)",
            args(vec![
                os("--data-dir"),
                copy.as_os_str().to_owned(),
                os("--json"),
                os("import"),
                export.as_os_str().to_owned(),
            ]),
        ),
    ] {
        let refs: Vec<&std::ffi::OsStr> = a.iter().map(|x| x.as_os_str()).collect();
        rows.push(timed(label, &refs, &[])?);
    }
    // Migration to moto, requests counted at the server.
    let venv = deps::ensure_venv(ctx)?;
    let logs = fresh_dir(&ctx.target.join("test-logs").join("bench-transfer"))?;
    let moto = start_moto(ctx, &venv, &logs)?;
    let settings_path = data.join("settings.json");
    let mut settings: serde_json::Value =
        serde_json::from_slice(&fs::read(&settings_path).unwrap_or_else(|_| b"{}".to_vec()))
            .unwrap_or_default();
    settings["storage"] = serde_json::json!({"provider": "local", "cloudflare": {"endpoint": moto.endpoint(), "bucketName": "valet-test", "keyPrefix": format!("bench-migrate-{}", std::process::id()), "region": "us-east-1"}});
    fs::write(&settings_path, serde_json::to_vec_pretty(&settings)?)?;
    let env = vec![
        ("CLOUDFLARE_R2_ACCESS_KEY_ID", "test".to_owned()),
        ("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test".to_owned()),
    ];
    let before = fs::read_to_string(logs.join("moto.log"))
        .map(|s| s.lines().count())
        .unwrap_or(0);
    let m = [
        os("--data-dir"),
        d.clone(),
        os("--json"),
        os("migrate"),
        os("--to"),
        os("s3"),
    ];
    let refs: Vec<&std::ffi::OsStr> = m.iter().map(|x| x.as_os_str()).collect();
    let (label, ms, v) = timed("migrate --to s3 (copy + verify + switch)", &refs, &env)?;
    let after = fs::read_to_string(logs.join("moto.log"))
        .map(|s| s.lines().count())
        .unwrap_or(0);
    drop(moto);
    println!();
    println!("Data in and out: {todos} legacy todos, {days} days of planners and journals (release build)");
    println!("| step | time | notes |");
    println!("|---|---|---|");
    for (label, ms, v) in &rows {
        let note = if v["todos"].is_object() {
            format!(
                "todos created {} / unchanged {}",
                v["todos"]["created"], v["todos"]["unchanged"]
            )
        } else {
            String::new()
        };
        println!("| {label} | {ms:.0} ms | {note} |");
    }
    println!(
        "| {label} | {ms:.0} ms | {} records verified; {} server log lines (requests) |",
        v["verified"],
        after.saturating_sub(before)
    );
    Ok(())
}
