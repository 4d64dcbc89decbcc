//! `cargo xtask bench`: store operations at 10,000 todos beside the legacy layout (one
//! `_global_todo.json` rewritten on every change), measured in the same run. Prints medians
//! and ratios; it is a benchmark, not a test, so it asserts nothing about time.
// A benchmark's job is to print its table.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, TimeZone, Utc};
use valet_core::query::{DueFilter, StatusFilter};
use valet_core::{NewTodo, Priority, Status, Today, Todo, TodoId, TodoQuery};
use valet_store::{Backend, Change, Record, Store, StoreError, StoreOptions};

const N: usize = 10_000;

fn sample_todo(i: usize) -> Todo {
    let now = Utc.timestamp_opt(1_780_000_000 + i as i64, 0).unwrap();
    let prio = [Priority::High, Priority::Medium, Priority::Low][i % 3];
    let cat = ["Work", "Home", "Finance", "Health", "General"][i % 5];
    NewTodo {
        content: format!("Todo number {i}: follow up on item {} with the team", i * 7),
        priority: Some(prio),
        category: Some(cat.into()),
        due: (!i.is_multiple_of(4)).then(|| (now + Days::days((i % 40) as i64 - 10)).date_naive()),
        notes: if i.is_multiple_of(10) {
            vec!["a note".into()]
        } else {
            vec![]
        },
        status: Some(if i.is_multiple_of(5) {
            Status::Completed
        } else {
            Status::Pending
        }),
        ..NewTodo::default()
    }
    .into_todo(
        TodoId::new_v7(
            now.timestamp_millis() as u64,
            (i as u128).to_be_bytes()[6..].try_into().unwrap(),
        ),
        now,
    )
    .unwrap()
}

/// The legacy task shape, as the old server kept it in `_global_todo.json`.
fn legacy_task(t: &Todo) -> serde_json::Value {
    serde_json::json!({
        "id": t.id.to_string(), "content": t.content, "priority": t.priority.as_str(), "category": t.category,
        "completed": t.status == Status::Completed, "created": t.created_at.to_rfc3339(),
        "due": t.due.map(|d| d.to_string()), "notes": t.notes,
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let s = Instant::now();
                f();
                s.elapsed()
            })
            .collect(),
    )
}

async fn time_async<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        let s = Instant::now();
        f().await;
        v.push(s.elapsed());
    }
    median(v)
}

/// One legacy write: read and parse the whole file, change it, serialize it, write it back and
/// flush it to disk (what a durable change costs in that layout).
fn legacy_add(path: &Path, i: usize) {
    let mut doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    doc["tasks"]
        .as_array_mut()
        .unwrap()
        .push(legacy_task(&sample_todo(N + i)));
    doc["updated"] = serde_json::json!(Utc::now().to_rfc3339());
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(&serde_json::to_vec_pretty(&doc).unwrap())
        .unwrap();
    f.sync_all().unwrap();
}

/// One legacy filtered list: read and parse the whole file, then filter (the old server re-read
/// the file on every call once its 30-second cache expired).
fn legacy_list(path: &Path) -> usize {
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["priority"] == "high" && t["completed"] == false)
        .count()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn open(dir: &Path) -> Store {
    Store::open(StoreOptions {
        data_dir: dir.to_path_buf(),
        backend: Backend::Fs,
    })
    .unwrap()
}

