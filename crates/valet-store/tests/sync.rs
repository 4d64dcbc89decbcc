//! Sync between simulated devices over one in-memory remote: random edits and syncs in random
//! orders converge to identical states with no text lost; plus the request costs.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use opendal::{services, Operator};
use proptest::prelude::*;
use valet_core::{DayPlan, JournalDay, NewTodo, RecordKey, Todo, TodoId};
use valet_store::{Change, Record, StoreError, Syncer};

#[derive(Debug, Clone)]
enum Op {
    AddTodo(u8),
    EditContent(u8, String),
    SetPriority(u8, u8),
    AddNote(u8, String),
    Delete(u8),
    AppendJournal(String),
    AddPlanTask(String),
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..4).prop_map(Op::AddTodo),
        ((0u8..4), "[a-z]{3,8}").prop_map(|(n, s)| Op::EditContent(n, s)),
        ((0u8..4), 0u8..3).prop_map(|(n, p)| Op::SetPriority(n, p)),
        ((0u8..4), "[a-z]{3,8}").prop_map(|(n, s)| Op::AddNote(n, s)),
        (0u8..4).prop_map(Op::Delete),
        "[a-z]{4,10}".prop_map(Op::AppendJournal),
        "[a-z]{4,10}".prop_map(Op::AddPlanTask),
        Just(Op::Sync),
    ]
}

async fn apply(d: &Device, remote: &Operator, op: &Op, written: &mut Vec<String>) {
    let now = Utc.timestamp_opt(1_790_000_000, 0).unwrap();
    let existing = |n: u8| {
        let s = d.store.clone();
        async move { s.read(|r| r.todo(todo_id(n)).cloned()).await.unwrap() }
    };
    match op {
        Op::AddTodo(n) => {
            if existing(*n).await.is_none() {
                let t = NewTodo::new(format!("todo {n}"))
                    .into_todo(todo_id(*n), now)
                    .unwrap();
                put(d, Record::Todo(t)).await;
            }
        }
        Op::EditContent(n, s) => {
            if let Some(mut t) = existing(*n).await {
                t.content = s.clone();
                written.push(s.clone());
                put(d, Record::Todo(t)).await;
            }
        }
        Op::SetPriority(n, p) => {
            if let Some(mut t) = existing(*n).await {
                t.priority = [
                    valet_core::Priority::High,
                    valet_core::Priority::Medium,
                    valet_core::Priority::Low,
                ][*p as usize];
                put(d, Record::Todo(t)).await;
            }
        }
        Op::AddNote(n, s) => {
            if let Some(mut t) = existing(*n).await {
                t.notes.push(s.clone());
                put(d, Record::Todo(t)).await;
            }
        }
        Op::Delete(n) => {
            if existing(*n).await.is_some() {
                d.store
                    .mutate("test", |_| {
                        Ok::<_, StoreError>((
                            vec![Change::Delete(RecordKey::todo(todo_id(*n)))],
                            (),
                        ))
                    })
                    .await
                    .unwrap();
            }
        }
        Op::AppendJournal(s) => {
            let mut j = d
                .store
                .read(|r| r.journal(date()).cloned())
                .await
                .unwrap()
                .unwrap_or_else(|| JournalDay::new(date(), now));
            j.reflections = if j.reflections.is_empty() {
                s.clone()
            } else {
                format!("{}\n\n{s}", j.reflections)
            };
            written.push(s.clone());
            put(d, Record::Journal(j)).await;
        }
        Op::AddPlanTask(s) => {
            let mut p = d
                .store
                .read(|r| r.plan(date()).cloned())
                .await
                .unwrap()
                .unwrap_or_else(|| DayPlan::new(date(), now));
            p.tasks.push(valet_core::PlanTask {
                id: format!("{s}-{}", p.tasks.len()),
                text: s.clone(),
                done: false,
                carried_from: None,
                todo: None,
                carried: 0,
            });
            written.push(s.clone());
            put(d, Record::Plan(p)).await;
        }
        Op::Sync => {
            sync(d, remote).await;
        }
    }
}

