//! `cargo xtask bench -- --only scale`: the commands an outside probe timed at 50,000 todos
//! (issue 13), release build, warm cache, medians: every everyday CLI command under 100 ms,
//! `valet doctor` under 5 s, and the MCP `valet://status` resource under 10 ms per read (one
//! `valet mcp` session, JSON-RPC over its stdio, as a client sends it).

use std::io::{BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};

use crate::bench::{build_snapshot, write_todos};
use crate::clibench::{median, time};
use crate::tasks::{existing, fresh_dir};
use crate::util::Ctx;

const CLI_MS: f64 = 100.0;
const DOCTOR_MS: f64 = 5_000.0;
const STATUS_MS: f64 = 10.0;

pub fn run(ctx: &Ctx, quick: bool) -> Result<()> {
    let n = if quick { 5_000 } else { 50_000 };
    let runs = if quick { 3 } else { 9 };
    let data = fresh_dir(&ctx.target.join("bench").join("scale"))?;
    write_todos(&data, n)?;
    build_snapshot(ctx, &data)?;
    let valet = existing(ctx.target.join("release").join("valet"))?;
    let id = "01900000-0000-7000-8000-00000000002a";
    let cases: [(&str, &[&str], f64); 8] = [
        ("todo list", &["todo", "list"], CLI_MS),
        (
            "todo list --json --all",
            &["todo", "list", "--json", "--all"],
            CLI_MS,
        ),
        ("search WORDS", &["search", "follow up team"], CLI_MS),
        ("todo add TEXT", &["todo", "add", "Benchmark todo"], CLI_MS),
        ("todo show ID", &["todo", "show", id], CLI_MS),
        ("today", &["today"], CLI_MS),
        ("status", &["status"], CLI_MS),
        ("doctor", &["doctor"], DOCTOR_MS),
    ];
    println!("\n## At {n} todos (release, warm cache; median of {runs} runs after 2 warm-ups)\n");
    println!("| what | ms | target ms |");
    println!("|---|---|---|");
    let mut over = Vec::new();
    for (name, args, target) in cases {
        let ms = time(&valet, &data, args, 2, runs)?;
        println!("| `valet {name}` | {ms:.1} | {target:.0} |");
        if ms > target {
            over.push(format!("{name} {ms:.1} ms"));
        }
    }
    let status = status_reads(&valet, &data, runs.max(5) * 2)?;
    println!("| MCP `valet://status` read | {status:.2} | {STATUS_MS:.0} |");
    if status > STATUS_MS {
        over.push(format!("valet://status {status:.2} ms"));
    }
    if over.is_empty() {
        println!("\nevery figure within its target");
    } else {
        println!("\nover target: {}", over.join(", "));
    }
    Ok(())
}

/// Median time of one `resources/read` of `valet://status` in one `valet mcp` session, after
/// the handshake and one unmeasured read.
fn status_reads(valet: &Path, data: &Path, reads: usize) -> Result<f64> {
    let mut child = Command::new(valet)
        .arg("--data-dir")
        .arg(data)
        .arg("mcp")
        .env("VALET_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting valet mcp")?;
    let mut stdin = child.stdin.take().context("valet mcp has no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().context("valet mcp has no stdout")?);
    ask(
        &mut stdin,
        &mut stdout,
        1,
        "initialize",
        serde_json::json!({"protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "scalebench", "version": "1"}}),
    )?;
    writeln!(
        stdin,
        "{}",
        serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"})
    )?;
    let read = serde_json::json!({"uri": "valet://status"});
    let mut times = Vec::with_capacity(reads);
    for i in 0..=reads {
        let ms = ask(
            &mut stdin,
            &mut stdout,
            2 + i as u64,
            "resources/read",
            read.clone(),
        )?;
        if i > 0 {
            times.push(ms);
        }
    }
    drop(stdin);
    let _ = child.wait();
    Ok(median(times))
}

/// Sends request `id` and waits for its answer (skipping notifications); the time it took.
fn ask(
    stdin: &mut impl std::io::Write,
    stdout: &mut impl std::io::BufRead,
    id: u64,
    method: &str,
    params: serde_json::Value,
) -> Result<f64> {
    let msg = serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
    let t = Instant::now();
    writeln!(stdin, "{msg}")?;
    stdin.flush()?;
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line)? == 0 {
            bail!("valet mcp closed its output during {method}");
        }
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        if v.get("id").and_then(serde_json::Value::as_u64) == Some(id) {
            if v.get("error").is_some() {
                bail!("{method} failed: {line}");
            }
            return Ok(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