async fn put(store: &Store, t: Todo) {
    store
        .mutate("bench", |_| {
            Ok::<_, StoreError>((vec![Change::Put(Record::Todo(t))], ()))
        })
        .await
        .unwrap();
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs: usize = if quick { 5 } else { 21 };
    let base = std::env::var_os("VALET_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::tempdir_in(base).unwrap();
    let dir = tmp.path().join("valet");
    println!(
        "Valet store benchmark: {N} todos, fs backend under {}",
        tmp.path().display()
    );
    println!("setting up ...");

    let store = open(&dir);
    let todos: Vec<Todo> = (0..N).map(sample_todo).collect();
    for chunk in todos.chunks(500) {
        let changes = chunk
            .iter()
            .cloned()
            .map(|t| Change::Put(Record::Todo(t)))
            .collect();
        store
            .mutate("bench", |_| Ok::<_, StoreError>((changes, ())))
            .await
            .unwrap();
    }
    let legacy = tmp.path().join("_global_todo.json");
    let doc = serde_json::json!({"version": "1.0.0", "updated": Utc::now().to_rfc3339(),
        "tasks": todos.iter().map(legacy_task).collect::<Vec<_>>()});
    std::fs::write(&legacy, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let legacy_bytes = std::fs::metadata(&legacy).unwrap().len();

    // Alternate blocks of Valet and legacy runs so drift lands on both alike, flushing the page
    // cache between blocks: otherwise the legacy's 3 MB of dirty data makes Valet's next fsync
    // wait for it, and each side would be charged for the other's writes.
    let mut add = Vec::new();
    let mut legacy_adds = Vec::new();
    let block = runs.div_ceil(3);
    let flush = || {
        let _ = std::process::Command::new("sync").status();
    };
    for b in 0..3 {
        flush();
        for i in 0..block {
            let t = sample_todo(N + 100 + b * block + i);
            let s = Instant::now();
            put(&store, t).await;
            add.push(s.elapsed());
        }
        flush();
        for i in 0..block {
            let s = Instant::now();
            legacy_add(&legacy, b * block + i);
            legacy_adds.push(s.elapsed());
        }
    }
    let add = median(add);
    let legacy_add_t = median(legacy_adds);

    let today = Today::at(
        Utc.timestamp_opt(1_780_000_000 + 5_000, 0).unwrap(),
        chrono_tz::Tz::UTC,
    );
    let all = TodoQuery {
        status: StatusFilter::All,
        ..TodoQuery::default()
    };
    let cold = time_async(runs.min(11), || {
        let d = dir.clone();
        let q = all.clone();
        async move {
            let s = open(&d);
            let n = s.read(|r| q.run(r.todos(), &today).total).await.unwrap();
            assert!(n >= N);
        }
    })
    .await;
    let snap = dir.join(".valet/cache/index.json");
    let cold_scan = time_async(3, || {
        let d = dir.clone();
        let q = all.clone();
        let snap = snap.clone();
        async move {
            let _ = std::fs::remove_file(&snap);
            let s = open(&d);
            let n = s.read(|r| q.run(r.todos(), &today).total).await.unwrap();
            assert!(n >= N);
        }
    })
    .await;

    let warm = open(&dir);
    warm.refresh().await.unwrap();
    let filtered = TodoQuery {
        priorities: vec![Priority::High],
        due: DueFilter::Week,
        limit: Some(50),
        ..TodoQuery::default()
    };
    let warm_list = time_async(runs * 10, || {
        let w = warm.clone();
        let q = filtered.clone();
        async move {
            w.read(|r| q.run(r.todos(), &today).items.len())
                .await
                .unwrap();
        }
    })
    .await;
    let text = TodoQuery {
        text: Some("follow item 7".into()),
        limit: Some(50),
        ..TodoQuery::default()
    };
    let warm_text = time_async(runs * 10, || {
        let w = warm.clone();
        let q = text.clone();
        async move {
            w.read(|r| q.run(r.todos(), &today).items.len())
                .await
                .unwrap();
        }
    })
    .await;
    let legacy_list_t = time(runs, || {
        legacy_list(&legacy);
    });

    println!();
    println!("| case | Valet median | legacy median | legacy / Valet | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| add one todo, durable (fsync) | {} | {} (rewrite {:.1} MB) | {:.1}x | >= 20x |",
        ms(add),
        ms(legacy_add_t),
        legacy_bytes as f64 / 1e6,
        legacy_add_t.as_secs_f64() / add.as_secs_f64()
    );
    println!(
        "| cold open + list all (snapshot + log tail) | {} | {} (parse file) | {:.1}x | < 100 ms |",
        ms(cold),
        ms(legacy_list_t),
        legacy_list_t.as_secs_f64() / cold.as_secs_f64()
    );
    println!(
        "| cold open + list all (no snapshot: scan {N} files) | {} | | | (fallback) |",
        ms(cold_scan)
    );
    println!(
        "| warm filtered list (high, due this week, 50) | {} | {} | {:.0}x | < 1 ms |",
        ms(warm_list),
        ms(legacy_list_t),
        legacy_list_t.as_secs_f64() / warm_list.as_secs_f64()
    );
    println!(
        "| warm text search list (3 words, 50) | {} | | | < 1 ms |",
        ms(warm_text)
    );
    println!();
    println!("medians of {} runs (warm lists: {} runs); Valet and legacy measured in alternating blocks of one run", 3 * block, runs * 10);
}