fn run_scenario(ops: Vec<(usize, Op)>, devices: usize) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let remote = remote();
        let ds: Vec<Device> = (0..devices).map(|_| device()).collect();
        let mut written = Vec::new();
        for (who, op) in &ops {
            apply(&ds[who % devices], &remote, op, &mut written).await;
        }
        // Everyone syncs until nothing moves: two rounds suffice with a linear log.
        for _ in 0..2 {
            for d in &ds {
                sync(d, &remote).await;
            }
        }
        let first = state(&ds[0]).await;
        for d in &ds[1..] {
            assert_eq!(state(d).await, first, "devices diverged after {ops:?}");
        }
        // Appended journal text and plan tasks are never lost.
        let all = format!("{first:?}");
        for (_, op) in &ops {
            if let Op::AppendJournal(s) | Op::AddPlanTask(s) = op {
                assert!(all.contains(s.as_str()), "lost {s:?} after {ops:?}");
            }
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_and_syncs_converge_without_losing_text(ops in proptest::collection::vec((0usize..3, op()), 1..25), devices in 2usize..4) {
        run_scenario(ops, devices);
    }
}

#[tokio::test]
async fn concurrent_edits_to_different_fields_both_survive_and_same_text_keeps_a_conflict() {
    let remote = remote();
    let (a, b) = (device(), device());
    let t = NewTodo::new("Call bank")
        .into_todo(todo_id(1), Utc.timestamp_opt(1_790_000_000, 0).unwrap())
        .unwrap();
    put(&a, Record::Todo(t.clone())).await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    // Offline on both: A changes the text and the priority, B the status and the text.
    let mut ta = t.clone();
    ta.content = "Call the bank at 9".into();
    ta.priority = valet_core::Priority::High;
    put(&a, Record::Todo(ta)).await;
    // B's edit comes strictly later: two edits in the same millisecond on two devices are
    // ordered by device id, which would make "the newer wins" below a coin toss.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut tb = t.clone();
    tb.status = valet_core::Status::Completed;
    tb.content = "Phone the bank".into();
    put(&b, Record::Todo(tb)).await;
    sync(&a, &remote).await;
    let rb = sync(&b, &remote).await;
    assert_eq!((rb.merged, rb.conflicts), (1, 1));
    sync(&a, &remote).await;
    let got = |d: &Device| {
        let s = d.store.clone();
        async move {
            s.read(|r| {
                (
                    r.todo(todo_id(1)).cloned().unwrap(),
                    r.version(&RecordKey::todo(todo_id(1))).unwrap().conflicts,
                )
            })
            .await
            .unwrap()
        }
    };
    let (x, cx): (Todo, _) = got(&a).await;
    let (y, cy) = got(&b).await;
    assert_eq!(x, y);
    assert_eq!(cx, cy);
    assert_eq!(
        (x.priority, x.status),
        (valet_core::Priority::High, valet_core::Status::Completed)
    );
    // The newer text wins, the other is kept visibly.
    assert_eq!(x.content, "Phone the bank");
    assert_eq!(cx[0].value, serde_json::json!("Call the bank at 9"));
}

#[tokio::test]
async fn deletes_propagate_and_do_not_come_back() {
    let remote = remote();
    let (a, b) = (device(), device());
    let t = NewTodo::new("x")
        .into_todo(todo_id(2), Utc.timestamp_opt(1_790_000_000, 0).unwrap())
        .unwrap();
    put(&a, Record::Todo(t.clone())).await;
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    a.store
        .mutate("t", |_| {
            Ok::<_, StoreError>((vec![Change::Delete(RecordKey::todo(t.id))], ()))
        })
        .await
        .unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        assert!(d.store.read(|r| r.todo(t.id).is_none()).await.unwrap());
    }
}

#[tokio::test]
async fn an_idle_poll_is_one_request_and_a_change_is_two() {
    let remote = remote();
    let a = device();
    put(
        &a,
        Record::Todo(NewTodo::new("x").into_todo(todo_id(3), Utc::now()).unwrap()),
    )
    .await;
    sync(&a, &remote).await;
    let idle = sync(&a, &remote).await;
    assert_eq!(idle.requests, 1, "{idle:?}");
    put(
        &a,
        Record::Todo(NewTodo::new("y").into_todo(todo_id(4), Utc::now()).unwrap()),
    )
    .await;
    let one = sync(&a, &remote).await;
    assert_eq!((one.requests, one.sent), (2, 1), "{one:?}");
}

