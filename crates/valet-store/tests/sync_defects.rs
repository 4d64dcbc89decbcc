//! Regression tests for the sync defects an outside three-device test found (issue 12) and the
//! change-log one of issue 13 (item 3). Each test is named after what it guards and failed on
//! the code before the fix.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use common::*;
use valet_core::merge::DELETED;
use valet_core::{JournalDay, NewTodo, RecordKey};
use valet_store::{Change, Record, StoreError, SyncError, SyncMode, Syncer};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Puts `.valet/sync/` back as it was in `saved` (as if the process died before writing it).
fn restore_sync_dir(d: &Device, saved: &Path) {
    let dir = d.store.private_dir().join("sync");
    std::fs::remove_dir_all(&dir).unwrap();
    copy_dir(saved, &dir);
}

fn save_sync_dir(d: &Device) -> tempfile::TempDir {
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&d.store.private_dir().join("sync"), saved.path());
    saved
}

async fn todo(d: &Device, n: u8, text: &str) {
    put(
        d,
        Record::Todo(
            NewTodo::new(text)
                .into_todo(todo_id(n), Utc::now())
                .unwrap(),
        ),
    )
    .await;
}

async fn edit<F: FnOnce(&mut valet_core::Todo)>(d: &Device, n: u8, f: F) {
    let mut t = d
        .store
        .read(|r| r.todo(todo_id(n)).cloned())
        .await
        .unwrap()
        .unwrap();
    f(&mut t);
    put(d, Record::Todo(t)).await;
}

async fn append_journal(d: &Device, text: &str) {
    let mut j = d
        .store
        .read(|r| r.journal(date()).cloned())
        .await
        .unwrap()
        .unwrap_or_else(|| JournalDay::new(date(), Utc::now()));
    j.reflections = if j.reflections.is_empty() {
        text.to_owned()
    } else {
        format!("{}\n\n{text}", j.reflections)
    };
    put(d, Record::Journal(j)).await;
}

async fn reflections(d: &Device) -> String {
    d.store
        .read(|r| r.journal(date()).map(|j| j.reflections.clone()))
        .await
        .unwrap()
        .unwrap_or_default()
}

// 1. A local write that lands while a sync applies a pull is merged, never overwritten.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_write_during_a_sync_pull_is_never_overwritten() {
    let remote = remote();
    let (a, b) = (device(), device());
    commit(&a, new_todos(0..200)).await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    let mut written = Vec::new();
    for round in 0..6 {
        // A changes every todo: a large pull for B ...
        let edits: Vec<Change> = a
            .store
            .read(|r| {
                r.todos()
                    .map(|t| {
                        let mut t = t.clone();
                        t.priority =
                            [valet_core::Priority::High, valet_core::Priority::Low][round % 2];
                        Change::Put(Record::Todo(t))
                    })
                    .collect()
            })
            .await
            .unwrap();
        a.store
            .mutate("t", |_| Ok::<_, StoreError>((edits, ())))
            .await
            .unwrap();
        sync(&a, &remote).await;
        // ... while B's CLI keeps adding notes to todo 7 during B's sync.
        let writer = {
            let store = b.store.clone();
            tokio::spawn(async move {
                let mut notes = Vec::new();
                for i in 0..30 {
                    let note = format!("note {round}-{i}");
                    let mut t = store
                        .read(|r| r.todo(todo_id(7)).cloned())
                        .await
                        .unwrap()
                        .unwrap();
                    t.notes.push(note.clone());
                    store
                        .mutate("cli", |_| {
                            Ok::<_, StoreError>((vec![Change::Put(Record::Todo(t))], ()))
                        })
                        .await
                        .unwrap();
                    notes.push(note);
                    tokio::task::yield_now().await;
                }
                notes
            })
        };
        sync(&b, &remote).await;
        written.extend(writer.await.unwrap());
    }
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        let notes = d
            .store
            .read(|r| r.todo(todo_id(7)).unwrap().notes.clone())
            .await
            .unwrap();
        let lost: Vec<&String> = written.iter().filter(|n| !notes.contains(n)).collect();
        assert!(
            lost.is_empty(),
            "lost {} of {} notes: {lost:?}",
            lost.len(),
            written.len()
        );
    }
    assert_eq!(state(&a).await, state(&b).await);
}

