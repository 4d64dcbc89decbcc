//! `cargo xtask bench` (sync part): requests and bytes against a real S3-compatible server,
//! counted at the server (moto's request log), for Valet's log + snapshot protocol beside the
//! original plan's design (one object per item; every sync lists the bucket and GETs every
//! object; every change is a HEAD and an unconditional PUT), measured in the same run.
// A benchmark's job is to print its table.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::Utc;
use opendal::{services, Operator};
use valet_core::{NewTodo, TodoId};
use valet_store::{
    Backend, Change, Record, S3Config, Secret, Store, StoreError, StoreOptions, Syncer,
};

fn requests(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .map(|s| {
            s.lines()
                .filter(|l| {
                    l.contains("\" 200")
                        || l.contains("\" 404")
                        || l.contains("\" 412")
                        || l.contains("\" 304")
                        || l.contains("\" 204")
                })
                .count()
        })
        .unwrap_or(0)
}

fn s3(endpoint: &str, bucket: &str, prefix: &str) -> S3Config {
    S3Config {
        endpoint: endpoint.into(),
        bucket: bucket.into(),
        region: "us-east-1".into(),
        key_prefix: prefix.into(),
        access_key_id: Secret::new("test"),
        secret_access_key: Secret::new("test"),
    }
}

fn replica(dir: &Path) -> Store {
    Store::open(StoreOptions {
        data_dir: dir.to_path_buf(),
        backend: Backend::Fs,
    })
    .unwrap()
}

fn todo(n: usize) -> Record {
    let id = TodoId::new_v7(
        1_700_000_000_000 + n as u64,
        (n as u128).to_be_bytes()[6..].try_into().unwrap(),
    );
    Record::Todo(
        NewTodo::new(format!("Todo number {n}: follow up with the team"))
            .into_todo(id, Utc::now())
            .unwrap(),
    )
}

async fn add(store: &Store, from: usize, n: usize) {
    for chunk in (from..from + n).collect::<Vec<_>>().chunks(500) {
        let changes = chunk.iter().map(|i| Change::Put(todo(*i))).collect();
        store
            .mutate("bench", |_| Ok::<_, StoreError>((changes, ())))
            .await
            .unwrap();
    }
}

struct Row {
    case: &'static str,
    valet: usize,
    naive: usize,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (Ok(endpoint), Ok(log)) = (
        std::env::var("VALET_TEST_S3_ENDPOINT"),
        std::env::var("VALET_BENCH_S3_LOG"),
    ) else {
        println!("sync benchmark skipped: needs VALET_TEST_S3_ENDPOINT and VALET_BENCH_S3_LOG (cargo xtask bench sets them)");
        return;
    };
    let log = PathBuf::from(log);
    let bucket = std::env::var("VALET_TEST_S3_BUCKET").unwrap_or_else(|_| "valet-test".into());
    let n: usize = std::env::args()
        .skip_while(|a| a != "--records")
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let run = format!("bench-{}", std::process::id());
    let tmp = tempfile::tempdir().unwrap();
    let remote_cfg = Backend::S3(s3(&endpoint, &bucket, &format!("{run}/valet")));
    let remote = remote_cfg.remote_operator(tmp.path()).unwrap();
    let naive = {
        let b = services::S3::default()
            .endpoint(&endpoint)
            .bucket(&bucket)
            .region("us-east-1")
            .root(&format!("/{run}/naive"))
            .access_key_id("test")
            .secret_access_key("test")
            .disable_config_load()
            .disable_ec2_metadata();
        valet_store::backend::install_http();
        Operator::new(b).unwrap()
    };
    println!("Sync benchmark: {n} todos, requests counted at the S3 server (moto log)");
    let mut rows = Vec::new();
    let count = |f: usize| requests(&log) - f;

    // First upload.
    let a = replica(&tmp.path().join("a"));
    add(&a, 0, n).await;
    let r0 = requests(&log);
    let t = Instant::now();
    Syncer::new(&a, &remote, "bench").run(false).await.unwrap();
    let valet_upload = count(r0);
    let upload_ms = t.elapsed().as_millis();
    let r0 = requests(&log);
    for i in 0..n {
        let Record::Todo(t) = todo(i) else {
            unreachable!()
        };
        naive
            .write(
                &format!("items/{}.json", t.id),
                serde_json::to_vec(&t).unwrap(),
            )
            .await
            .unwrap();
    }
    rows.push(Row {
        case: "first upload",
        valet: valet_upload,
        naive: count(r0),
    });