#[tokio::test]
async fn a_sync_reports_its_progress_reading_applying_and_sending() {
    let remote = remote();
    let a = device();
    for n in 0..3u8 {
        put(
            &a,
            Record::Todo(
                NewTodo::new(format!("t{n}"))
                    .into_todo(todo_id(10 + n), Utc::now())
                    .unwrap(),
            ),
        )
        .await;
        sync(&a, &remote).await;
    }
    let b = device();
    put(
        &b,
        Record::Todo(
            NewTodo::new("mine")
                .into_todo(todo_id(20), Utc::now())
                .unwrap(),
        ),
    )
    .await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    Syncer::new(&b.store, &remote, "mem")
        .with_progress(Some(std::sync::Arc::new(move |step, n| {
            log.lock().unwrap().push((step, n));
        })))
        .run(false)
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    let reads: Vec<u64> = seen
        .iter()
        .filter(|(s, _)| *s == "reading changes")
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(
        reads,
        [1, 2, 3],
        "one report per log object, counting records: {seen:?}"
    );
    assert!(seen.contains(&("applying", 3)), "{seen:?}");
    assert!(seen.contains(&("sending", 1)), "{seen:?}");
}

#[tokio::test]
async fn a_new_device_bootstraps_from_a_snapshot_in_a_handful_of_requests() {
    let remote = remote();
    let a = device();
    for chunk in 0..60u32 {
        let todos: Vec<Change> = (0..50u32)
            .map(|i| {
                let n = chunk * 50 + i;
                let id = TodoId::new_v7(1_700_000_000_000 + n as u64, [(n % 251) as u8; 10]);
                Change::Put(Record::Todo(
                    NewTodo::new(format!("todo {n}"))
                        .into_todo(id, Utc::now())
                        .unwrap(),
                ))
            })
            .collect();
        a.store
            .mutate("t", |_| Ok::<_, StoreError>((todos, ())))
            .await
            .unwrap();
        sync(&a, &remote).await;
    }
    let b = device();
    let r = sync(&b, &remote).await;
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 3000);
    assert!(r.requests <= 15, "bootstrap took {} requests", r.requests);
}

#[tokio::test]
async fn a_sync_that_would_delete_most_data_stops_unless_forced() {
    let remote = remote();
    let (a, b) = (device(), device());
    let changes: Vec<Change> = (0..20u8)
        .map(|n| {
            Change::Put(Record::Todo(
                NewTodo::new("x").into_todo(todo_id(n), Utc::now()).unwrap(),
            ))
        })
        .collect();
    a.store
        .mutate("t", |_| Ok::<_, StoreError>((changes, ())))
        .await
        .unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    let deletes: Vec<Change> = (0..20u8)
        .map(|n| Change::Delete(RecordKey::todo(todo_id(n))))
        .collect();
    a.store
        .mutate("t", |_| Ok::<_, StoreError>((deletes, ())))
        .await
        .unwrap();
    sync(&a, &remote).await;
    let err = Syncer::new(&b.store, &remote, "mem")
        .run(false)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("would delete 20 of your 20"),
        "{err}"
    );
    assert_eq!(
        b.store.read(|r| r.todos().count()).await.unwrap(),
        20,
        "nothing changed"
    );
    Syncer::new(&b.store, &remote, "mem")
        .run(true)
        .await
        .unwrap();
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 0);
}

fn broken_remote() -> Operator {
    // An S3 endpoint where nothing listens: every remote request fails at once.
    valet_store::backend::install_http();
    let b = services::S3::default()
        .endpoint("http://127.0.0.1:9")
        .bucket("away")
        .region("us-east-1")
        .access_key_id("x")
        .secret_access_key("x")
        .disable_config_load()
        .disable_ec2_metadata();
    Operator::new(b).unwrap()
}