// 2. A sync that stopped after committing its merge, before saving its base and position,
//    does not append the same text again when it resumes.
#[tokio::test]
async fn an_interrupted_sync_does_not_duplicate_appended_text() {
    let remote = remote();
    let (a, b) = (device(), device());
    append_journal(&a, "Morning.").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    append_journal(&a, "From the laptop.").await;
    sync(&a, &remote).await;
    append_journal(&b, "From the desktop.").await;
    let before = save_sync_dir(&b);
    sync(&b, &remote).await;
    // Killed between the merge's commit and the base/state write.
    restore_sync_dir(&b, before.path());
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        let text = reflections(d).await;
        assert_eq!(text.matches("From the laptop.").count(), 1, "{text}");
        assert_eq!(text.matches("From the desktop.").count(), 1, "{text}");
    }
    assert_eq!(state(&a).await, state(&b).await);
}

// 2b. A push that landed but whose answer was lost: reading it back is not news.
#[tokio::test]
async fn a_push_whose_answer_was_lost_is_not_merged_as_news() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "Book flights").await;
    append_journal(&a, "Morning.").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    edit(&a, 1, |t| t.content = "Book flights to Oslo".into()).await;
    append_journal(&a, "Booked.").await;
    let before = save_sync_dir(&a);
    let r = sync(&a, &remote).await;
    assert_eq!(r.sent, 2);
    // The PUT landed, the answer never came: the device only knows it tried this number.
    lose_the_answer(&a, &remote, before.path()).await;
    // Edits go on, then the next sync reads its own batch back.
    edit(&a, 1, |t| {
        t.content = "Book flights to Oslo, window seat".into()
    })
    .await;
    append_journal(&a, "Packed.").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    for d in [&a, &b] {
        let (content, conflicts) = content_and_conflicts(d, 1).await;
        assert_eq!(content, "Book flights to Oslo, window seat");
        assert!(
            conflicts.is_empty(),
            "own push taken for a conflict: {conflicts:?}"
        );
        let text = reflections(d).await;
        assert_eq!(text.matches("Booked.").count(), 1, "{text}");
    }
    assert_eq!(state(&a).await, state(&b).await);
}

// 2c. A push whose answer was lost, read back in the same pull as another device's edit built
// on it: the own batch is the common ancestor, so the edit is news, not a conflict (the faults
// campaign found B's first text of a todo shown as a conflict with A's only edit).
#[tokio::test]
async fn an_edit_built_on_a_push_whose_answer_was_lost_is_not_a_conflict() {
    let remote = remote();
    let (a, b) = (device(), device());
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    todo(&b, 1, "Call the bank").await;
    let before = save_sync_dir(&b);
    let r = sync(&b, &remote).await;
    assert_eq!(r.sent, 1);
    lose_the_answer(&b, &remote, before.path()).await;
    sync(&a, &remote).await;
    edit(&a, 1, |t| t.content = "Call the bank about the card".into()).await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        let (content, conflicts) = content_and_conflicts(d, 1).await;
        assert_eq!(content, "Call the bank about the card");
        assert!(
            conflicts.is_empty(),
            "an edit of our own lost push taken for a conflict: {conflicts:?}"
        );
    }
    assert_eq!(state(&a).await, state(&b).await);
}

/// A todo's text and its conflicts on one device.
async fn content_and_conflicts(d: &Device, n: u8) -> (String, Vec<valet_core::merge::Conflict>) {
    d.store
        .read(|r| {
            (
                r.todo(todo_id(n)).unwrap().content.clone(),
                r.version(&RecordKey::todo(todo_id(n))).unwrap().conflicts,
            )
        })
        .await
        .unwrap()
}

