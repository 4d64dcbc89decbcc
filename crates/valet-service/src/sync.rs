//! Sync for every caller: one cycle on demand (`valet sync`, "Sync now"), a background loop for
//! long-running processes (the app, `valet mcp`), status, and conflicts to look at and resolve.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use valet_core::merge::{Version, DELETED};
use valet_core::{Hlc, RecordKey, ValidationError};
use valet_store::{Backend, Change, Secret, SyncMode, SyncRemote, SyncReport, Syncer};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// How long after a local change the background loop waits for more before syncing.
const DEBOUNCE: Duration = Duration::from_secs(2);
/// The poll interval when settings give none.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

/// The remote a replica syncs with.
pub struct Remote {
    remote: SyncRemote,
    /// Whether settings ask for end-to-end encryption (`storage.cloudflare.encrypt`).
    encrypt: bool,
    /// Given by the caller (the app's keychain); else `VALET_SYNC_PASSPHRASE`.
    passphrase: Option<Secret>,
}

impl Remote {
    pub(crate) fn new(
        backend: Backend,
        private: &std::path::Path,
        encrypt: bool,
        passphrase: Option<Secret>,
    ) -> Result<Remote> {
        Ok(Remote {
            remote: SyncRemote::open(&backend, &private.join("tmp"))?,
            encrypt,
            passphrase,
        })
    }

    /// The passphrase the caller gave (not the environment's).
    pub(crate) fn given_passphrase(&self) -> Option<Secret> {
        self.passphrase.clone()
    }

    /// The passphrase, when encryption is on: the caller's, else `VALET_SYNC_PASSPHRASE`.
    pub(crate) fn passphrase(&self) -> Result<Option<Secret>> {
        if !self.encrypt {
            return Ok(None);
        }
        if let Some(p) = &self.passphrase {
            return Ok(Some(p.clone()));
        }
        match std::env::var("VALET_SYNC_PASSPHRASE").ok().filter(|p| !p.is_empty()) {
            Some(p) => Ok(Some(Secret::new(p))),
            None => Err(ServiceError::Config(
                "storage.cloudflare.encrypt is on: set VALET_SYNC_PASSPHRASE (the app keeps it in the keychain)".into(),
            )),
        }
    }
}

/// Sync as the status tool, `valet sync --status` and the app's badge show it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    pub first_sync_done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Records changed here and not yet sent.
    pub pending: usize,
    /// Texts kept from concurrent edits, waiting for a person to choose.
    pub conflicts: usize,
    /// The last error's code (`SyncError::code`: busy, confirm, timeout, unreachable, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error_code: Option<String>,
    /// This device's clock minus the storage server's, in seconds, when sync measured it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_offset_secs: Option<i64>,
    /// Said when this device's clock is off by more than a minute (Valet then uses the
    /// server's time for its own changes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock_warning: Option<String>,
}

/// A device clock off by more than this is worth telling the person about.
const CLOCK_WARN_SECS: i64 = 60;

/// The warning for a clock `offset_secs` ahead of (positive) or behind the server's.
pub fn clock_warning(offset_secs: i64) -> Option<String> {
    (offset_secs.abs() > CLOCK_WARN_SECS).then(|| {
        let (n, unit) = if offset_secs.abs() >= 3600 {
            (offset_secs.abs() / 3600, "h")
        } else if offset_secs.abs() >= 60 {
            (offset_secs.abs() / 60, "min")
        } else {
            (offset_secs.abs(), "s")
        };
        let side = if offset_secs > 0 { "ahead of" } else { "behind" };
        format!(
            "this device's clock is about {n} {unit} {side} the storage server's; Valet stamps its changes with the server's time, but check the system clock"
        )
    })
}

/// One kept conflict.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// The record (`todo/<id>`, `plan/<date>`, ...).
    pub record: String,
    /// Its index among the record's conflicts (for `resolve`).
    pub index: usize,
    pub field: String,
    /// The text the record has now.
    #[ts(type = "unknown")]
    pub current: serde_json::Value,
    /// The text that lost the concurrent edit.
    #[ts(type = "unknown")]
    pub other: serde_json::Value,
    pub other_written: String,
}

/// How to settle a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Keep the current text; drop the other.
    Current,
    /// Replace the current text with the other.
    Other,
    /// Keep both texts, the other one after a separator.
    Both,
}

impl Keep {
    pub fn parse(field: &str, s: &str) -> std::result::Result<Keep, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "current" | "mine" => Ok(Keep::Current),
            "other" | "theirs" => Ok(Keep::Other),
            "both" => Ok(Keep::Both),
            _ => Err(ValidationError::new(
                field,
                format!("must be one of current, other, both; got {s:?}"),
            )),
        }
    }
}

fn get_path<'v>(data: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    path.split('.').try_fold(data, |v, k| v.get(k))
}