/// The store brings its own TLS (rustls with ring, not OpenDAL's aws-lc default): an https remote
/// must get a TLS handshake and a plain error back, never reqwest's "no crypto provider" panic.
#[tokio::test]
async fn an_https_remote_gets_a_tls_handshake_from_the_store_transport() {
    use std::io::Read as _;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_byte = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut b = [0u8; 1];
        conn.read_exact(&mut b).unwrap();
        b[0] // then the connection drops, mid-handshake
    });
    let backend = valet_store::backend::Backend::S3(valet_store::backend::S3Config {
        endpoint: format!("https://127.0.0.1:{port}"),
        bucket: "b".into(),
        region: "us-east-1".into(),
        key_prefix: "p".into(),
        access_key_id: valet_store::secret::Secret::new("x"),
        secret_access_key: valet_store::secret::Secret::new("x"),
    });
    let tmp = tempfile::tempdir().unwrap();
    let op = backend.remote_operator(tmp.path()).unwrap();
    assert!(op.stat("anything").await.is_err());
    assert_eq!(first_byte.join().unwrap(), 0x16, "a TLS handshake record");
}

#[tokio::test]
async fn offline_changes_are_queued_and_sent_when_the_remote_is_back() {
    let remote = remote();
    let (a, b) = (device(), device());
    sync(&a, &remote).await;
    for n in 10..15u8 {
        put(
            &a,
            Record::Todo(
                NewTodo::new(format!("offline {n}"))
                    .into_todo(todo_id(n), Utc::now())
                    .unwrap(),
            ),
        )
        .await;
        // The remote is away: the sync fails clearly and the edits stay safe locally.
        let err = Syncer::new(&a.store, &broken_remote(), "mem")
            .run(false)
            .await
            .unwrap_err();
        // In plain words, with the cause, and none of OpenDAL's context dump.
        let text = err.to_string();
        assert!(
            text.starts_with("sync could not read ")
                && text.contains("the storage server could not be reached")
                && text.contains("refused"),
            "{text}"
        );
        assert!(
            !text.contains("context: {") && !text.contains("=>"),
            "{text}"
        );
    }
    let r = sync(&a, &remote).await;
    assert_eq!(r.sent, 5);
    sync(&b, &remote).await;
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 5);
}

#[tokio::test]
async fn a_sync_interrupted_before_saving_its_state_resumes_without_duplicates() {
    let remote = remote();
    let (a, b) = (device(), device());
    put(
        &a,
        Record::Todo(
            NewTodo::new("once")
                .into_todo(todo_id(20), Utc::now())
                .unwrap(),
        ),
    )
    .await;
    sync(&a, &remote).await;
    // As if the process died right after its PUT: the state file never got written.
    std::fs::remove_file(a.store.private_dir().join("sync/state.json")).unwrap();
    std::fs::remove_dir_all(a.store.private_dir().join("sync/base")).unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    assert_eq!(state(&a).await, state(&b).await);
    assert_eq!(b.store.read(|r| r.todos().count()).await.unwrap(), 1);
}

#[tokio::test]
async fn clock_skew_cannot_make_an_older_edit_win() {
    let remote = remote();
    let (a, b) = (device(), device());
    let t = NewTodo::new("first")
        .into_todo(todo_id(30), Utc::now())
        .unwrap();
    put(&a, Record::Todo(t.clone())).await;
    // Device A's clock runs a day ahead: its record carries a clock from tomorrow.
    let key = RecordKey::todo(t.id);
    let mut v = a.store.read(|r| r.version(&key)).await.unwrap().unwrap();
    v.clock.ms += 86_400_000;
    v.field_clocks.clear();
    a.store
        .mutate("t", |_| {
            Ok::<_, StoreError>((vec![Change::Synced(key.clone(), v)], ()))
        })
        .await
        .unwrap();
    sync(&a, &remote).await;
    sync(&b, &remote).await;
    // B, with a correct clock, edits after seeing A's record: B's edit is the newer one.
    let mut tb = b
        .store
        .read(|r| r.todo(t.id).cloned())
        .await
        .unwrap()
        .unwrap();
    tb.content = "edited later on b".into();
    put(&b, Record::Todo(tb)).await;
    sync(&b, &remote).await;
    sync(&a, &remote).await;
    for d in [&a, &b] {
        assert_eq!(
            d.store
                .read(|r| r.todo(t.id).unwrap().content.clone())
                .await
                .unwrap(),
            "edited later on b"
        );
    }
}

