//! Two replicas (separate `valet` processes, separate data dirs) sharing one bucket on a real
//! S3-compatible server on 127.0.0.1: offline edits on both converge with every text kept.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use valet_tests::s3::{endpoint, Replica};

#[test]
fn two_replicas_converge_through_a_real_bucket_keeping_every_text() {
    let Some(ep) = endpoint() else {
        eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
        return;
    };
    let prefix = format!("sync-e2e/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let id = a.json(&["todo", "add", "Call bank"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = a.json(&["sync"]);
    assert_eq!(
        (first["firstSync"].as_bool(), first["sent"].as_u64()),
        (Some(true), Some(1))
    );
    let got = b.json(&["sync"]);
    assert_eq!(got["received"], 1);
    assert_eq!(b.json(&["todo", "show", &id])["content"], "Call bank");

    // Offline on both: different fields, the same text, and the same journal day.
    a.json(&[
        "todo",
        "update",
        &id,
        "--content",
        "Call the bank at 9",
        "--priority",
        "high",
    ]);
    a.json(&[
        "day",
        "update",
        "2026-11-28",
        "--journal",
        "--section",
        "reflections",
        "--append",
        "Lunch with Sam",
    ]);
    b.json(&[
        "todo",
        "update",
        &id,
        "--status",
        "completed",
        "--content",
        "Phone the bank",
    ]);
    b.json(&[
        "day",
        "update",
        "2026-11-28",
        "--journal",
        "--section",
        "reflections",
        "--append",
        "Gym at 6",
    ]);
    a.json(&["sync"]);
    let merged = b.json(&["sync"]);
    assert!(merged["merged"].as_u64().unwrap() >= 1, "{merged}");
    a.json(&["sync"]);

    let (ta, tb) = (
        a.json(&["todo", "show", &id]),
        b.json(&["todo", "show", &id]),
    );
    assert_eq!(ta, tb);
    assert_eq!(
        (ta["priority"].as_str(), ta["status"].as_str()),
        (Some("high"), Some("completed"))
    );
    let texts = [
        ta["content"].as_str().unwrap().to_owned(),
        a.json(&["conflicts"])[0]["other"]
            .as_str()
            .unwrap()
            .to_owned(),
    ];
    assert!(
        texts.contains(&"Call the bank at 9".to_owned())
            && texts.contains(&"Phone the bank".to_owned()),
        "{texts:?}"
    );
    assert_eq!(a.json(&["conflicts"]), b.json(&["conflicts"]));
    for r in [&a, &b] {
        let day = r.json(&["day", "show", "2026-11-28"]);
        let refl = day["journal"]["reflections"].as_str().unwrap();
        assert!(
            refl.contains("Lunch with Sam") && refl.contains("Gym at 6"),
            "{refl}"
        );
    }

    // Resolving on one side settles it everywhere.
    let record = a.json(&["conflicts"])[0]["record"]
        .as_str()
        .unwrap()
        .to_owned();
    // The todo as every command takes it: `todo/<its last 8 characters>`.
    let short = format!("todo/{}", &record[record.len() - 8..]);
    a.json(&["conflicts", "resolve", &short, "0", "--keep", "both"]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    assert_eq!(b.json(&["conflicts"]), serde_json::json!([]));
    assert!(b.json(&["todo", "show", &id])["content"]
        .as_str()
        .unwrap()
        .contains("---"));

    // Deletes propagate and do not come back.
    a.json(&["todo", "remove", &id]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    let gone =
        b.0.cmd()
            .env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
            .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test")
            .args(["todo", "show", &id])
            .output()
            .unwrap();
    assert_eq!(gone.status.code(), Some(3));

    // An idle poll is one request.
    let idle = b.json(&["sync"]);
    assert_eq!(
        (idle["requests"].as_u64(), idle["received"].as_u64()),
        (Some(1), Some(0)),
        "{idle}"
    );
    let status = b.json(&["sync", "--status"]);
    assert_eq!(
        (status["enabled"].as_bool(), status["pending"].as_u64()),
        (Some(true), Some(0))
    );
}

#[test]
fn migrate_to_s3_and_back_verifies_and_switches() {
    let Some(ep) = endpoint() else {
        eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
        return;
    };
    let prefix = format!("migrate-e2e/{}", std::process::id());
    let a = Replica::new(&ep, &prefix);
    // Start on local storage with the bucket described but not used.
    let settings_path = a.0.path().join("settings.json");
    let mut s: Value =
        serde_json::from_str(&std::fs::read_to_string(&settings_path).unwrap()).unwrap();
    s["storage"]["provider"] = "local".into();
    std::fs::write(&settings_path, s.to_string()).unwrap();
    for i in 0..30 {
        a.json(&["todo", "add", &format!("todo {i}")]);
    }
    a.json(&[
        "day",
        "update",
        "2026-11-28",
        "--journal",
        "--section",
        "reflections",
        "--append",
        "Moving to the cloud",
    ]);
    let r = a.json(&["migrate", "--to", "s3"]);
    assert_eq!(
        (r["verified"].as_u64(), r["switched"].as_bool()),
        (Some(31), Some(true)),
        "{r}"
    );
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&settings_path).unwrap()).unwrap();
    assert_eq!(s["storage"]["provider"], "cloudflare-r2");
    // Re-running (as after an interruption) duplicates nothing.
    let again = a.json(&["migrate", "--to", "s3"]);
    assert_eq!(
        (again["verified"].as_u64(), again["sent"].as_u64()),
        (Some(31), Some(0)),
        "{again}"
    );
    // Another device on the bucket sees everything.
    let b = Replica::new(&ep, &prefix);
    b.json(&["sync"]);
    assert_eq!(b.json(&["todo", "list", "--limit", "100"])["total"], 30);
    // And back to local storage.
    let back = a.json(&["migrate", "--to", "local"]);
    assert_eq!(back["switched"], true);
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&settings_path).unwrap()).unwrap();
    assert_eq!(s["storage"]["provider"], "local");
    assert_eq!(a.json(&["todo", "list", "--limit", "100"])["total"], 30);
}

