//! Several real `valet` processes on one replica at once, and `kill -9` in the middle of writes:
//! every acknowledged write is there at the end, and no record is torn.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use valet_tests::DataDir;

fn ids_in_store(d: &DataDir) -> HashSet<String> {
    let list = d.json(&["todo", "list", "--status", "all"]);
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn concurrent_processes_adding_and_completing_lose_nothing() {
    let d = DataDir::new("UTC");
    let seed = d.json(&["todo", "add", "shared todo"]);
    let shared = seed["id"].as_str().unwrap().to_owned();
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let dir = d.path().to_path_buf();
            let shared = shared.clone();
            std::thread::spawn(move || {
                let run = |args: &[&str]| {
                    let out = std::process::Command::new(valet_tests::valet_bin())
                        .arg("--data-dir")
                        .arg(&dir)
                        .arg("--json")
                        .args(args)
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
                };
                let mut mine = Vec::new();
                for i in 0..10 {
                    let t = run(&["todo", "add", &format!("worker {w} item {i}")]);
                    mine.push(t["id"].as_str().unwrap().to_owned());
                    if i % 3 == 0 {
                        run(&["todo", "complete", t["id"].as_str().unwrap()]);
                    }
                    run(&["todo", "note", &shared, &format!("w{w}-{i}")]);
                }
                mine
            })
        })
        .collect();
    let mut acknowledged: HashSet<String> = HashSet::new();
    for w in workers {
        acknowledged.extend(w.join().unwrap());
    }
    let stored = ids_in_store(&d);
    assert_eq!(acknowledged.len(), 40);
    assert!(
        acknowledged.is_subset(&stored),
        "missing: {:?}",
        acknowledged.difference(&stored).collect::<Vec<_>>()
    );
    assert_eq!(
        d.json(&["todo", "list", "--status", "completed"])["total"],
        16
    );
    // Every read-modify-write of the same todo survived: 4 workers x 10 notes.
    assert_eq!(
        d.json(&["todo", "show", &shared])["notes"]
            .as_array()
            .unwrap()
            .len(),
        40
    );
    assert!(d.json(&["doctor"])["problems"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn kill_9_during_writes_tears_nothing_and_loses_no_acknowledged_write() {
    let d = DataDir::new("UTC");
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    for i in 0..60u64 {
        let mut child = d
            .cmd()
            .args([
                "--json",
                "todo",
                "add",
                &format!("item {i} {}", "x".repeat(200)),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if i % 2 == 1 {
            // Somewhere between start-up and the end of the write.
            std::thread::sleep(Duration::from_micros((i * 397) % 9_000));
            if child.kill().is_ok() {
                killed += 1;
            }
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            acknowledged.push(v["id"].as_str().unwrap().to_owned());
        }
    }
    assert!(killed > 0);
    let report = d.json(&["doctor"]);
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "torn records: {report}"
    );
    let stored = ids_in_store(&d);
    for id in &acknowledged {
        assert!(stored.contains(id), "acknowledged {id} lost");
    }
    // No temp file of a killed writer is left among the records.
    for e in std::fs::read_dir(d.path().join("todos")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(
            name.ends_with(".json") && name.len() == 41,
            "stray file {name}"
        );
    }
}

/// Issue 13 item 4: a batch is one commit on disk. A writer stopped after some of a batch's
/// records (`VALET_TEST_CRASH_AFTER_WRITES` aborts it there) leaves a redo file, and the next
/// command finishes the batch before anything else: all of it, never part.
#[test]
fn a_batch_stopped_half_written_is_finished_whole_by_the_next_command() {
    let d = DataDir::new("UTC");
    let legacy = tempfile::tempdir().unwrap();
    let tasks: Vec<serde_json::Value> = (0..40)
        .map(|i| serde_json::json!({"id": format!("00000000-0000-4000-8000-{i:012x}"), "content": format!("batch {i}"), "priority": "medium", "category": "General", "completed": false, "created": "2026-01-01T00:00:00Z", "notes": []}))
        .collect();
    std::fs::write(
        legacy.path().join("_global_todo.json"),
        serde_json::json!({"version": "1.0.0", "tasks": tasks}).to_string(),
    )
    .unwrap();
    let out = d
        .cmd()
        .env("VALET_TEST_CRASH_AFTER_WRITES", "7")
        .args(["import-legacy", legacy.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the import should have been stopped");
    assert!(d.path().join(".valet/batch.redo").exists());
    let ids = ids_in_store(&d);
    assert_eq!(ids.len(), 40, "the next command finished the batch");
    assert!(!d.path().join(".valet/batch.redo").exists());
    let doctor = d.json(&["doctor"]);
    assert!(
        doctor["problems"].as_array().unwrap().is_empty(),
        "{doctor}"
    );
}