async fn sync_with(
    d: &Device,
    remote: &Operator,
    pass: Option<&str>,
) -> Result<valet_store::SyncReport, valet_store::SyncError> {
    Syncer::new(&d.store, remote, "mem")
        .with_passphrase(pass.map(valet_store::Secret::new))
        .run(false)
        .await
}

#[tokio::test]
async fn end_to_end_encryption_hides_everything_and_rejects_tampering() {
    let remote = remote();
    let (a, b) = (device(), device());
    let secret_text = "Meet Sam about the surprise party";
    put(
        &a,
        Record::Todo(
            NewTodo::new(secret_text)
                .into_todo(todo_id(40), Utc::now())
                .unwrap(),
        ),
    )
    .await;
    sync_with(&a, &remote, Some("correct horse")).await.unwrap();
    // The bucket holds only ciphertext (and the public key parameters).
    let objects = remote.list_with("").recursive(true).await.unwrap();
    assert!(objects.len() >= 2);
    for e in &objects {
        if e.metadata().is_file() {
            let bytes = remote.read(e.path()).await.unwrap().to_vec();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("surprise"),
                "{} is readable",
                e.path()
            );
        }
    }
    // Another device: no passphrase, then a wrong one, are refused clearly; the right one works.
    let err = sync_with(&b, &remote, None).await.unwrap_err().to_string();
    assert!(err.contains("encrypted"), "{err}");
    let err = sync_with(&b, &remote, Some("wrong"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("passphrase is wrong"), "{err}");
    sync_with(&b, &remote, Some("correct horse")).await.unwrap();
    assert_eq!(
        b.store
            .read(|r| r.todo(todo_id(40)).map(|t| t.content.clone()))
            .await
            .unwrap()
            .as_deref(),
        Some(secret_text)
    );
    // A tampered log object is refused and nothing of it is applied.
    put(
        &a,
        Record::Todo(
            NewTodo::new("second")
                .into_todo(todo_id(41), Utc::now())
                .unwrap(),
        ),
    )
    .await;
    sync_with(&a, &remote, Some("correct horse")).await.unwrap();
    let key = "log/0000000000000002.json";
    let mut bytes = remote.read(key).await.unwrap().to_vec();
    let n = bytes.len() - 5;
    bytes[n] ^= 0x55;
    remote.write(key, bytes).await.unwrap();
    let err = sync_with(&b, &remote, Some("correct horse"))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("not readable with this key"), "{err}");
    assert!(b
        .store
        .read(|r| r.todo(todo_id(41)).is_none())
        .await
        .unwrap());
}

#[tokio::test]
async fn injected_read_faults_never_corrupt_and_syncs_converge_once_they_pass() {
    use opendal::layers::ChaosLayer;
    let clean = remote();
    // Half of all reads from the remote fail at random (OpenDAL's ChaosLayer).
    let flaky = clean.clone().layer(ChaosLayer::new(0.5));
    let (a, b) = (device(), device());
    let mut failures = 0;
    for n in 50..70u8 {
        let d = if n % 2 == 0 { &a } else { &b };
        put(
            d,
            Record::Todo(
                NewTodo::new(format!("todo {n}"))
                    .into_todo(todo_id(n), Utc::now())
                    .unwrap(),
            ),
        )
        .await;
        for d in [&a, &b] {
            if Syncer::new(&d.store, &flaky, "mem")
                .run(false)
                .await
                .is_err()
            {
                failures += 1;
            }
        }
    }
    assert!(failures > 0, "the chaos layer injected no fault");
    for _ in 0..2 {
        for d in [&a, &b] {
            sync(d, &clean).await;
        }
    }
    assert_eq!(state(&a).await, state(&b).await);
    assert_eq!(a.store.read(|r| r.todos().count()).await.unwrap(), 20);
}
