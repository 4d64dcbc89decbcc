//! One store behaviour suite, run against every backend: memory, fs, and a real S3-compatible
//! server on 127.0.0.1 (`VALET_TEST_S3_ENDPOINT`, started by `cargo xtask test`).
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{TimeZone, Utc};
use rstest::rstest;
use valet_core::{DayDate, DayPlan, NewTodo, RecordKey, Todo, TodoId, TodoPatch};
use valet_store::{Backend, Change, Record, S3Config, Secret, Store, StoreError, StoreOptions};

#[derive(Debug, Clone, Copy)]
enum Kind {
    Memory,
    Fs,
    S3,
}

/// A backend for one test: a fresh replica dir, and for S3 a fresh key prefix.
struct Fixture {
    dir: tempfile::TempDir,
    backend: Backend,
    /// Whether a second `Store` opened on the same dir sees the same records.
    shared: bool,
}

fn s3_config(prefix: &str) -> Option<S3Config> {
    let endpoint = std::env::var("VALET_TEST_S3_ENDPOINT")
        .ok()
        .filter(|s| !s.is_empty());
    if endpoint.is_none() && std::env::var("VALET_TEST_S3_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("VALET_TEST_S3_REQUIRED=1 but VALET_TEST_S3_ENDPOINT is not set");
    }
    Some(S3Config {
        endpoint: endpoint?,
        bucket: std::env::var("VALET_TEST_S3_BUCKET").unwrap_or_else(|_| "valet-test".into()),
        region: "us-east-1".into(),
        key_prefix: prefix.into(),
        access_key_id: Secret::new("test"),
        secret_access_key: Secret::new("test"),
    })
}

fn fixture(kind: Kind) -> Option<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let (backend, shared) = match kind {
        Kind::Memory => (Backend::Memory, false),
        Kind::Fs => (Backend::Fs, true),
        Kind::S3 => {
            let prefix = format!("t/{}", uuid::Uuid::new_v4().simple());
            match s3_config(&prefix) {
                Some(c) => (Backend::S3(c), true),
                None => {
                    eprintln!("skipping the S3 case: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
                    return None;
                }
            }
        }
    };
    Some(Fixture {
        dir,
        backend,
        shared,
    })
}

impl Fixture {
    fn open(&self) -> Store {
        Store::open(StoreOptions {
            data_dir: self.dir.path().to_path_buf(),
            backend: self.backend.clone(),
        })
        .unwrap()
    }
}

fn todo(n: i64, content: &str) -> Todo {
    let now = Utc.timestamp_opt(1_790_000_000 + n, 0).unwrap();
    NewTodo::new(content)
        .into_todo(
            TodoId::new_v7(now.timestamp_millis() as u64, [n as u8; 10]),
            now,
        )
        .unwrap()
}

async fn put(store: &Store, t: &Todo) {
    let t = t.clone();
    store
        .mutate("test", |_| {
            Ok::<_, StoreError>((vec![Change::Put(Record::Todo(t))], ()))
        })
        .await
        .unwrap();
}

#[rstest]
#[case::memory(Kind::Memory)]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_round_trip_with_revisions_and_tombstones(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    let store = fx.open();
    let t = todo(1, "first");
    put(&store, &t).await;
    let (t2, _) = TodoPatch {
        content: Some("second".into()),
        ..TodoPatch::default()
    }
    .apply(&t, t.created_at)
    .unwrap();
    put(&store, &t2).await;
    let key = RecordKey::todo(t.id);
    let got = store
        .read(|r| (r.todo(t.id).cloned(), r.meta(&key).map(|(rev, _)| rev)))
        .await
        .unwrap();
    assert_eq!(got, (Some(t2.clone()), Some(2)));

    store
        .mutate("test", |_| {
            Ok::<_, StoreError>((vec![Change::Delete(key.clone())], ()))
        })
        .await
        .unwrap();
    assert_eq!(store.read(|r| r.todo(t.id).cloned()).await.unwrap(), None);
    // The tombstone stays on storage so the delete can travel to other devices.
    let raw = store.operator().read(&key.path()).await.unwrap().to_vec();
    let v: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(
        (v["deleted"].as_bool(), v["rev"].as_u64(), v.get("data")),
        (Some(true), Some(3), None)
    );
}

