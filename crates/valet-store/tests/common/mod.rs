//! Simulated devices over one in-memory remote, shared by the sync test files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use opendal::{services, Operator};
use valet_core::{DayDate, TodoId};
use valet_store::{Backend, Change, Record, Store, StoreError, StoreOptions, Syncer};

pub struct Device {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

/// A device whose records live in memory (its `.valet/` is a temp dir).
pub fn device() -> Device {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(StoreOptions {
        data_dir: dir.path().to_path_buf(),
        backend: Backend::Memory,
    })
    .unwrap();
    Device { dir, store }
}

/// A device on a local folder, as a real replica is (it can be reopened).
pub fn fs_device() -> Device {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(StoreOptions {
        data_dir: dir.path().to_path_buf(),
        backend: Backend::Fs,
    })
    .unwrap();
    Device { dir, store }
}

pub fn remote() -> Operator {
    Operator::new(services::Memory::default()).unwrap()
}

pub async fn sync(d: &Device, remote: &Operator) -> valet_store::SyncReport {
    Syncer::new(&d.store, remote, "mem")
        .run(false)
        .await
        .unwrap()
}

pub async fn put(d: &Device, r: Record) {
    d.store
        .mutate("test", |_| Ok::<_, StoreError>((vec![Change::Put(r)], ())))
        .await
        .unwrap();
}

pub fn todo_id(n: u8) -> TodoId {
    TodoId::new_v7(1_700_000_000_000 + n as u64, [n; 10])
}

pub fn date() -> DayDate {
    DayDate::parse("d", "2026-11-28").unwrap()
}

/// Everything sync must agree on: every record's data, clocks and conflicts (not local revs).
pub async fn state(d: &Device) -> BTreeMap<String, String> {
    d.store
        .read(|r| {
            r.keys()
                .into_iter()
                .map(|k| {
                    (
                        k.to_string(),
                        serde_json::to_string(
                            &r.version(&k)
                                .map(|v| (v.data, v.clock, v.field_clocks, v.conflicts)),
                        )
                        .unwrap(),
                    )
                })
                .collect()
        })
        .await
        .unwrap()
}

/// New todos `todo {n}` for each `n`.
pub fn new_todos(ns: impl IntoIterator<Item = u8>) -> Vec<Change> {
    ns.into_iter()
        .map(|n| {
            Change::Put(Record::Todo(
                valet_core::NewTodo::new(format!("todo {n}"))
                    .into_todo(todo_id(n), chrono::Utc::now())
                    .unwrap(),
            ))
        })
        .collect()
}

/// Commits `changes` on `d` as one mutation.
pub async fn commit(d: &Device, changes: Vec<Change>) {
    d.store
        .mutate("test", |_| Ok::<_, StoreError>((changes, ())))
        .await
        .unwrap();
}
