//! Applying a pull: the merge of every received version with the local one, computed and
//! committed in one mutation under the replica's write lock, with the mass-change guard.

use std::collections::BTreeMap;

use chrono::Utc;
use valet_core::merge::{merge, overwrites_text, Version};
use valet_core::{Hlc, RecordKey, RecordKind};

use super::wire::WireRecord;
use super::{Pulled, SyncError, SyncMode, SyncReport, Syncer};
use crate::records::Change;

/// A pull that would delete (or overwrite the text of) more than this share of one kind of
/// record stops and asks ...
const MASS_SHARE: f64 = 0.5;
/// ... unless it touches at most this many.
const MASS_MIN: usize = 10;

impl Syncer<'_> {
    /// Merges received versions into the replica in one mutation, computed under the replica's
    /// write lock from the records as they are then (a write that landed a moment ago is
    /// merged, not overwritten), then records them as the bases.
    pub(super) async fn apply(
        &self,
        pulled: Pulled,
        mode: SyncMode,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        self.tell("applying", pulled.records.len());
        // Later versions of the same record supersede earlier ones. This device's own pushes
        // read back are what the remote held at that point: the base for what comes after.
        let mut latest: BTreeMap<RecordKey, WireRecord> = BTreeMap::new();
        let mut own_base: BTreeMap<RecordKey, Version> = BTreeMap::new();
        // The last own version read before another device's: that device pulled it before
        // pushing (put-if-absent orders the log), so it is an ancestor of both sides, even when
        // the answer to our push was lost and no base was ever recorded for it.
        let mut ancestor: BTreeMap<RecordKey, Version> = BTreeMap::new();
        for (w, own) in pulled.records {
            let Some(k) = RecordKey::from_path(&w.key) else {
                tracing::warn!(key = %w.key, "ignoring a remote record with an invalid key");
                continue;
            };
            if own {
                latest.remove(&k);
                own_base.insert(k, w.version());
            } else {
                if let Some(v) = own_base.remove(&k) {
                    ancestor.insert(k.clone(), v);
                }
                latest.insert(k, w);
            }
        }
        report.received += latest.len();
        let bases: BTreeMap<RecordKey, Option<Version>> = latest
            .keys()
            .map(|k| {
                let base = ancestor.get(k).cloned().or_else(|| self.local.base(k));
                (k.clone(), base)
            })
            .collect();
        let device = self.store.device().to_owned();
        let now_ms = u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0);
        let outcome = self
            .store
            .mutate("sync", |r| {
                let mut out = Outcome::default();
                let mut touched: BTreeMap<RecordKind, (usize, usize)> = BTreeMap::new();
                for (k, w) in &latest {
                    let remote = w.version();
                    let local = r.version(k);
                    let base = bases.get(k).cloned().flatten();
                    let mut result = match &local {
                        None => remote.clone(),
                        Some(l) => {
                            let m = merge(base.as_ref(), l, &remote);
                            if Some(l) != base.as_ref() && *l != remote {
                                out.merged += 1;
                            }
                            out.conflicts += m
                                .conflicts
                                .len()
                                .saturating_sub(l.conflicts.len().max(remote.conflicts.len()));
                            m
                        }
                    };
                    let live_here = local.as_ref().and_then(|l| l.data.as_ref());
                    if let Some(l) = live_here {
                        let t = touched.entry(k.kind()).or_default();
                        match &result.data {
                            None if mode == SyncMode::RestoreDeleted => {
                                // Keep it, with a clock past the delete so every device does.
                                let newest = std::cmp::max(&remote.clock, &result.clock);
                                result = Version {
                                    data: Some(l.clone()),
                                    clock: Hlc::tick(Some(newest), now_ms, &device),
                                    field_clocks: BTreeMap::new(),
                                    conflicts: result.conflicts,
                                };
                                out.restored += 1;
                            }
                            None => t.0 += 1,
                            Some(d) if overwrites_text(l, d) => t.1 += 1,
                            Some(_) => {}
                        }
                    }
                    if local.as_ref() != Some(&result) {
                        out.changes.push(Change::Synced(k.clone(), result));
                    }
                }
                if mode == SyncMode::Normal {
                    for (kind, live) in r.counts() {
                        let (deletes, overwrites) = touched.get(&kind).copied().unwrap_or_default();
                        let what = kind.dir();
                        if is_mass(deletes, live) {
                            return Err(SyncError::WouldDeleteMost {
                                deletes,
                                live,
                                what,
                            });
                        }
                        if is_mass(overwrites, live) {
                            return Err(SyncError::WouldOverwriteMost {
                                overwrites,
                                live,
                                what,
                            });
                        }
                    }
                }
                out.applied = out.changes.len();
                let changes = std::mem::take(&mut out.changes);
                Ok((changes, out))
            })
            .await?;
        report.applied += outcome.applied;
        report.merged += outcome.merged;
        report.conflicts += outcome.conflicts;
        report.restored += outcome.restored;
        for (k, w) in &latest {
            self.local.set_base(k, &w.version())?;
        }
        for (k, v) in &own_base {
            self.local.set_base(k, v)?;
        }
        Ok(())
    }
}

/// What one apply did, counted inside the mutation.
#[derive(Default)]
struct Outcome {
    changes: Vec<Change>,
    applied: usize,
    merged: usize,
    conflicts: usize,
    restored: usize,
}

fn is_mass(n: usize, live: usize) -> bool {
    n > MASS_MIN && n as f64 > live as f64 * MASS_SHARE
}