#[rstest]
#[case::memory(Kind::Memory)]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_mutation_writes_nothing(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    let store = fx.open();
    let t = todo(1, "kept");
    put(&store, &t).await;
    let res: Result<(), Refused> = store
        .mutate("test", |_| {
            Err::<(Vec<Change>, ()), _>(Refused("no".into()))
        })
        .await;
    assert!(res.is_err());
    let log = std::fs::read_to_string(store.change_log_path()).unwrap();
    assert_eq!(log.lines().count(), 2, "header + one change: {log}");
    assert_eq!(store.read(|r| r.todos().count()).await.unwrap(), 1);
}

/// A caller's error type, as the facade has one.
#[derive(Debug)]
struct Refused(#[allow(dead_code)] String);

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused(e.to_string())
    }
}

#[rstest]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_opener_sees_changes_on_its_next_read(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    assert!(fx.shared);
    let a = fx.open();
    let b = fx.open();
    assert_eq!(b.read(|r| r.todos().count()).await.unwrap(), 0);
    let t = todo(1, "from a");
    put(&a, &t).await;
    assert_eq!(
        b.read(|r| r.todo(t.id).map(|x| x.content.clone()))
            .await
            .unwrap()
            .as_deref(),
        Some("from a")
    );
}

#[rstest]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_read_modify_writes_from_two_openers_lose_nothing(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    let a = fx.open();
    let b = fx.open();
    let t = todo(1, "shared");
    put(&a, &t).await;
    let rounds = if matches!(kind, Kind::S3) { 8 } else { 25 };
    let add_notes = |s: Store, who: &'static str| async move {
        for i in 0..rounds {
            s.mutate("test", |r| {
                let mut cur = r.todo(t.id).cloned().ok_or(Refused("gone".into()))?;
                cur.notes.push(format!("{who} {i}"));
                Ok::<_, Refused>((vec![Change::Put(Record::Todo(cur))], ()))
            })
            .await
            .unwrap();
        }
    };
    let (x, y) = tokio::join!(
        tokio::spawn(add_notes(a.clone(), "a")),
        tokio::spawn(add_notes(b.clone(), "b"))
    );
    x.unwrap();
    y.unwrap();
    let notes = fx
        .open()
        .read(|r| r.todo(t.id).map(|t| t.notes.len()))
        .await
        .unwrap();
    assert_eq!(notes, Some(2 * rounds));
}