fn set_path(data: &mut serde_json::Value, path: &str, value: serde_json::Value) {
    let mut cur = data;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, k) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            if let Some(o) = cur.as_object_mut() {
                o.insert((*k).to_owned(), value);
            }
            return;
        }
        match cur.get_mut(*k) {
            Some(next) => cur = next,
            None => return,
        }
    }
}

impl Valet {
    /// What sync says when settings ask for it but this process could not set it up.
    fn why_sync_cannot_run(&self) -> Option<String> {
        self.remote_unavailable()
            .map(|why| format!("sync cannot run in this process (the local copy works): {why}"))
    }

    fn syncer(&self) -> Result<Syncer<'_>> {
        let remote = self.remote().ok_or_else(|| match self.why_sync_cannot_run() {
            Some(why) => ServiceError::Config(why),
            None => ServiceError::Config(
                "sync is off: set storage.provider to \"cloudflare-r2\" (with enableSync not false) in settings.json".into(),
            ),
        })?;
        Ok(Syncer::for_remote(self.store(), &remote.remote).with_passphrase(remote.passphrase()?))
    }

    /// One sync cycle on demand (`valet sync`, "Sync now"): waits for a sync another process
    /// is running on this replica, then runs. The first one of a device takes a restore point
    /// first. A cycle that would delete or overwrite most records of a kind stops unless
    /// `force`.
    pub async fn sync(&self, force: bool) -> Result<SyncReport> {
        let mode = if force {
            SyncMode::Accept
        } else {
            SyncMode::Normal
        };
        self.sync_with(mode, true).await
    }

    /// One sync cycle with `mode` (see [`SyncMode`]); `wait` waits for a running sync
    /// instead of failing with `SyncError::Busy`.
    pub async fn sync_with(&self, mode: SyncMode, wait: bool) -> Result<SyncReport> {
        self.sync_reporting(mode, wait, None).await
    }

    /// [`Valet::sync_with`], telling `on` how far it is (the CLI's progress bar).
    pub async fn sync_reporting(
        &self,
        mode: SyncMode,
        wait: bool,
        on: Option<valet_store::SyncProgress>,
    ) -> Result<SyncReport> {
        let mut syncer = self.syncer()?.waiting(wait).with_progress(on);
        if !syncer.state()?.initialized {
            self.create_restore_point("before the first sync").await?;
        }
        match syncer.run_with(mode).await {
            Ok(r) => {
                crate::metrics::record_sync(Some(&r));
                if r.applied > 0 {
                    self.rehome_orphans().await?;
                }
                Ok(r)
            }
            Err(e) => {
                crate::metrics::record_sync(None);
                // Busy is not a failure of this replica's sync: the other one reports its own.
                if !matches!(e, valet_store::SyncError::Busy) {
                    if let Ok(mut st) = syncer.state() {
                        st.last_error = Some(e.to_string());
                        st.last_error_code = Some(e.code().to_owned());
                        let _ = syncer.save(&st);
                    }
                }
                Err(e.into())
            }
        }
    }

    pub async fn sync_status(&self) -> Result<SyncStatus> {
        let conflicts = self.conflicts().await?.len();
        let Some(remote) = self.remote() else {
            let unavailable = self.why_sync_cannot_run();
            return Ok(SyncStatus {
                enabled: unavailable.is_some(),
                remote: None,
                first_sync_done: false,
                last_sync: None,
                last_error_code: unavailable.as_ref().map(|_| "config".to_owned()),
                last_error: unavailable,
                pending: 0,
                conflicts,
                clock_offset_secs: None,
                clock_warning: None,
            });
        };
        let syncer = self.syncer()?;
        let st = syncer.state()?;
        let pending = syncer.pending(&st).await?;
        Ok(SyncStatus {
            enabled: true,
            remote: Some(remote.remote.id().to_owned()),
            first_sync_done: st.initialized,
            last_sync: st.last_sync,
            last_error: st.last_error,
            pending,
            conflicts,
            last_error_code: st.last_error_code,
            clock_offset_secs: st.clock_offset_ms.map(|ms| ms / 1000),
            clock_warning: st.clock_offset_ms.and_then(|ms| clock_warning(ms / 1000)),
        })
    }

    /// Every kept conflict, newest record first.
    pub async fn conflicts(&self) -> Result<Vec<ConflictView>> {
        Ok(self
            .store()
            .read(|r| {
                let mut out = Vec::new();
                for k in r.conflicted_keys() {
                    let Some(v) = r.version(&k) else { continue };
                    let Some(data) = &v.data else { continue };
                    for (i, c) in v.conflicts.iter().enumerate() {
                        // A delete that raced an edit: the edited record was kept.
                        let deleted = c.field == DELETED;
                        out.push(ConflictView {
                            record: k.to_string(),
                            index: i,
                            field: c.field.clone(),
                            current: if deleted {
                                serde_json::Value::String(
                                    "kept, with the edit made on another device".into(),
                                )
                            } else {
                                get_path(data, &c.field).cloned().unwrap_or_default()
                            },
                            other: if deleted {
                                serde_json::Value::String("deleted".into())
                            } else {
                                c.value.clone()
                            },
                            other_written: format!(
                                "{} on device {}",
                                DateTime::from_timestamp_millis(c.clock.ms as i64)
                                    .map(|d| d.to_rfc3339())
                                    .unwrap_or_default(),
                                c.clock.node
                            ),
                        });
                    }
                }
                out
            })
            .await?)
    }

    /// Settles conflict `index` of `record` (`todo/<id>`, `plan/<date>`...) as `keep` says.
    pub async fn resolve_conflict(
        &self,
        record: &str,
        index: usize,
        keep: Keep,
    ) -> Result<ConflictView> {
        // A todo as every other command takes it: `todo/<short id>`, or just the id.
        let record = match record.split_once('/') {
            Some(("todo" | "todos", id)) => {
                format!("todo/{}", self.resolve_id("record", id).await?)
            }
            None => format!("todo/{}", self.resolve_id("record", record).await?),
            _ => record.to_owned(),
        };
        let record = record.as_str();
        let key = record
            .split_once('/')
            .and_then(|(kind, id)| RecordKey::from_path(&format!("{}/{id}.json", kind_dir(kind)?)))
            .ok_or_else(|| {
                ValidationError::new(
                    "record",
                    format!(
                        "must be a record such as todo/<id> or journal/2026-11-28; got {record:?}"
                    ),
                )
            })?;
        let device = self.store().device().to_owned();
        let now = u64::try_from(self.now().timestamp_millis()).unwrap_or(0);
        let view = self
            .conflicts()
            .await?
            .into_iter()
            .find(|c| c.record == key.to_string() && c.index == index)
            .ok_or_else(|| ServiceError::NotFound {
                what: "conflict",
                id: format!("{record} #{index}"),
            })?;
        let view2 = view.clone();
        self.store()
            .mutate(&self.actor_label(), move |r| {
                let mut v: Version = r.version(&key).ok_or_else(|| ServiceError::NotFound {
                    what: "record",
                    id: key.to_string(),
                })?;
                let c = v.conflicts.remove(index);
                let clock = Hlc::tick(Some(&v.clock), now, &device);
                if c.field == DELETED {
                    // "other" is the delete; "current" and "both" keep the record.
                    if keep == Keep::Other {
                        v.data = None;
                        v.field_clocks.clear();
                        v.conflicts.clear();
                    }
                } else if let Some(data) = v.data.as_mut() {
                    let value = match keep {
                        Keep::Current => None,
                        Keep::Other => Some(c.value.clone()),
                        Keep::Both => Some(serde_json::Value::String(format!(
                            "{}\n\n---\n\n{}",
                            view2.current.as_str().unwrap_or_default(),
                            c.value.as_str().unwrap_or_default()
                        ))),
                    };
                    if let Some(value) = value {
                        set_path(data, &c.field, value);
                        let top = c.field.split('.').next().unwrap_or_default().to_owned();
                        v.field_clocks.insert(top, clock.clone());
                    }
                }
                v.clock = clock;
                Ok::<_, ServiceError>((vec![Change::Synced(key.clone(), v)], ()))
            })
            .await?;
        Ok(view)
    }

    /// Runs sync in the background: every `syncInterval` seconds (default 30) and two seconds
    /// after local changes settle. Only one process per replica syncs at a time; the others
    /// skip their turn. Returns `None` when sync is off.
    pub fn spawn_sync_loop(&self) -> Option<tokio::task::JoinHandle<()>> {
        self.remote()?;
        let valet = self.clone();
        Some(tokio::spawn(async move {
            let mut feed = valet.subscribe();
            loop {
                // Read each turn, so a new interval from Settings applies without a restart.
                let interval = valet
                    .settings()
                    .await
                    .storage
                    .and_then(|s| s.cloudflare)
                    .and_then(|c| c.sync_interval)
                    .map(Duration::from_secs)
                    .unwrap_or(DEFAULT_INTERVAL);
                let woke_by_change = tokio::select! {
                    _ = tokio::time::sleep(interval) => false,
                    ev = feed.recv() => ev.map(|e| e.entries.iter().any(|x| x.by != "sync")).unwrap_or(true),
                };
                if woke_by_change {
                    // Let a burst of edits finish first.
                    tokio::time::sleep(DEBOUNCE).await;
                    while feed.try_recv().is_ok() {}
                }
                match valet.sync_with(SyncMode::Normal, false).await {
                    Ok(r) if r.sent + r.applied > 0 => tracing::info!(
                        sent = r.sent,
                        applied = r.applied,
                        conflicts = r.conflicts,
                        "synced"
                    ),
                    Ok(_) => {}
                    Err(ServiceError::Sync(valet_store::SyncError::Busy)) => {}
                    Err(e) => tracing::warn!(error = %e, "sync failed; will retry"),
                }
            }
        }))
    }
}

fn kind_dir(kind: &str) -> Option<&'static str> {
    valet_core::RecordKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .map(|k| k.dir())
}
