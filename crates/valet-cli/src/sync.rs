//! `valet sync` and `valet conflicts`: one sync cycle with its report, sync status, and the
//! texts kept from concurrent edits.

use clap::{Args, Subcommand};
use valet_service::{Keep, MigrateTarget, ServiceError, SyncMode, Valet};

use crate::output::{print_json, Out};

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Show the sync status instead of syncing.
    #[arg(long)]
    status: bool,
    /// Accept a sync that would delete or replace most of your records of a kind.
    #[arg(long, conflicts_with = "restore_deleted")]
    force: bool,
    /// Go on with a sync that stopped at a mass delete, but keep (and send back) the records
    /// the other device deleted.
    #[arg(long)]
    restore_deleted: bool,
}

#[derive(Subcommand, Debug)]
pub enum ConflictsCmd {
    /// List kept conflicts (the default).
    List,
    /// Settle one: keep the current text, the other one, or both.
    Resolve {
        /// The record, as listed (e.g. todo/0193c2a4-... or journal/2026-11-28).
        record: String,
        /// The conflict's index, as listed.
        index: usize,
        /// current, other or both.
        #[arg(long)]
        keep: String,
    },
}

pub async fn sync(valet: &Valet, a: SyncArgs, out: &Out) -> Result<(), ServiceError> {
    if a.status {
        let s = valet.sync_status().await?;
        if out.json {
            print_json(&s);
        } else if !s.enabled {
            println!("Sync is off (local storage only). Set storage.provider to \"cloudflare-r2\" in settings.json to sync.");
        } else {
            println!("remote     {}", s.remote.as_deref().unwrap_or("?"));
            println!(
                "last sync  {}",
                s.last_sync
                    .map(|t| t.to_rfc3339())
                    .unwrap_or_else(|| "never".into())
            );
            if let Some(e) = &s.last_error {
                println!("last error {e}");
            }
            if let Some(w) = &s.clock_warning {
                println!("warning    {w}");
            }
            println!("pending    {} record(s) to send", s.pending);
            println!("conflicts  {}", s.conflicts);
        }
        return Ok(());
    }
    let mode = if a.restore_deleted {
        SyncMode::RestoreDeleted
    } else if a.force {
        SyncMode::Accept
    } else {
        SyncMode::Normal
    };
    let bar = crate::bar::Bar::new(out);
    let r = bar.done(valet.sync_reporting(mode, true, bar.on_sync()).await)?;
    if out.json {
        print_json(&r);
    } else {
        if r.waited {
            println!("Another Valet process was syncing this replica; waited for it, then synced.");
        }
        if r.remote_reset {
            println!("The remote no longer held what this device last synced (it was emptied, recreated or replaced): everything here was compared and uploaded again.");
        }
        for s in &r.skipped {
            eprintln!("warning: skipped an unreadable object in the bucket ({s})");
        }
        if r.restored > 0 {
            println!(
                "Kept {} record(s) another device deleted; they are sent back.",
                r.restored
            );
        }
        if let Some(w) = r
            .clock_offset_ms
            .and_then(|ms| valet_service::clock_warning(ms / 1000))
        {
            eprintln!("warning: {w}");
        }
        println!(
            "{}sent {}, received {} ({} applied, {} merged), {} new conflict(s), {} request(s)",
            if r.first_sync { "First sync: " } else { "" },
            r.sent,
            r.received,
            r.applied,
            r.merged,
            r.conflicts,
            r.requests
        );
        if r.conflicts > 0 {
            println!("See them with: valet conflicts");
        }
    }
    Ok(())
}

pub async fn conflicts(
    valet: &Valet,
    cmd: Option<ConflictsCmd>,
    out: &Out,
) -> Result<(), ServiceError> {
    match cmd.unwrap_or(ConflictsCmd::List) {
        ConflictsCmd::List => {
            let list = valet.conflicts().await?;
            if out.json {
                print_json(&list);
            } else if list.is_empty() {
                println!("No conflicts.");
            } else {
                for c in &list {
                    println!("{} #{} {}", c.record, c.index, c.field);
                    println!(
                        "  current: {}",
                        c.current
                            .as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| c.current.to_string())
                    );
                    println!(
                        "  other:   {} ({})",
                        c.other
                            .as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| c.other.to_string()),
                        c.other_written
                    );
                }
                println!("Settle one with: valet conflicts resolve RECORD INDEX --keep current|other|both");
            }
        }
        ConflictsCmd::Resolve {
            record,
            index,
            keep,
        } => {
            let keep = Keep::parse("--keep", &keep)?;
            let c = valet.resolve_conflict(&record, index, keep).await?;
            if out.json {
                print_json(&c);
            } else {
                println!("Resolved {} #{} ({}).", c.record, c.index, c.field);
            }
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct MigrateArgs {
    /// s3 (copy this device's store up to the S3/R2 bucket in settings and switch to it) or
    /// local (bring everything down and switch back to local storage).
    #[arg(long)]
    to: String,
}

pub async fn migrate(valet: &Valet, a: MigrateArgs, out: &Out) -> Result<(), ServiceError> {
    let to = match a.to.trim().to_ascii_lowercase().as_str() {
        "s3" | "r2" | "cloudflare-r2" => MigrateTarget::S3,
        "local" => MigrateTarget::Local,
        other => {
            return Err(valet_core::ValidationError::new(
                "--to",
                format!("must be one of s3, local; got {other:?}"),
            )
            .into())
        }
    };
    // Four steps: restore point, copy, verify, switch. On a terminal a bar; in a log, lines.
    let bar = crate::bar::Bar::new(out);
    let lines = !out.json && !out.progress && !out.quiet;
    let done = std::sync::atomic::AtomicU64::new(0);
    let r = bar.done(
        valet
            .migrate(to, &|step: &str| {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                bar.set(format!("migrate: {step}"), n, 4);
                if lines {
                    eprintln!("... {step}");
                }
            })
            .await,
    )?;
    if out.json {
        print_json(&r);
    } else {
        println!(
            "Migrated to {}: {} records verified by content hash ({} sent, {} received, {} requests). Restore point {}.{}",
            r.to,
            r.verified,
            r.sent,
            r.received,
            r.requests,
            r.restore_point,
            if r.switched { " storage.provider switched." } else { " storage.provider was already set." }
        );
    }
    Ok(())
}