#[rstest]
#[case::memory(Kind::Memory)]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrupt_and_foreign_files_are_quarantined_not_fatal(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    let store = fx.open();
    let good = todo(1, "good");
    put(&store, &good).await;
    let bad_id = todo(2, "x").id;
    let op = store.operator();
    op.write(&format!("todos/{bad_id}.json"), b"{ not json".to_vec())
        .await
        .unwrap();
    op.write("todos/notes.txt", b"hello".to_vec())
        .await
        .unwrap();
    op.write("plans/2026-11-28.json", br#"{"format": 1, "kind": "plan", "id": "2026-11-27", "rev": 1, "clock": "000000000000001-00000000-x", "data": {}}"#.to_vec()).await.unwrap();

    let report = store.doctor().await.unwrap();
    let mut paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "plans/2026-11-28.json",
            &format!("todos/{bad_id}.json"),
            "todos/notes.txt"
        ]
    );
    if matches!(kind, Kind::S3) {
        // Issue 13 item 2: a bucket's objects are reported and skipped, never deleted.
        assert!(report
            .problems
            .iter()
            .all(|p| p.quarantined_to.is_none() && p.reason.contains("left in place")));
        assert!(op.exists("todos/notes.txt").await.unwrap());
    } else {
        assert!(report.problems.iter().all(|p| p
            .quarantined_to
            .as_deref()
            .is_some_and(|q| Path::new(q).exists())));
        assert!(!op.exists("todos/notes.txt").await.unwrap());
    }
    assert_eq!(report.todos, 1);
    assert!(store.read(|r| r.todo(good.id).is_some()).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_open_from_snapshot_and_log_tail_equals_a_full_scan() {
    let fx = fixture(Kind::Fs).unwrap();
    let store = fx.open();
    for n in 0..50 {
        put(&store, &todo(n, &format!("todo {n}"))).await;
    }
    let date = DayDate::parse("d", "2026-11-28").unwrap();
    let plan = DayPlan::new(date, Utc::now());
    store
        .mutate("test", |_| {
            Ok::<_, StoreError>((vec![Change::Put(Record::Plan(plan))], ()))
        })
        .await
        .unwrap();
    let via_snapshot = fx.open().read(|r| r.clone()).await.unwrap();
    std::fs::remove_file(fx.dir.path().join(".valet/cache/index.json")).unwrap();
    let via_scan = fx.open().read(|r| r.clone()).await.unwrap();
    assert_eq!(via_snapshot, via_scan);
    assert_eq!(via_scan.todos().count(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cold_open_that_replays_a_long_tail_saves_the_snapshot_for_the_next_one() {
    let fx = fixture(Kind::Fs).unwrap();
    fx.open().read(|_| ()).await.unwrap();
    let snap = fx.dir.path().join(".valet/cache/index.json");
    let log_pos = |p: &std::path::Path| -> u64 {
        // The header is the first line.
        let text = std::fs::read_to_string(p).unwrap();
        let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        v["logPos"].as_u64().unwrap()
    };
    let before = log_pos(&snap);
    // 300 changes (~45 KiB of change log) by one long-lived writer: fewer than it waits for
    // before refreshing the snapshot itself.
    let writer = fx.open();
    for n in 0..300i64 {
        put(&writer, &todo(n, &format!("todo {n}"))).await;
    }
    let log_len = std::fs::metadata(fx.dir.path().join(".valet/changes.log"))
        .unwrap()
        .len();
    assert!(log_pos(&snap) < log_len, "a writer folded the tail itself");
    let cold = fx.open();
    assert_eq!(cold.read(|r| r.todos().count()).await.unwrap(), 300);
    assert!(log_pos(&snap) > before);
    assert_eq!(
        log_pos(&snap),
        log_len,
        "the cold open saved the snapshot at the log's end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn s3_key_prefixes_isolate_users_of_one_bucket() {
    let (Some(a), Some(b)) = (fixture(Kind::S3), fixture(Kind::S3)) else {
        return;
    };
    let sa = a.open();
    put(&sa, &todo(1, "alice's")).await;
    assert_eq!(b.open().read(|r| r.todos().count()).await.unwrap(), 0);
    assert_eq!(sa.read(|r| r.todos().count()).await.unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_change_feed_reports_another_openers_writes_within_a_second() {
    let fx = fixture(Kind::Fs).unwrap();
    let watcher = fx.open();
    let mut feed = watcher.subscribe();
    let writer = fx.open();
    let t = todo(1, "from another process");
    put(&writer, &t).await;
    let ev = tokio::time::timeout(std::time::Duration::from_secs(1), feed.recv())
        .await
        .unwrap()
        .unwrap();
    assert!(ev.touches(valet_core::RecordKind::Todo));
    assert_eq!(ev.entries[0].key, RecordKey::todo(t.id).path());
    assert!(watcher.read(|r| r.todo(t.id).is_some()).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_change_log_loses_nothing_for_readers_the_feed_the_snapshot_or_sync() {
    let fx = fixture(Kind::Fs).unwrap();
    let writer = fx.open();
    writer.set_change_log_rotation(2_000);
    let reader = fx.open();
    assert_eq!(reader.read(|r| r.todos().count()).await.unwrap(), 0);
    let start = reader.change_log_end().unwrap();
    let mut feed = reader.subscribe();
    for n in 0..60 {
        put(&writer, &todo(n, &format!("rotating {n}"))).await;
    }
    let log = fx.dir.path().join(".valet/changes.log");
    assert!(
        log.with_extension("log.2").exists(),
        "the log rotated more than once"
    );
    // Another opener catches up across the rotated files.
    assert_eq!(reader.read(|r| r.todos().count()).await.unwrap(), 60);
    // Everything written since a position taken before the rotations is still listed.
    let changed = reader.changed_since(start).await.unwrap().unwrap();
    assert_eq!(changed.len(), 60);
    // The change feed reports all 60, across rotations.
    let mut seen = std::collections::BTreeSet::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while seen.len() < 60 && tokio::time::Instant::now() < deadline {
        if let Ok(Ok(ev)) =
            tokio::time::timeout(std::time::Duration::from_secs(2), feed.recv()).await
        {
            seen.extend(ev.entries.into_iter().map(|e| e.key));
        }
    }
    assert_eq!(seen.len(), 60);
    // A cold open still uses the snapshot (same log id, positions valid) and agrees with a scan.
    let cold = fx.open().read(|r| r.clone()).await.unwrap();
    std::fs::remove_file(fx.dir.path().join(".valet/cache/index.json")).unwrap();
    assert_eq!(fx.open().read(|r| r.clone()).await.unwrap(), cold);
}

/// Issue 13 items 5 and 11: a record whose data names another id, or whose rev cannot grow, is
/// refused (quarantined and listed) instead of read as something it is not.
#[rstest]
#[case::memory(Kind::Memory)]
#[case::fs(Kind::Fs)]
#[case::s3(Kind::S3)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_that_lie_about_their_id_or_rev_are_refused(#[case] kind: Kind) {
    let Some(fx) = fixture(kind) else { return };
    let store = fx.open();
    let (a, b) = (todo(1, "a"), todo(2, "b"));
    put(&store, &a).await;
    let op = store.operator();
    let mut other = serde_json::to_value(&b).unwrap();
    other["id"] = serde_json::json!(todo(3, "c").id.to_string());
    let env = serde_json::json!({"format": 1, "kind": "todo", "id": b.id.to_string(), "rev": 1,
        "clock": "000000000000001-00000000-x", "data": other});
    op.write(
        &format!("todos/{}.json", b.id),
        env.to_string().into_bytes(),
    )
    .await
    .unwrap();
    let c = todo(4, "max rev");
    let env = serde_json::json!({"format": 1, "kind": "todo", "id": c.id.to_string(), "rev": u64::MAX,
        "clock": "000000000000001-00000000-x", "data": serde_json::to_value(&c).unwrap()});
    op.write(
        &format!("todos/{}.json", c.id),
        env.to_string().into_bytes(),
    )
    .await
    .unwrap();
    let report = store.doctor().await.unwrap();
    let reasons: Vec<&str> = report.problems.iter().map(|p| p.reason.as_str()).collect();
    assert!(reasons.iter().any(|r| r.contains("data.id")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("rev")), "{reasons:?}");
    assert_eq!(report.todos, 1);
}

/// Issue 13 item 12: a file an ordinary command quarantined stays listed by doctor.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quarantine_made_by_an_ordinary_command_stays_listed_by_doctor() {
    let Some(fx) = fixture(Kind::Fs) else { return };
    std::fs::create_dir_all(fx.dir.path().join("todos")).unwrap();
    std::fs::write(fx.dir.path().join("todos/junk.json"), b"junk").unwrap();
    let store = fx.open();
    // An ordinary read: the first load scans and quarantines.
    store.read(|r| r.todos().count()).await.unwrap();
    let again = fx.open();
    let report = again.doctor().await.unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.path == "todos/junk.json" && p.reason.starts_with("quarantined earlier")),
        "{:?}",
        report.problems
    );
}

/// Issue 13 item 10: odd entries in a record folder (a FIFO, a symlink to /dev/zero, a symlink
/// loop, a file where a folder should be) are skipped and reported; nothing hangs, nothing
/// stops, doctor runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_entries_in_record_folders_are_skipped_and_reported() {
    let Some(fx) = fixture(Kind::Fs) else { return };
    let store = fx.open();
    let good = todo(1, "good");
    put(&store, &good).await;
    let dir = fx.dir.path();
    let ids: Vec<String> = (2..6).map(|n| todo(n, "x").id.to_string()).collect();
    // Audit: a folder where a record's file should be went unreported.
    std::fs::create_dir(dir.join(format!("todos/{}.json", ids[3]))).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join(format!("todos/{}.json", ids[0])))
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink("/dev/zero", dir.join(format!("todos/{}.json", ids[1]))).unwrap();
    let looped = dir.join(format!("todos/{}.json", ids[2]));
    std::os::unix::fs::symlink(&looped, &looped).unwrap();
    std::fs::write(dir.join("plans"), b"not a folder").unwrap();
    // A fresh opener scans everything (no snapshot use for this check).
    std::fs::remove_dir_all(dir.join(".valet/cache")).ok();
    let other = fx.open();
    let count = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        other.read(|r| r.todos().count()),
    )
    .await
    .expect("reading the store hung")
    .unwrap();
    assert_eq!(count, 1);
    let report = tokio::time::timeout(std::time::Duration::from_secs(20), other.doctor())
        .await
        .expect("doctor hung")
        .unwrap();
    let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
    for id in &ids {
        assert!(
            paths.iter().any(|p| p.contains(id.as_str())),
            "{id} not reported: {:?}",
            report.problems
        );
    }
    assert!(paths.contains(&"plans/"), "{:?}", report.problems);
    assert_eq!(report.todos, 1);
}

/// Issue 13 item 9: the audit trail said "put" for a record whose write failed. A single change
/// that cannot be written leaves no line in the change log, and the store goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_record_write_leaves_no_line_in_the_change_log() {
    let Some(fx) = fixture(Kind::Fs) else { return };
    let store = fx.open();
    put(&store, &todo(1, "kept")).await;
    let blocked = todo(2, "cannot land");
    // A non-empty folder where the record's file goes: the rename fails, even for root.
    let path = fx.dir.path().join(format!("todos/{}.json", blocked.id));
    std::fs::create_dir_all(path.join("in-the-way")).unwrap();
    let before = std::fs::read_to_string(store.change_log_path()).unwrap();
    let b = blocked.clone();
    let res = store
        .mutate("test", |_| {
            Ok::<_, StoreError>((vec![Change::Put(Record::Todo(b))], ()))
        })
        .await;
    assert!(res.is_err(), "the write should have failed");
    let after = std::fs::read_to_string(store.change_log_path()).unwrap();
    assert_eq!(before, after, "the change log names a write that failed");
    assert!(!after.contains(&blocked.id.to_string()));
    std::fs::remove_dir_all(&path).unwrap();
    put(&store, &todo(3, "later")).await;
    assert_eq!(store.read(|r| r.todos().count()).await.unwrap(), 2);
    let log = std::fs::read_to_string(store.change_log_path()).unwrap();
    assert_eq!(log.lines().count(), 3, "header + two changes: {log}");
}

/// A scan of many local files reads them on several threads (doctor took 21 s at 50,000
/// todos through the operator): every record is read once and paired with its own name, and
/// an odd entry among them is still skipped and reported.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_local_scan_pairs_every_file_with_its_record() {
    let Some(fx) = fixture(Kind::Fs) else { return };
    let store = fx.open();
    let todos: Vec<Todo> = (1..=600).map(|n| todo(n, &format!("todo {n}"))).collect();
    let batch = todos.clone();
    store
        .mutate("test", |_| {
            Ok::<_, StoreError>((
                batch
                    .into_iter()
                    .map(|t| Change::Put(Record::Todo(t)))
                    .collect(),
                (),
            ))
        })
        .await
        .unwrap();
    let fifo = fx
        .dir
        .path()
        .join(format!("todos/{}.json", todo(700, "x").id));
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::fs::remove_dir_all(fx.dir.path().join(".valet/cache")).ok();
    let other = fx.open();
    let report = tokio::time::timeout(std::time::Duration::from_secs(60), other.doctor())
        .await
        .expect("doctor hung")
        .unwrap();
    assert_eq!(report.todos, 600);
    assert_eq!(report.stale_in_cache, 0, "{:?}", report.problems);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let seen = other
        .read(|r| {
            todos
                .iter()
                .all(|t| r.todo(t.id).is_some_and(|got| got.content == t.content))
        })
        .await
        .unwrap();
    assert!(seen, "a record came back under another name or not at all");
}