    // A new device's first sync.
    let b = replica(&tmp.path().join("b"));
    let r0 = requests(&log);
    let t = Instant::now();
    Syncer::new(&b, &remote, "bench").run(false).await.unwrap();
    let boot_ms = t.elapsed().as_millis();
    let valet_boot = count(r0);
    assert_eq!(b.read(|r| r.todos().count()).await.unwrap(), n);
    let r0 = requests(&log);
    let listed = naive.list_with("items/").recursive(true).await.unwrap();
    for e in &listed {
        if e.path().ends_with(".json") {
            naive.read(e.path()).await.unwrap();
        }
    }
    rows.push(Row {
        case: "new device, first sync",
        valet: valet_boot,
        naive: count(r0),
    });

    // Idle poll.
    let r0 = requests(&log);
    Syncer::new(&b, &remote, "bench").run(false).await.unwrap();
    let valet_idle = count(r0);
    let r0 = requests(&log);
    let _ = naive.list_with("items/").recursive(true).await.unwrap();
    rows.push(Row {
        case: "idle poll (no changes anywhere)",
        valet: valet_idle,
        naive: count(r0),
    });

    // One change, pushed by one device.
    add(&a, n, 1).await;
    let r0 = requests(&log);
    Syncer::new(&a, &remote, "bench").run(false).await.unwrap();
    let valet_one = count(r0);
    let r0 = requests(&log);
    let Record::Todo(t1) = todo(n) else {
        unreachable!()
    };
    let p = format!("items/{}.json", t1.id);
    let _ = naive.stat(&p).await;
    naive
        .write(&p, serde_json::to_vec(&t1).unwrap())
        .await
        .unwrap();
    rows.push(Row {
        case: "one change (push)",
        valet: valet_one,
        naive: count(r0),
    });

    // 100 changes, synced once.
    add(&a, n + 1, 100).await;
    let r0 = requests(&log);
    Syncer::new(&a, &remote, "bench").run(false).await.unwrap();
    let valet_100 = count(r0);
    let r0 = requests(&log);
    for i in n + 1..n + 101 {
        let Record::Todo(t) = todo(i) else {
            unreachable!()
        };
        let p = format!("items/{}.json", t.id);
        let _ = naive.stat(&p).await;
        naive
            .write(&p, serde_json::to_vec(&t).unwrap())
            .await
            .unwrap();
    }
    rows.push(Row {
        case: "100 changes (push)",
        valet: valet_100,
        naive: count(r0),
    });

    // The other device receives them.
    let r0 = requests(&log);
    Syncer::new(&b, &remote, "bench").run(false).await.unwrap();
    let valet_recv = count(r0);
    assert_eq!(b.read(|r| r.todos().count()).await.unwrap(), n + 101);
    let r0 = requests(&log);
    let listed = naive.list_with("items/").recursive(true).await.unwrap();
    for e in &listed {
        if e.path().ends_with(".json") {
            naive.read(e.path()).await.unwrap();
        }
    }
    rows.push(Row {
        case: "other device receives the 101 changes",
        valet: valet_recv,
        naive: count(r0),
    });

    // A device away while another pushed 120 times catches up (issue 12 item 8: it reads the
    // latest snapshot instead of every log object).
    let c = replica(&tmp.path().join("c"));
    Syncer::new(&c, &remote, "bench").run(false).await.unwrap();
    for i in 0..120 {
        add(&a, n + 101 + i, 1).await;
        Syncer::new(&a, &remote, "bench").run(false).await.unwrap();
    }
    let r0 = requests(&log);
    let caught = Syncer::new(&c, &remote, "bench").run(false).await.unwrap();
    let valet_catch = count(r0);
    assert_eq!(c.read(|r| r.todos().count()).await.unwrap(), n + 221);
    let r0 = requests(&log);
    let listed = naive.list_with("items/").recursive(true).await.unwrap();
    for e in listed.iter().take(121) {
        if e.path().ends_with(".json") {
            naive.read(e.path()).await.unwrap();
        }
    }
    rows.push(Row {
        case: if caught.snapshot_used {
            "device away for 120 pushes catches up (from a snapshot)"
        } else {
            "device away for 120 pushes catches up"
        },
        valet: valet_catch,
        naive: count(r0),
    });

    println!();
    println!("| case | Valet requests | original plan requests | plan / Valet |");
    println!("|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {:.0}x |",
            r.case,
            r.valet,
            r.naive,
            r.naive as f64 / r.valet.max(1) as f64
        );
    }
    println!();
    println!(
        "Valet first upload {upload_ms} ms, new device bootstrap {boot_ms} ms (moto on 127.0.0.1)"
    );
    println!("targets: idle poll = 1 request; one change <= 2; bootstrap <= 6; catching up 120 pushes well under 123");
    let _ = Path::new(&log);
}
