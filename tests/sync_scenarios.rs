//! Sync scenarios of issue 12 through real `valet` processes and a real S3-compatible server on
//! 127.0.0.1 (moto, started by `cargo xtask test`): writes from another process during a pull,
//! kill -9 while a pull is applied, a bucket emptied under its devices, a device whose clock is
//! an hour ahead (libfaketime), a second `valet sync` on a busy replica.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::Duration;

use valet_tests::s3::{bucket, endpoint, Replica};

macro_rules! s3_or_skip {
    () => {
        match endpoint() {
            Some(ep) => ep,
            None => {
                eprintln!("skipping: VALET_TEST_S3_ENDPOINT is not set (cargo xtask test sets it)");
                return;
            }
        }
    };
}

fn notes(r: &Replica, id: &str) -> Vec<String> {
    r.json(&["todo", "show", id])["notes"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `valet sync` started in the background, its output discarded.
fn spawn_sync(r: &Replica) -> std::process::Child {
    r.cmd()
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn append_journal(r: &Replica, date: &str, text: &str) {
    r.json(&[
        "day",
        "update",
        date,
        "--journal",
        "--section",
        "reflections",
        "--append",
        text,
    ]);
}

/// The stored journal of `date` (not `sections`, which shows the same text again).
fn journal(r: &Replica, date: &str) -> String {
    let v = r.json(&["day", "show", date]);
    v["journal"].to_string()
}

// Item 1: notes written by other processes while this replica's sync applies a large pull.
#[test]
fn notes_written_by_the_cli_during_a_large_pull_are_never_lost() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-pull/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let id = a.json(&["todo", "add", "Plan the offsite"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.json(&["sync"]);
    b.json(&["sync"]);
    let mut written = Vec::new();
    for round in 0..3 {
        a.import_todos(1500 + round);
        a.json(&[
            "todo",
            "update",
            &id,
            "--priority",
            ["high", "low", "medium"][round],
        ]);
        a.json(&["sync"]);
        let mut sync = spawn_sync(&b);
        // Notes land before, during and after the pull's merge.
        for i in 0..12 {
            let note = format!("note {round}-{i}");
            let out = b.cmd().args(["todo", "note", &id, &note]).output().unwrap();
            if out.status.success() {
                written.push(note);
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        assert!(sync.wait().unwrap().success());
    }
    b.json(&["sync"]);
    a.json(&["sync"]);
    for r in [&a, &b] {
        let have = notes(r, &id);
        let lost: Vec<&String> = written.iter().filter(|n| !have.contains(n)).collect();
        assert!(
            lost.is_empty(),
            "lost {} of {}: {lost:?}",
            lost.len(),
            written.len()
        );
    }
    assert_eq!(a.todos(), b.todos());
}

// Item 2: kill -9 of a pulling device, with a second writer on it, never duplicates text.
#[test]
fn kill_9_while_a_pull_is_applied_never_duplicates_appended_text() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-kill/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let day = "2026-11-28";
    append_journal(&a, day, "Morning.");
    a.json(&["sync"]);
    b.json(&["sync"]);
    let mut killed = 0;
    for i in 0..8u64 {
        a.import_todos(300 + i as usize);
        append_journal(&a, day, &format!("from a {i}"));
        a.json(&["sync"]);
        append_journal(&b, day, &format!("from b {i}"));
        let mut child = spawn_sync(&b);
        std::thread::sleep(Duration::from_millis(30 + i * 45));
        // A second writer on the pulling device.
        b.json(&["todo", "add", &format!("b writes {i}")]);
        if child.kill().is_ok() {
            killed += 1;
        }
        let _ = child.wait();
    }
    assert!(killed > 0);
    for _ in 0..2 {
        b.json(&["sync"]);
        a.json(&["sync"]);
    }
    for r in [&a, &b] {
        let text = journal(r, day);
        for i in 0..8 {
            for who in ["a", "b"] {
                let n = text.matches(&format!("from {who} {i}")).count();
                assert_eq!(n, 1, "'from {who} {i}' {n} times in {text}");
            }
        }
    }
    assert_eq!(a.todos(), b.todos());
    assert_eq!(journal(&a, day), journal(&b, day));
}

fn empty_prefix(ep: &str, prefix: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        valet_service::install_http();
        let op = opendal::Operator::new(
            opendal::services::S3::default()
                .endpoint(ep)
                .bucket(&bucket())
                .region("us-east-1")
                .root(&format!("/{prefix}"))
                .access_key_id("test")
                .secret_access_key("test")
                .disable_config_load()
                .disable_ec2_metadata(),
        )
        .unwrap();
        op.delete_with("/").recursive(true).await.unwrap();
        assert!(op
            .list_with("/")
            .recursive(true)
            .await
            .unwrap()
            .iter()
            .all(|e| e.metadata().is_dir()));
    });
}

// Item 4: a bucket emptied under its devices is noticed, said, refilled; devices converge.
#[test]
fn an_emptied_bucket_is_noticed_and_refilled_by_its_devices() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-empty/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    for i in 0..4 {
        a.json(&["todo", "add", &format!("before {i}")]);
        a.json(&["sync"]);
    }
    b.json(&["sync"]);
    empty_prefix(&ep, &prefix);
    let c = Replica::new(&ep, &prefix);
    c.json(&["todo", "add", "from the new device"]);
    c.json(&["sync"]);
    a.json(&["todo", "add", "from the old device"]);
    let out = a
        .cmd()
        .env("VALET_SYNC_EPOCH_CHECK_SECS", "0")
        .arg("sync")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("no longer held"), "{said}");
    for _ in 0..2 {
        for r in [&c, &a, &b] {
            let out = r
                .cmd()
                .env("VALET_SYNC_EPOCH_CHECK_SECS", "0")
                .args(["--json", "sync"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let all = c.todos();
    assert_eq!(all.len(), 6, "{all:?}");
    assert_eq!(a.todos(), all);
    assert_eq!(b.todos(), all);
}

fn faketime() -> Option<&'static str> {
    let found = Command::new("faketime").arg("--version").output().is_ok();
    if !found && std::env::var("VALET_TEST_S3_REQUIRED").is_ok_and(|v| v == "1") {
        panic!("faketime is not installed (cargo xtask test installs it)");
    }
    found.then_some("faketime")
}

// Item 5: a device whose clock is an hour ahead does not win against truly later edits.
#[test]
fn a_device_an_hour_ahead_does_not_beat_a_later_edit() {
    let ep = s3_or_skip!();
    let Some(faketime) = faketime() else {
        eprintln!("skipping: faketime is not installed");
        return;
    };
    let prefix = format!("scenario-skew/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let skewed = |args: &[&str]| -> serde_json::Value {
        let out = Command::new(faketime)
            .args(["-f", "+1h"])
            .arg(valet_tests::valet_bin())
            .arg("--data-dir")
            .arg(a.0.path())
            .arg("--json")
            .args(args)
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .env("VALET_LOG", "warn")
            .env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
            .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let id = skewed(&["todo", "add", "Call the plumber"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = skewed(&["sync"]);
    let offset = first["clockOffsetMs"].as_i64().unwrap_or_default();
    assert!((offset - 3_600_000).abs() < 5_000, "measured {first}");
    let status = skewed(&["sync", "--status"]);
    assert!(
        status["clockWarning"]
            .as_str()
            .is_some_and(|w| w.contains("ahead")),
        "{status}"
    );
    b.json(&["sync"]);
    // Offline on both: A edits first, B a moment later.
    skewed(&[
        "todo",
        "update",
        &id,
        "--content",
        "Call the plumber (from A)",
    ]);
    std::thread::sleep(Duration::from_millis(1_100));
    b.json(&[
        "todo",
        "update",
        &id,
        "--content",
        "Call the plumber (from B, later)",
    ]);
    skewed(&["sync"]);
    b.json(&["sync"]);
    skewed(&["sync"]);
    assert_eq!(
        b.json(&["todo", "show", &id])["content"],
        "Call the plumber (from B, later)"
    );
    assert_eq!(
        skewed(&["todo", "show", &id])["content"],
        "Call the plumber (from B, later)"
    );
    // The other text is kept as a conflict, not lost.
    let conflicts = b.json(&["conflicts"]);
    assert!(conflicts.to_string().contains("(from A)"), "{conflicts}");
}

// Item 9: a second `valet sync` while one runs waits for it and reports, instead of failing.
#[test]
fn a_second_valet_sync_waits_for_the_running_one() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-busy/{}", std::process::id());
    let a = Replica::new(&ep, &prefix);
    a.import_todos(3000);
    let first = spawn_sync(&a);
    std::thread::sleep(Duration::from_millis(150));
    let second = a.cmd().args(["--json", "sync"]).output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success());
    assert!(
        second.status.success(),
        "the second sync failed: {}",
        String::from_utf8_lossy(&second.stderr)
    );
}

fn day_before(date: &str) -> String {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    (d - chrono::Duration::days(1)).to_string()
}

// Issue 15: two devices start the same day while offline: each carries yesterday's open task,
// and after sync the day has it once (the carried task's id is derived from the task and day).
#[test]
fn two_devices_starting_the_same_day_offline_carry_a_task_once() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-newday/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let today = a.json(&["status"])["today"].as_str().unwrap().to_owned();
    let yesterday = day_before(&today);
    a.json(&[
        "day",
        "update",
        &yesterday,
        "--planner",
        "--section",
        "tasks",
        "--append",
        "- [ ] Finish the slides\n- [x] Send the agenda",
    ]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    // Offline: each starts the day on its own.
    let ta = a.json(&["today"]);
    let tb = b.json(&["today"]);
    assert_eq!(
        ta["morning"]["carried"][0]["text"], "Finish the slides",
        "{ta}"
    );
    assert_eq!(
        tb["morning"]["carried"][0]["text"], "Finish the slides",
        "{tb}"
    );
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    for (name, r) in [("a", &a), ("b", &b)] {
        let plan = &r.json(&["day", "show", &today])["plan"];
        let tasks: Vec<&str> = plan["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert_eq!(tasks, ["Finish the slides"], "device {name}: {plan}");
        assert_eq!(plan["tasks"][0]["carried"], 1, "device {name}: {plan}");
    }
}

// Issue 15: a todo planned into the day on one device and ticked on the other is completed on
// both after sync: the link survives sync.
#[test]
fn a_task_planned_on_one_device_and_ticked_on_another_completes_the_todo() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-link/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    a.json(&["today"]);
    let id = a.json(&["todo", "add", "Call the bank", "--when", "today"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.json(&["plan", &id]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    let rows = b.json(&["today"])["items"].clone();
    let task = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "task")
        .unwrap_or_else(|| panic!("the planned task is not on b's Today: {rows}"));
    assert_eq!(task["task"]["todo"], id.as_str(), "{task}");
    b.json(&["check", task["key"].as_str().unwrap()]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    let t = a.json(&["todo", "show", &id]);
    assert_eq!(t["status"], "completed", "{t}");
    let plan = &a.json(&["day", "show"])["plan"];
    assert_eq!(plan["tasks"][0]["done"], true, "{plan}");
}

// Issue 16: two devices complete the same occurrence of a repeating todo while offline; after
// sync there is one next occurrence, not two (its id comes from the series and the date).
#[test]
fn completing_the_same_occurrence_on_two_devices_offline_makes_one_next() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-repeat/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let id = a.json(&[
        "todo",
        "add",
        "Water the plants",
        "--repeat",
        "every monday and thursday",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["todo", "complete", &id]);
    b.json(&["todo", "complete", &id]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    for (name, r) in [("a", &a), ("b", &b)] {
        let series = r.json(&["todo", "series", &id]);
        let all = series.as_array().unwrap();
        let open: Vec<&serde_json::Value> =
            all.iter().filter(|t| t["status"] != "completed").collect();
        assert_eq!(all.len(), 2, "device {name}: {series}");
        assert_eq!(open.len(), 1, "device {name}: {series}");
    }
}

/// `valet --json ARGS` on replica `r` with its clock `shift` ahead (libfaketime).
fn later(faketime: &str, shift: &str, r: &Replica, args: &[&str]) -> serde_json::Value {
    let out = Command::new(faketime)
        .args(["-f", shift])
        .arg(valet_tests::valet_bin())
        .arg("--data-dir")
        .arg(r.0.path())
        .arg("--json")
        .args(args)
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("VALET_LOG", "warn")
        .env("CLOUDFLARE_R2_ACCESS_KEY_ID", "test")
        .env("CLOUDFLARE_R2_SECRET_ACCESS_KEY", "test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

// Issue 16: a reminder shown (or dismissed) on one device does not fire again on another.
#[test]
fn a_reminder_shown_on_one_device_does_not_fire_on_another_after_sync() {
    let ep = s3_or_skip!();
    let Some(faketime) = faketime() else {
        eprintln!("skipping: faketime is not installed");
        return;
    };
    let prefix = format!("scenario-remind/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let id = a.json(&["todo", "add", "Call the bank", "--due", "tomorrow 9am"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Due in ten minutes, on both devices once they sync.
    a.json(&["todo", "snooze", &id, "10"]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    let upcoming = b.json(&["reminders"]);
    assert_eq!(upcoming.as_array().map(Vec::len), Some(2), "{upcoming}");
    // Twenty minutes later device A shows it; B syncs and has nothing left to show.
    let taken = later(faketime, "+20m", &a, &["reminders", "--take"]);
    assert_eq!(
        taken["missed"].as_array().unwrap().len() + taken["due"].as_array().unwrap().len(),
        1,
        "{taken}"
    );
    a.json(&["sync"]);
    b.json(&["sync"]);
    let on_b = later(faketime, "+21m", &b, &["reminders", "--take"]);
    assert!(
        on_b["due"].as_array().unwrap().is_empty() && on_b["missed"].as_array().unwrap().is_empty(),
        "device B fired it again: {on_b}"
    );
    // Its next reminder (tomorrow 09:00) is still to come on both.
    for r in [&a, &b] {
        let next = r.json(&["reminders"]);
        assert_eq!(next.as_array().map(Vec::len), Some(1), "{next}");
    }
}

// Issue 17: an undo is an ordinary write, so sync carries it to every device; a tag added on
// one device and a step ticked on the other both survive.
#[test]
fn an_undo_on_one_device_undoes_on_the_other_and_organize_edits_merge() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-undo/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    let t = a.json(&[
        "todo",
        "add",
        "Paint the hall",
        "--step",
        "Buy paint",
        "--step",
        "Tape",
    ]);
    let id = t["id"].as_str().unwrap().to_owned();
    let step = t["steps"][0]["id"].as_str().unwrap().to_owned();
    a.json(&["todo", "complete", &id]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    assert_eq!(b.json(&["todo", "show", &id])["status"], "completed");
    a.json(&["undo"]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    assert_eq!(
        b.json(&["todo", "show", &id])["status"],
        "pending",
        "the undo reached B"
    );
    // Offline on both: A tags it, B ticks a step.
    a.json(&["todo", "update", &id, "--tag", "home"]);
    b.json(&["todo", "step", "check", &id, &step]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    for r in [&a, &b] {
        let t = r.json(&["todo", "show", &id]);
        assert_eq!(t["tags"], serde_json::json!(["home"]), "{t}");
        assert_eq!(t["steps"][0]["done"], true, "{t}");
    }
}

// Issue 17: a project deleted on one device while a todo is added to it on another: after sync
// the todo is visible on both, in no project, with a note saying why; the project's other
// todos are gone with it.
#[test]
fn a_todo_added_to_a_project_deleted_elsewhere_stays_visible_in_no_project() {
    let ep = s3_or_skip!();
    let prefix = format!("scenario-project/{}", std::process::id());
    let (a, b) = (Replica::new(&ep, &prefix), Replica::new(&ep, &prefix));
    a.json(&["project", "add", "Garden"]);
    let old = a.json(&["todo", "add", "Mow", "--project", "Garden"]);
    a.json(&["sync"]);
    b.json(&["sync"]);
    // Offline on both: A removes the project, B adds a todo to it.
    a.json(&["project", "remove", "Garden"]);
    let new = b.json(&["todo", "add", "Plant tulips", "--project", "garden"]);
    let id = new["id"].as_str().unwrap().to_owned();
    assert_eq!(new["category"], "Garden", "the project's spelling: {new}");
    a.json(&["sync"]);
    b.json(&["sync"]);
    a.json(&["sync"]);
    for r in [&a, &b] {
        let t = r.json(&["todo", "show", &id]);
        assert_eq!(t["category"], "General", "{t}");
        let notes = t["notes"].to_string();
        assert!(
            notes.contains("deleted or renamed on another device"),
            "{t}"
        );
        let list = r.json(&["todo", "list", "--status", "all"]);
        let ids: Vec<&str> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["id"].as_str())
            .collect();
        assert!(!ids.contains(&old["id"].as_str().unwrap()), "{list}");
        let projects = r.json(&["project", "list", "--all"]);
        assert_eq!(projects, serde_json::json!([]), "{projects}");
    }
}