fn plan_for(day: &str, task: &str) -> DayPlan {
    let mut plan = DayPlan::new(DayDate::parse("d", day).unwrap(), Utc::now());
    plan.tasks
        .push(valet_core::PlanTask::new("t1".into(), task.into(), false));
    plan
}

async fn put_plan(store: &Store, plan: &DayPlan) -> Result<(), StoreError> {
    let plan = plan.clone();
    store
        .mutate("test", |_| {
            Ok::<_, StoreError>((vec![Change::Put(Record::Plan(plan))], ()))
        })
        .await
}

/// Audit, hostile files: a day file damaged by hand (one field of the wrong type) was read as
/// "no plan yet", and the next write replaced it, entries and all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_record_file_is_never_written_over() {
    let fx = fixture(Kind::Fs).unwrap();
    let store = fx.open();
    put_plan(&store, &plan_for("2026-11-28", "kept"))
        .await
        .unwrap();
    let file = fx.dir.path().join("plans/2026-11-28.json");
    let damaged = std::fs::read_to_string(&file).unwrap().replacen(
        "\"tasks\": [",
        "\"tasks\": 7, \"was\": [",
        1,
    );
    assert!(damaged.contains("\"was\""), "{damaged}");
    std::fs::write(&file, &damaged).unwrap();

    // A process that holds the plan (the app, an MCP session) refuses to write over it.
    let err = put_plan(&store, &plan_for("2026-11-28", "new"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::ChangedOnDisk { path, .. } if path == "plans/2026-11-28.json"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), damaged);
    // Again: the folder is read first, the damaged file set aside (kept, listed), then written.
    put_plan(&store, &plan_for("2026-11-28", "new"))
        .await
        .unwrap();
    let in_quarantine = |problems: Vec<valet_store::Problem>| {
        let kept = problems
            .iter()
            .find(|p| p.path == "plans/2026-11-28.json")
            .and_then(|p| p.quarantined_to.clone())
            .expect("the damaged file is in quarantine");
        std::fs::read_to_string(kept).unwrap()
    };
    assert_eq!(in_quarantine(store.problems().await), damaged);

    // A new process (a CLI command) sets the damaged file aside before it writes, and says so.
    std::fs::write(&file, &damaged).unwrap();
    let cli = fx.open();
    put_plan(&cli, &plan_for("2026-11-28", "newer"))
        .await
        .unwrap();
    assert_eq!(in_quarantine(cli.problems().await), damaged);
}