#[test]
fn kill_9_in_the_middle_of_syncs_loses_nothing_and_duplicates_nothing() {
    let Some(ep) = endpoint() else {
        eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
        return;
    };
    let prefix = format!("kill-e2e/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    // 2,000 todos in one go, through the legacy importer.
    let legacy = tempfile::tempdir().unwrap();
    let tasks: Vec<Value> = (0..2000)
        .map(|i| serde_json::json!({"id": format!("00000000-0000-4000-8000-{i:012x}"), "content": format!("todo {i}"), "priority": "medium", "category": "General", "completed": false, "created": "2026-01-01T00:00:00Z", "notes": []}))
        .collect();
    std::fs::write(
        legacy.path().join("_global_todo.json"),
        serde_json::json!({"version": "1.0.0", "tasks": tasks}).to_string(),
    )
    .unwrap();
    a.json(&["import-legacy", legacy.path().to_str().unwrap()]);
    let mut killed = 0;
    for i in 0..6u64 {
        let mut child =
            a.0.cmd()
                .env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
                .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test")
                .arg("sync")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(40 + i * 60));
        if child.kill().is_ok() {
            killed += 1;
        }
        let _ = child.wait();
        // Another device keeps working meanwhile.
        b.json(&["todo", "add", &format!("from b {i}")]);
        b.json(&["sync"]);
    }
    assert!(killed > 0);
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    let list = |r: &Replica| {
        let v = r.json(&["todo", "list", "--status", "all", "--limit", "5000"]);
        let mut items: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| format!("{} {}", t["id"], t["content"]))
            .collect();
        items.sort();
        items
    };
    let (la, lb) = (list(&a), list(&b));
    assert_eq!(la.len(), 2006, "every todo exactly once");
    assert_eq!(la, lb);
    for r in [&a, &b] {
        assert!(r.json(&["doctor"])["problems"]
            .as_array()
            .unwrap()
            .is_empty());
    }
}

#[test]
fn encrypted_sync_needs_the_right_passphrase() {
    let Some(ep) = endpoint() else {
        eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
        return;
    };
    let prefix = format!("e2ee-e2e/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    for r in [&a, &b] {
        let p = r.0.path().join("settings.json");
        let mut s: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        s["storage"]["cloudflare"]["encrypt"] = true.into();
        std::fs::write(&p, s.to_string()).unwrap();
    }
    let run = |r: &Replica, pass: Option<&str>, args: &[&str]| {
        let mut c = r.0.cmd();
        c.env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
            .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test");
        match pass {
            Some(p) => c.env("VALET_SYNC_PASSPHRASE", p),
            None => c.env_remove("VALET_SYNC_PASSPHRASE"),
        };
        c.args(args).output().unwrap()
    };
    a.json(&["todo", "add", "Plan the surprise party"]);
    assert!(run(&a, Some("correct horse"), &["sync"]).status.success());
    let no_pass = run(&b, None, &["sync"]);
    assert_eq!(no_pass.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&no_pass.stderr).contains("VALET_SYNC_PASSPHRASE"));
    let wrong = run(&b, Some("battery staple"), &["sync"]);
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("passphrase is wrong"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(run(&b, Some("correct horse"), &["sync"]).status.success());
    assert_eq!(
        b.json(&["todo", "list"])["items"][0]["content"],
        "Plan the surprise party"
    );
}
