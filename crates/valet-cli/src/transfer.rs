//! The data-moving commands: `import-legacy`, `backup`, `restore`, `export`, `import`, and how
//! their reports print.

use std::path::PathBuf;

use clap::Args;
use valet_core::ValidationError;
use valet_service::legacy::ImportReport;
use valet_service::{ExportFormat, KindCounts, RestorePoint, RestoreReport, ServiceError, Valet};

use crate::bar::Bar;
use crate::output::{print_json, Out};

/// `valet import-legacy PATH [--dry-run]`
#[derive(Args, Debug)]
pub struct ImportLegacyArgs {
    /// The legacy valet-data folder (holding _global_todo.json, days/, archive/, ...). Only read.
    pub path: PathBuf,
    /// Decide and report everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `valet restore ID | --list`
#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The restore point to go back to (see --list).
    #[arg(required_unless_present = "list")]
    pub id: Option<String>,
    /// List restore points, newest first.
    #[arg(long, conflicts_with = "id")]
    pub list: bool,
}

pub async fn import_legacy(
    valet: &Valet,
    a: ImportLegacyArgs,
    out: &Out,
) -> Result<(), ServiceError> {
    let bar = Bar::new(out);
    let r = valet
        .import_legacy_with_progress(&a.path, a.dry_run, &bar.on())
        .await;
    let r = bar.done(r)?;
    print_import(out, &r);
    Ok(())
}

pub async fn backup(valet: &Valet, out: &Out) -> Result<(), ServiceError> {
    let p = valet.create_restore_point("backup").await?;
    if out.json {
        print_json(&p);
        return Ok(());
    }
    println!(
        "Restore point {} taken ({} todos, {} plans, {} journals, {} archived days; {} new object(s)).",
        p.id,
        p.todos,
        p.plans,
        p.journals,
        p.archives,
        p.new_objects.unwrap_or(0)
    );
    if !p.pruned.is_empty() {
        println!("Removed by the retention policy: {}", p.pruned.join(", "));
    }
    println!("Undo later with: valet restore {}", p.id);
    Ok(())
}

pub async fn restore(valet: &Valet, a: RestoreArgs, out: &Out) -> Result<(), ServiceError> {
    if a.list {
        let points = valet.restore_points().await?;
        if out.json {
            print_json(&points);
            return Ok(());
        }
        if points.is_empty() {
            println!("No restore points yet (make one with `valet backup`).");
        }
        for p in &points {
            print_point(p);
        }
        return Ok(());
    }
    let id =
        a.id.ok_or_else(|| ValidationError::new("id", "needs a restore point id, or --list"))?;
    let bar = Bar::new(out);
    let r = bar.done(valet.restore_with_progress(&id, &bar.on()).await)?;
    print_restore(out, &r);
    Ok(())
}

fn print_point(p: &RestorePoint) {
    println!(
        "{}  {}  {} todos, {} plans, {} journals, {} archived  ({})",
        p.id,
        p.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
        p.todos,
        p.plans,
        p.journals,
        p.archives,
        p.reason
    );
}

fn print_restore(out: &Out, r: &RestoreReport) {
    if out.json {
        return print_json(r);
    }
    println!(
        "Restored {}: {} created, {} updated, {} deleted, {} unchanged{}{}.",
        r.restored,
        r.created,
        r.updated,
        r.deleted,
        r.unchanged,
        if r.settings_restored {
            "; settings restored"
        } else {
            ""
        },
        if r.profile_restored {
            "; profile restored"
        } else {
            ""
        },
    );
    println!("Undo with: valet restore {}", r.undo_point);
}

fn counts_line(name: &str, c: &KindCounts) -> String {
    let mut s = format!(
        "{name:<9} {:>5} read: {} created, {} updated, {} unchanged",
        c.read, c.created, c.updated, c.unchanged
    );
    if c.kept_newer > 0 {
        s.push_str(&format!(", {} kept (newer in Valet)", c.kept_newer));
    }
    s
}

pub fn print_import(out: &Out, r: &ImportReport) {
    if out.json {
        return print_json(r);
    }
    let verb = if r.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    println!(
        "{verb} {} ({} files read, {} ms).",
        r.source, r.files_read, r.elapsed_ms
    );
    for (name, c) in [
        ("todos", &r.todos),
        ("projects", &r.projects),
        ("plans", &r.plans),
        ("journals", &r.journals),
        ("archives", &r.archives),
        ("settings", &r.settings),
        ("profile", &r.profile),
    ] {
        if c.read > 0 {
            println!("  {}", counts_line(name, c));
        }
    }
    if !r.conflicts.is_empty() {
        println!("Conflicts kept ({}):", r.conflicts.len());
        for c in &r.conflicts {
            println!("  {} {}: {:?}", c.kind, c.date, c.kept_as);
        }
    }
    if !r.skipped.is_empty() {
        println!("Skipped ({}):", r.skipped.len());
        for s in &r.skipped {
            println!("  {}: {}", s.path, s.reason);
        }
    }
    if !r.warnings.is_empty() {
        println!("Warnings ({}):", r.warnings.len());
        for w in &r.warnings {
            println!("  {}: {}", w.path, w.message);
        }
    }
    match (&r.restore_point, r.dry_run) {
        (_, true) => println!("Dry run: nothing was written."),
        (Some(p), _) => {
            println!("Restore point taken before writing: {p} (undo with `valet restore {p}`).")
        }
        (None, _) => println!("Nothing to write: everything was already there."),
    }
}

/// `valet export PATH [--format json|markdown]`
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The file (json) or folder (markdown) to write.
    pub path: PathBuf,
    /// json (one file `valet import` reads back) or markdown (daily notes + Todos.md).
    #[arg(long, default_value = "json")]
    pub format: String,
}

/// `valet import PATH [--dry-run]`
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// A file written by `valet export --format json`.
    pub path: PathBuf,
    /// Decide and report everything, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn export(valet: &Valet, a: ExportArgs, out: &Out) -> Result<(), ServiceError> {
    let format = ExportFormat::parse("--format", &a.format)?;
    let bar = Bar::new(out);
    let r = bar.done(valet.export_with_progress(&a.path, format, &bar.on()).await)?;
    if out.json {
        print_json(&r);
        return Ok(());
    }
    println!(
        "Exported {} todos, {} projects and areas, {} plans, {} journals, {} archived days to {} ({} file(s), {} ms).",
        r.todos, r.projects, r.plans, r.journals, r.archives, r.path, r.files, r.elapsed_ms
    );
    Ok(())
}

pub async fn import(valet: &Valet, a: ImportArgs, out: &Out) -> Result<(), ServiceError> {
    let bar = Bar::new(out);
    let r = valet
        .import_export_with_progress(&a.path, a.dry_run, &bar.on())
        .await;
    let r = bar.done(r)?;
    print_import(out, &r);
    Ok(())
}