/// Puts `.valet/sync/` back as it was before the last sync, except that the batch it pushed is
/// remembered as tried: the PUT landed, the answer never came.
async fn lose_the_answer(d: &Device, remote: &opendal::Operator, before: &Path) {
    restore_sync_dir(d, before);
    let state_path = d.store.private_dir().join("sync/state.json");
    let mut st: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state_path).unwrap()).unwrap();
    let seq = st["nextSeq"].as_u64().unwrap();
    let obj: serde_json::Value = serde_json::from_slice(
        &remote
            .read(&format!("log/{seq:016}.json"))
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    st["own"] = serde_json::json!({ seq.to_string(): obj["batch"] });
    std::fs::write(&state_path, serde_json::to_vec(&st).unwrap()).unwrap();
}

// 3. Another bucket or prefix gets every record, and status says so before the sync.
#[tokio::test]
async fn switching_to_another_remote_uploads_every_record() {
    let (old, new) = (remote(), remote());
    let a = device();
    for n in 0..11 {
        todo(&a, n, &format!("todo {n}")).await;
    }
    Syncer::new(&a.store, &old, "s3:old")
        .run(false)
        .await
        .unwrap();
    let to_new = Syncer::new(&a.store, &new, "s3:new");
    let st = to_new.state().unwrap();
    assert_eq!(to_new.pending(&st).await.unwrap(), 11);
    let r = Syncer::new(&a.store, &new, "s3:new")
        .run(false)
        .await
        .unwrap();
    assert_eq!(r.sent, 11, "{r:?}");
    let b = device();
    Syncer::new(&b.store, &new, "s3:new")
        .run(false)
        .await
        .unwrap();
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 11);
}

fn make_epoch_check_due(d: &Device) {
    let p = d.store.private_dir().join("sync/state.json");
    let mut st: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    st["epochChecked"] = serde_json::json!("2000-01-01T00:00:00Z");
    std::fs::write(&p, serde_json::to_vec(&st).unwrap()).unwrap();
}

// 4. A remote that lost its objects is noticed, said, refilled, and devices converge.
#[tokio::test]
async fn a_remote_that_lost_its_objects_is_detected_and_refilled() {
    let remote = remote();
    let (a, b) = (device(), device());
    for n in 0..5 {
        todo(&a, n, &format!("todo {n}")).await;
        sync(&a, &remote).await;
    }
    sync(&b, &remote).await;
    // The bucket is emptied (a lifecycle rule, a restore, a new bucket with the same name).
    remote.delete_with("/").recursive(true).await.unwrap();
    let c = device();
    todo(&c, 40, "from the new device").await;
    sync(&c, &remote).await;
    todo(&a, 41, "from the old device").await;
    make_epoch_check_due(&a);
    let r = sync(&a, &remote).await;
    assert!(r.remote_reset, "{r:?}");
    // B notices from a log object of the new epoch, at no extra request.
    for _ in 0..2 {
        for d in [&c, &a, &b] {
            sync(d, &remote).await;
        }
    }
    make_epoch_check_due(&b);
    for _ in 0..2 {
        for d in [&c, &a, &b] {
            sync(d, &remote).await;
        }
    }
    for d in [&a, &b, &c] {
        assert_eq!(d.store.read(|r| r.todos().count()).await.unwrap(), 7);
    }
    assert_eq!(state(&a).await, state(&c).await);
    assert_eq!(state(&b).await, state(&c).await);
}

