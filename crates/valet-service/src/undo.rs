//! Undo and redo in the facade, per record, from the store's undo journal (each mutation's
//! records before and after it).
//!
//! Undoing a change puts back, for each record it touched, the fields it changed, and only
//! those still as it left them: a record changed since keeps the later change in the other
//! fields, and what cannot be put back is reported, never overwritten. A record still exactly
//! as the change left it gets its earlier state back exactly, so undoing a whole sequence of
//! changes, newest first, gives back the state before it. An undo is an ordinary write: sync
//! carries it to every device.

use serde::Serialize;
use serde_json::Value;
use valet_core::merge::changed_fields;
use valet_core::{RecordKey, RecordKind, ValidationError};
use valet_store::{Change, Record, UndoEntry, UndoKind, UndoRecord};

use crate::error::{Result, ServiceError};
use crate::valet::Valet;

/// Undo and redo look at the newest part of the journal: a person undoes what they just did.
/// (A change older than this is still undone from its record's history, `undo_change`.)
const RECENT: u64 = 512 * 1024;

/// What an undo or redo did.
#[derive(ts_rs::TS, Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoReport {
    /// The journaled change that was taken back.
    pub batch: String,
    /// Who made it and when.
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The records put back (`todos/<id>.json`).
    pub records: Vec<String>,
    /// What could not be put back because it changed since ("todos/<id>.json: content").
    pub kept: Vec<String>,
}

/// One change on the undo stack, for lists ("valet undo --list").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UndoItem {
    pub batch: String,
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub records: Vec<String>,
}

impl Valet {
    /// Takes back this caller's last change not yet undone.
    pub async fn undo(&self) -> Result<UndoReport> {
        let journal = self.store().undo_journal(Some(RECENT));
        let entry = undo_candidates(&journal, &self.actor_label())
            .into_iter()
            .next()
            .ok_or_else(|| nothing("undo"))?;
        self.take_back(&entry, None, UndoKind::Undo(entry.batch.clone()))
            .await
    }

    /// Puts back this caller's last undone change (if nothing was changed since the undo).
    pub async fn redo(&self) -> Result<UndoReport> {
        let journal = self.store().undo_journal(Some(RECENT));
        let entry = redo_candidate(&journal, &self.actor_label()).ok_or_else(|| nothing("redo"))?;
        self.take_back(&entry, None, UndoKind::Redo(entry.batch.clone()))
            .await
    }

    /// Takes back one record's change, whoever made it (the app's "changed by Claude at 14:02
    /// — undo"): `key` is the record's path or a todo id, `rev` its revision after the change.
    pub async fn undo_change(&self, key: &str, rev: u64) -> Result<UndoReport> {
        let path = match RecordKey::from_path(key) {
            Some(k) => k.path(),
            None => RecordKey::todo(self.resolve_id("key", key).await?).path(),
        };
        let journal = self.store().undo_journal(None);
        let entry = journal
            .iter()
            .rev()
            .find(|e| e.records.iter().any(|r| r.key == path && r.rev == rev))
            .cloned()
            .ok_or_else(|| {
                ValidationError::new(
                    "rev",
                    format!("no change to {path} at revision {rev} can be undone (too old, or made by sync or an import)"),
                )
            })?;
        self.take_back(&entry, Some(&path), UndoKind::Undo(entry.batch.clone()))
            .await
    }

    /// This caller's changes that `undo` would take back, newest first.
    pub async fn undo_stack(&self, limit: usize) -> Vec<UndoItem> {
        let journal = self.store().undo_journal(Some(RECENT));
        undo_candidates(&journal, &self.actor_label())
            .into_iter()
            .take(limit)
            .map(|e| UndoItem {
                batch: e.batch,
                by: e.by,
                at: e.at,
                records: e.records.into_iter().map(|r| r.key).collect(),
            })
            .collect()
    }