/// Audit, hostile files: a day file copied back from a backup was invisible (not in the change
/// log) and the next write for that day replaced it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_file_copied_in_by_hand_is_read_not_written_over() {
    let from = fixture(Kind::Fs).unwrap();
    put_plan(&from.open(), &plan_for("2026-11-28", "from the backup"))
        .await
        .unwrap();
    let fx = fixture(Kind::Fs).unwrap();
    let running = fx.open();
    put(&running, &todo(1, "already here")).await;
    std::fs::create_dir_all(fx.dir.path().join("plans")).unwrap();
    let copied = fx.dir.path().join("plans/2026-11-28.json");
    std::fs::copy(from.dir.path().join("plans/2026-11-28.json"), &copied).unwrap();
    let before = std::fs::read(&copied).unwrap();

    // A process open since before the copy refuses to write over it.
    let err = put_plan(&running, &plan_for("2026-11-28", "typed later"))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::ChangedOnDisk { .. }), "{err}");
    assert_eq!(std::fs::read(&copied).unwrap(), before);
    // A new open sees it (the folders name a record the snapshot and log do not).
    let tasks = fx
        .open()
        .read(|r| r.plan(DayDate::parse("d", "2026-11-28").unwrap()).cloned())
        .await
        .unwrap()
        .expect("the copied plan is read")
        .tasks;
    assert_eq!(tasks[0].text, "from the backup");
}

/// Audit, hostile files: a change log copied back from earlier hid every record written after
/// it, and writes then replaced the hidden files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_log_older_than_the_files_hides_no_record() {
    let fx = fixture(Kind::Fs).unwrap();
    let store = fx.open();
    put(&store, &todo(1, "first")).await;
    let log = fx.dir.path().join(".valet/changes.log");
    let old_log = std::fs::read(&log).unwrap();
    put(&store, &todo(2, "second")).await;
    put_plan(&store, &plan_for("2026-11-28", "planned"))
        .await
        .unwrap();
    drop(store);
    std::fs::write(&log, old_log).unwrap();

    let (todos, plans) = fx
        .open()
        .read(|r| (r.todos().count(), r.plans().count()))
        .await
        .unwrap();
    assert_eq!((todos, plans), (2, 1));
}