// 5. A device whose clock is an hour ahead stamps with the server's time once measured, and
//    a far-future clock received does not drag the receiver's clock along.
#[tokio::test]
async fn clock_skew_is_bounded_by_the_servers_time() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "x").await;
    // What sync does after an answer whose Date header is an hour behind this device's clock.
    a.store.set_clock_offset(3_600_000).unwrap();
    todo(&a, 2, "y").await;
    let now = Utc::now().timestamp_millis() as u64;
    let clock = |d: &Device, n: u8| {
        let s = d.store.clone();
        async move {
            s.read(|r| r.version(&RecordKey::todo(todo_id(n))).unwrap().clock)
                .await
                .unwrap()
        }
    };
    let c2 = clock(&a, 2).await;
    assert!(c2.ms + 3_500_000 < now, "stamped {c2:?}, now {now}");
    // A device without the correction (an old version) writes an hour ahead...
    let key = RecordKey::todo(todo_id(1));
    let mut v = a.store.read(|r| r.version(&key)).await.unwrap().unwrap();
    v.clock.ms = now + 3_600_000;
    v.field_clocks.clear();
    a.store
        .mutate("t", |_| {
            Ok::<_, StoreError>((vec![Change::Synced(key.clone(), v)], ()))
        })
        .await
        .unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    // ... and B, with a right clock, keeps stamping its own edits with the present.
    todo(&b, 3, "z").await;
    let c3 = clock(&b, 3).await;
    assert!(c3.ms < now + 60_000, "B's clock was dragged to {c3:?}");
}

// 6. A delete racing an edit keeps the edit, visibly, on every device.
#[tokio::test]
async fn a_delete_racing_an_edit_keeps_the_edit_as_a_visible_conflict() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "Renew passport").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    edit(&b, 1, |t| t.notes.push("photos are in the drawer".into())).await;
    sync(&b, &remote).await;
    // A deletes afterwards, without having seen the note.
    a.store
        .mutate("t", |_| {
            Ok::<_, StoreError>((vec![Change::Delete(RecordKey::todo(todo_id(1)))], ()))
        })
        .await
        .unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        let v = d
            .store
            .read(|r| r.version(&RecordKey::todo(todo_id(1))))
            .await
            .unwrap()
            .unwrap();
        let data = v.data.expect("the edited todo is kept");
        assert_eq!(data["notes"][0], "photos are in the drawer");
        assert!(
            v.conflicts.iter().any(|c| c.field == DELETED),
            "{:?}",
            v.conflicts
        );
    }
    assert_eq!(state(&a).await, state(&b).await);
}

// 7. The mass-change guard works per kind, covers overwrites, keeps sending unrelated local
//    edits while it holds a pull, and can restore what the other device deleted.
#[tokio::test]
async fn the_mass_change_guard_is_per_kind_and_keeps_pushing() {
    let remote = remote();
    let (a, b) = (device(), device());
    let todos = new_todos(0..50);
    let journals: Vec<Change> = (1..=60u32)
        .map(|d| {
            let date = valet_core::DayDate::parse(
                "d",
                &format!("2026-{:02}-{:02}", 1 + d / 28, 1 + d % 28),
            )
            .unwrap();
            let mut j = JournalDay::new(date, Utc::now());
            j.reflections = format!("day {d}");
            Change::Put(Record::Journal(j))
        })
        .collect();
    commit(&a, [todos, journals].concat()).await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    commit(
        &a,
        (0..50u8)
            .map(|n| Change::Delete(RecordKey::todo(todo_id(n))))
            .collect(),
    )
    .await;
    sync(&a, &remote).await;
    // B's own unrelated edit, made while the pull is held.
    todo(&b, 200, "made on b while held").await;
    let err = Syncer::new(&b.store, &remote, "mem")
        .run(false)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::WouldDeleteMost {
                deletes: 50,
                live: 51,
                what: "todos"
            }
        ),
        "{err}"
    );
    assert_eq!(err.code(), "confirm");
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 51);
    sync(&a, &remote).await;
    assert!(
        a.store
            .read(|r| r.todo(todo_id(200)).is_some())
            .await
            .unwrap(),
        "B's own edit was not sent while the pull was held"
    );
    // "Restore what the other device deleted": B keeps them and sends them back.
    let r = Syncer::new(&b.store, &remote, "mem")
        .run_with(SyncMode::RestoreDeleted)
        .await
        .unwrap();
    assert_eq!(r.restored, 50, "{r:?}");
    sync(&a, &remote).await;
    for d in [&a, &b] {
        assert_eq!(d.store.read(|r| r.todos().count()).await.unwrap(), 51);
    }
    assert_eq!(state(&a).await, state(&b).await);
    // Overwriting the text of every todo is held too.
    let rewrites: Vec<Change> = a
        .store
        .read(|r| {
            r.todos()
                .map(|t| {
                    let mut t = t.clone();
                    t.content = "lorem".into();
                    Change::Put(Record::Todo(t))
                })
                .collect()
        })
        .await
        .unwrap();
    commit(&a, rewrites).await;
    sync(&a, &remote).await;
    let err = Syncer::new(&b.store, &remote, "mem")
        .run(false)
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::WouldOverwriteMost { what: "todos", .. }),
        "{err}"
    );
    Syncer::new(&b.store, &remote, "mem")
        .run(true)
        .await
        .unwrap();
    assert_eq!(state(&a).await, state(&b).await);
}