    async fn take_back(
        &self,
        entry: &UndoEntry,
        only: Option<&str>,
        kind: UndoKind,
    ) -> Result<UndoReport> {
        let now = self.now();
        let (records, kept) = self
            .store()
            .mutate_as(&self.actor_label(), kind, |r| {
                let mut changes = Vec::new();
                let mut records = Vec::new();
                let mut kept = Vec::new();
                for rec in entry
                    .records
                    .iter()
                    .filter(|x| only.is_none_or(|o| x.key == o))
                {
                    let Some(key) = RecordKey::from_path(&rec.key) else {
                        continue;
                    };
                    let current = r.version(&key).and_then(|v| v.data);
                    let (target, skipped) = inverse(rec, current.as_ref(), now);
                    kept.extend(skipped.into_iter().map(|f| format!("{}: {f}", rec.key)));
                    if target == current {
                        continue;
                    }
                    changes.push(change(&key, target)?);
                    records.push(rec.key.clone());
                }
                Ok::<_, ServiceError>((changes, (records, kept)))
            })
            .await?;
        Ok(UndoReport {
            batch: entry.batch.clone(),
            by: entry.by.clone(),
            at: entry.at,
            records,
            kept,
        })
    }
}

fn nothing(what: &str) -> ServiceError {
    ValidationError::new(what, format!("there is nothing to {what}")).into()
}

/// This actor's changes and redos not undone yet, newest first.
fn undo_candidates(journal: &[UndoEntry], actor: &str) -> Vec<UndoEntry> {
    let undone: Vec<&str> = journal
        .iter()
        .filter_map(|e| match &e.kind {
            UndoKind::Undo(of) => Some(of.as_str()),
            _ => None,
        })
        .collect();
    journal
        .iter()
        .rev()
        .filter(|e| e.by == actor && !matches!(e.kind, UndoKind::Undo(_)))
        .filter(|e| !undone.contains(&e.batch.as_str()))
        .cloned()
        .collect()
}

/// This actor's newest undo not redone, unless it made a new change since (which, as in every
/// editor, ends what can be redone).
fn redo_candidate(journal: &[UndoEntry], actor: &str) -> Option<UndoEntry> {
    let redone: Vec<&str> = journal
        .iter()
        .filter_map(|e| match &e.kind {
            UndoKind::Redo(of) => Some(of.as_str()),
            _ => None,
        })
        .collect();
    for e in journal.iter().rev().filter(|e| e.by == actor) {
        match &e.kind {
            UndoKind::Change => return None,
            UndoKind::Undo(_) if !redone.contains(&e.batch.as_str()) => return Some(e.clone()),
            _ => {}
        }
    }
    None
}

/// What a record should become to take `rec` back, given what it is now, and the fields that
/// stay because they changed since.
fn inverse(
    rec: &UndoRecord,
    current: Option<&Value>,
    now: chrono::DateTime<chrono::Utc>,
) -> (Option<Value>, Vec<String>) {
    if current == rec.after.as_ref() {
        return (rec.before.clone(), Vec::new());
    }
    match (&rec.before, &rec.after, current) {
        (Some(b), Some(a), Some(c)) if c.is_object() => {
            let mut out = c.clone();
            let mut kept = Vec::new();
            for f in changed_fields(Some(b), a) {
                if f == "updatedAt" {
                    continue;
                }
                if c.get(&f) == a.get(&f) {
                    match (b.get(&f), out.as_object_mut()) {
                        (Some(v), Some(o)) => {
                            o.insert(f, v.clone());
                        }
                        (None, Some(o)) => {
                            o.remove(&f);
                        }
                        _ => {}
                    }
                } else {
                    kept.push(f);
                }
            }
            let moved = out != *c;
            if let (Some(o), true) = (out.as_object_mut(), moved) {
                o.insert("updatedAt".into(), serde_json::json!(now));
            }
            (Some(out), kept)
        }
        // Created, deleted or recreated since: left as it is.
        _ => (current.cloned(), vec!["changed since".to_owned()]),
    }
}

/// The change that makes the record at `key` hold `data` (`None` deletes it).
fn change(key: &RecordKey, data: Option<Value>) -> Result<Change> {
    let Some(data) = data else {
        return Ok(Change::Delete(key.clone()));
    };
    let bad = |e: serde_json::Error| {
        ServiceError::Internal(format!(
            "the journaled {} does not read back: {e}",
            key.path()
        ))
    };
    Ok(Change::Put(match key.kind() {
        RecordKind::Todo => Record::Todo(serde_json::from_value(data).map_err(bad)?),
        RecordKind::Plan => Record::Plan(serde_json::from_value(data).map_err(bad)?),
        RecordKind::Journal => Record::Journal(serde_json::from_value(data).map_err(bad)?),
        RecordKind::Archive => Record::Archive(serde_json::from_value(data).map_err(bad)?),
        RecordKind::Project => Record::Project(serde_json::from_value(data).map_err(bad)?),
    }))
}
