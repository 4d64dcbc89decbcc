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