// 8. A device far behind starts from the latest snapshot; snapshots come once per interval.
#[tokio::test]
async fn catching_up_reads_a_snapshot_and_snapshots_are_written_once_per_interval() {
    let remote = remote();
    let (a, b, c) = (device(), device(), device());
    todo(&c, 250, "c").await;
    sync(&c, &remote).await;
    for n in 0..120u8 {
        let d = if n % 2 == 0 { &a } else { &b };
        todo(d, n, &format!("todo {n}")).await;
        sync(d, &remote).await;
    }
    let snaps = remote.list("snapshots/").await.unwrap();
    assert!(
        snaps.len() <= 3,
        "{} snapshots for 121 log objects",
        snaps.len()
    );
    let r = sync(&c, &remote).await;
    eprintln!(
        "figure: {} snapshots for 121 log objects; catching up 120 pushes: {} requests",
        snaps.len(),
        r.requests
    );
    assert!(r.snapshot_used, "{r:?}");
    assert!(r.requests <= 40, "catching up took {} requests", r.requests);
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    assert_eq!(c.store.read(|r| r.todos().count()).await.unwrap(), 121);
    assert_eq!(state(&a).await, state(&c).await);
}

// 9a. A server that accepts connections and never answers is a timeout, said as one, soon.
#[tokio::test]
async fn a_server_that_never_answers_is_reported_as_a_timeout_within_seconds() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept and hold every connection, never answering; stops with the test process.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
            if held.len() > 64 {
                break;
            }
        }
    });
    let backend = valet_store::Backend::S3(valet_store::S3Config {
        endpoint: format!("http://127.0.0.1:{port}"),
        bucket: "silent".into(),
        region: "us-east-1".into(),
        key_prefix: "v".into(),
        access_key_id: valet_store::Secret::new("x"),
        secret_access_key: valet_store::Secret::new("y"),
    });
    let a = device();
    let scratch = tempfile::tempdir().unwrap();
    let op = backend.remote_operator(scratch.path()).unwrap();
    let started = std::time::Instant::now();
    let err = Syncer::new(&a.store, &op, "silent")
        .run(false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "timeout", "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

// 9b. A second sync on a replica that is syncing waits and reports, instead of failing.
#[tokio::test]
async fn a_second_sync_waits_for_the_running_one() {
    let remote = remote();
    let a = device();
    todo(&a, 1, "x").await;
    let lease_path = a.store.private_dir().join("sync/lease");
    std::fs::create_dir_all(lease_path.parent().unwrap()).unwrap();
    let held = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lease_path)
        .unwrap();
    held.lock().unwrap();
    let busy = Syncer::new(&a.store, &remote, "mem")
        .run(false)
        .await
        .unwrap_err();
    assert!(matches!(busy, SyncError::Busy));
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
    });
    let r = Syncer::new(&a.store, &remote, "mem")
        .waiting(true)
        .run(false)
        .await
        .unwrap();
    release.join().unwrap();
    assert!(r.waited && r.sent == 1, "{r:?}");
}

// 9c. With encryption off, a first sync does not read crypto.json.
#[tokio::test]
async fn a_plain_first_sync_does_not_read_crypto_json() {
    let remote = remote();
    // Whatever is there (here: junk) is not this device's business when it does not encrypt.
    remote.write("crypto.json", "not json").await.unwrap();
    let a = device();
    todo(&a, 1, "x").await;
    let r = sync(&a, &remote).await;
    assert_eq!(r.sent, 1);
}

// Issue 13 item 3: a change log replaced under sync still gets its changes sent.
#[tokio::test]
async fn changes_after_the_change_log_was_replaced_are_still_sent() {
    let remote = remote();
    let a = fs_device();
    for n in 0..5 {
        todo(&a, n, &format!("todo {n}")).await;
    }
    sync(&a, &remote).await;
    let dir = a.dir.path().to_path_buf();
    std::fs::remove_file(a.store.change_log_path()).unwrap();
    drop(a);
    let store = valet_store::Store::open(valet_store::StoreOptions {
        data_dir: dir.clone(),
        backend: valet_store::Backend::Fs,
    })
    .unwrap();
    store
        .mutate("t", |_| {
            Ok::<_, StoreError>((
                vec![Change::Put(Record::Todo(
                    NewTodo::new("after the log was replaced")
                        .into_todo(todo_id(9), Utc::now())
                        .unwrap(),
                ))],
                (),
            ))
        })
        .await
        .unwrap();
    let syncer = Syncer::new(&store, &remote, "mem");
    let st = syncer.state().unwrap();
    assert_eq!(syncer.pending(&st).await.unwrap(), 1);
    let r = Syncer::new(&store, &remote, "mem")
        .run(false)
        .await
        .unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
}

// Issue 13 item 6: a merge over an input limit is kept; sync does not stop for good.
#[tokio::test]
async fn a_merge_over_an_input_limit_is_kept_and_sync_goes_on() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "Packing list").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    for (d, who) in [(&a, "a"), (&b, "b")] {
        edit(d, 1, |t| {
            t.notes.extend((0..110).map(|i| format!("{who} item {i}")))
        })
        .await;
    }
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        let n = d
            .store
            .read(|r| r.todo(todo_id(1)).map(|t| t.notes.len()))
            .await
            .unwrap();
        assert_eq!(n, Some(220));
    }
    todo(&b, 2, "still syncing").await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    assert!(a
        .store
        .read(|r| r.todo(todo_id(2)).is_some())
        .await
        .unwrap());
}

// Issue 13 item 14: one garbage object in the bucket is skipped and reported, not a stop for
// every device.
#[tokio::test]
async fn a_garbage_log_object_is_skipped_and_reported() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "first").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    // What a push cut short leaves when the server keeps it: an empty object at the next number.
    remote
        .write("log/0000000000000002.json", Vec::<u8>::new())
        .await
        .unwrap();
    todo(&a, 2, "second").await;
    let r = sync(&a, &remote).await;
    assert_eq!(r.skipped.len(), 1, "{r:?}");
    assert_eq!(r.sent, 1);
    let r = sync(&b, &remote).await;
    assert_eq!(r.skipped.len(), 1, "{r:?}");
    assert_eq!(state(&a).await, state(&b).await);
}

// Issue 13 item 7: turning encryption on for a bucket with plain sync data writes nothing (no
// crypto.json left behind) and says why; other devices go on.
#[tokio::test]
async fn turning_encryption_on_for_a_plain_bucket_writes_nothing() {
    let remote = remote();
    let (a, b) = (device(), device());
    todo(&a, 1, "plain").await;
    sync(&a, &remote).await;
    let err = Syncer::new(&a.store, &remote, "mem")
        .with_passphrase(Some(valet_store::Secret::new("new pass")))
        .run(false)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "encryption", "{err}");
    assert!(!remote.exists("crypto.json").await.unwrap());
    todo(&a, 2, "still plain").await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 2);
}
