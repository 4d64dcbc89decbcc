//! The `valet` CLI through the real binary: every command, `--json`, exit codes and messages.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rstest::rstest;
use serde_json::Value;
use valet_tests::DataDir;

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

#[test]
fn short_ids_are_random_from_their_first_character() {
    let d = DataDir::new("UTC");
    let firsts: std::collections::BTreeSet<char> = (0..20)
        .map(|i| {
            let added = d.json(&["todo", "add", &format!("todo {i}")]);
            let id = added["id"].as_str().unwrap().to_owned();
            id[id.len() - 8..].chars().next().unwrap()
        })
        .collect();
    // Twenty random hex digits all alike: odds of 16^-19.
    assert!(firsts.len() > 1, "every short id starts with {firsts:?}");
}

#[test]
fn todo_lifecycle_through_the_binary() {
    let d = DataDir::new("UTC");
    // Valet's today (the day starts at 04:00, so before then it is still yesterday).
    let today = d.json(&["status"])["today"].as_str().unwrap().to_owned();
    let added = d.json(&[
        "todo",
        "add",
        "Call the bank",
        "--priority",
        "high",
        "--category",
        "finance",
        "--due",
        &today,
        "--time",
        "09:30",
    ]);
    assert_eq!(added["priority"], "high");
    assert_eq!(added["dueTime"], "09:30");
    let id = added["id"].as_str().unwrap().to_owned();
    d.json(&["todo", "add", "Buy milk"]);

    let list = d.json(&["todo", "list", "--due", "today"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["content"], "Call the bank");

    // The short id a list shows (last 8 characters) works everywhere.
    let short = &id[id.len() - 8..];
    let noted = d.json(&["todo", "note", short, "ask for Anna"]);
    assert_eq!(noted["notes"], serde_json::json!(["ask for Anna"]));
    let done = d.json(&["todo", "complete", short]);
    assert_eq!(done["status"], "completed");
    assert!(done["completedAt"].is_string());
    assert_eq!(
        d.json(&["todo", "list"])["total"],
        1,
        "completed todos are hidden by default"
    );
    assert_eq!(
        d.json(&["todo", "list", "--status", "completed"])["total"],
        1
    );
    let reopened = d.json(&["todo", "reopen", &id]);
    assert_eq!(
        (reopened["status"].as_str(), reopened.get("completedAt")),
        (Some("pending"), None)
    );

    let updated = d.json(&[
        "todo",
        "update",
        &id,
        "--content",
        "Call the bank again",
        "--due",
        "none",
        "--status",
        "in_progress",
    ]);
    assert_eq!(updated["content"], "Call the bank again");
    assert_eq!(updated["due"], Value::Null);
    assert_eq!(updated["status"], "in_progress");
    assert_eq!(
        d.json(&["todo", "show", &id])["content"],
        "Call the bank again"
    );

    let removed = d.json(&["todo", "remove", &id]);
    assert_eq!(removed["id"], id.as_str());
    let gone = d.run(&["todo", "show", &id]);
    assert_eq!(gone.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&gone.stderr).contains("todo not found"));
}

#[rstest]
#[case(&["todo", "add", "x", "--priority", "urgent"], 2, "--priority: must be one of high, medium, low; got \"urgent\"")]
#[case(&["todo", "add", "   "], 2, "content: must not be empty")]
#[case(&["todo", "add", "x", "--due", "2026-02-30"], 2, "--due: must be a date in the form YYYY-MM-DD")]
#[case(&["todo", "add", "x", "--time", "09:00"], 2, "dueTime: needs a due date")]
#[case(&["todo", "list", "--due", "soon"], 2, "--due: must be one of today, week, overdue, none, all; got \"soon\"")]
#[case(&["todo", "show", "../../etc/passwd"], 2, "id: must be a todo id")]
#[case(&["todo", "complete", "0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f"], 3, "todo not found")]
#[case(&["todo", "update", "0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f"], 2, "update: needs at least one of")]
#[case(&["day", "show", "yesterday"], 2, "date: must be a date in the form YYYY-MM-DD")]
#[case(&["todo", "add", "x", "--remind", "soon"], 2, "--remind: is not a reminder; got \"soon\"")]
#[case(&["todo", "add", "x", "--remind", "30m before"], 2, "needs a deadline with a time of day")]
#[case(&["todo", "add", "x", "--due", "tomorrow", "--remind", "5 weeks before"], 2, "--remind: must be at most 4 weeks")]
#[case(&["day", "update", "--planner", "--section", "../x", "--append", "hi"], 2, "section: must be a section name")]
fn bad_input_exits_non_zero_naming_the_field_and_rule(
    #[case] args: &[&str],
    #[case] code: i32,
    #[case] msg: &str,
) {
    let d = DataDir::new("UTC");
    let out = d.run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(msg), "{args:?}: {err}");
    // Nothing was stored by a failed command.
    assert_eq!(d.json(&["todo", "list", "--status", "all"])["total"], 0);
}

#[test]
fn json_errors_are_machine_readable() {
    let d = DataDir::new("UTC");
    let out = d.run(&["--json", "todo", "add", "x", "--priority", "urgent"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "invalid");
}

#[test]
fn days_new_day_and_search() {
    let d = DataDir::new("UTC");
    d.json(&[
        "day",
        "update",
        "2026-11-27",
        "--planner",
        "--section",
        "tasks",
        "--append",
        "- [ ] write report\n- [x] gym",
    ]);
    d.json(&[
        "day",
        "update",
        "2026-11-27",
        "--journal",
        "--section",
        "reflections",
        "--append",
        "The mortgage call went well",
    ]);
    let day = d.json(&["day", "show", "2026-11-27"]);
    assert_eq!(day["plan"]["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(day["plan"]["tasks"][1]["done"], true);

    let report = d.json(&["new-day", "2026-11-28"]);
    assert_eq!(
        (
            report["previous"].as_str(),
            report["archived"].as_bool(),
            report["carriedOver"].as_u64()
        ),
        (Some("2026-11-27"), Some(true), Some(1))
    );
    // Running it again archives nothing new and carries nothing twice, and says so.
    let again = d.json(&["new-day", "2026-11-28"]);
    assert_eq!(
        (again["archived"].as_bool(), again["carriedOver"].as_u64()),
        (Some(false), Some(0))
    );
    assert!(again["archiveNote"]
        .as_str()
        .unwrap()
        .contains("already archived"));
    let next = d.json(&["day", "show", "2026-11-28"]);
    assert_eq!(next["plan"]["tasks"][0]["text"], "write report");
    assert_eq!(next["plan"]["tasks"][0]["carriedFrom"], "2026-11-27");

    d.json(&["todo", "add", "Send mortgage papers"]);
    let hits = d.json(&["search", "mortgage"]);
    let kinds: Vec<&str> = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    // One hit per day: the journal of 2026-11-27 and its archived copy are the same day.
    assert_eq!(kinds.len(), 2, "{hits}");
    assert!(
        kinds.contains(&"todo") && kinds.contains(&"journal"),
        "{hits}"
    );

    let days = d.json(&["day", "list"]);
    assert_eq!(days[0]["date"], "2026-11-28");
    assert_eq!(days[1]["archived"], true);
}

#[test]
fn today_follows_the_users_time_zone_not_utc() {
    // Kiritimati is UTC+14: its date is ahead of UTC's for 14 hours of every UTC day, and at
    // no moment is it behind it. Etc/GMT+12 (UTC-12) is never ahead.
    let ahead = DataDir::new("Pacific/Kiritimati");
    let behind = DataDir::new("Etc/GMT+12");
    let a = ahead.json(&["status"])["today"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = behind.json(&["status"])["today"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        a >= today() && b <= today() && a > b,
        "ahead {a}, behind {b}, utc {}",
        today()
    );
}

#[test]
fn doctor_reports_and_quarantines_a_corrupt_record() {
    let d = DataDir::new("UTC");
    d.json(&["todo", "add", "fine"]);
    std::fs::write(
        d.path()
            .join("todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json"),
        "{ torn",
    )
    .unwrap();
    let report = d.json(&["doctor"]);
    assert_eq!(report["todos"], 1);
    assert_eq!(
        report["problems"][0]["path"],
        "todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json"
    );
    assert!(!d
        .path()
        .join("todos/0193c2a4-7b1e-7c3d-9f00-1a2b3c4d5e6f.json")
        .exists());
    assert_eq!(d.json(&["todo", "list"])["total"], 1);
    // Metrics of this process: the store's size, records per collection, OpenDAL operations.
    let m = &report["metrics"];
    assert_eq!(m["records"]["todos"], 1, "{m}");
    assert!(m["storageBytes"].as_u64().unwrap() > 0, "{m}");
    assert!(
        m["operations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["layer"] == "fs" && o["operation"] == "read"),
        "{m}"
    );
}

/// Audit, hostile files: a journal with one field of the wrong type showed as "no journal yet"
/// with only a log line, and the next `journal add` replaced it, entries and all. Now the
/// command says which file it could not read, and the file is kept in quarantine.
#[test]
fn a_damaged_day_file_is_named_and_kept_not_replaced() {
    let d = DataDir::new("UTC");
    d.json(&["journal", "add", "Long walk, clear head"]);
    d.json(&["journal", "mood", "calm"]);
    let day = d.json(&["status"])["today"].as_str().unwrap().to_owned();
    let file = d.path().join(format!("journals/{day}.json"));
    let damaged = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"mood\": \"calm\"", "\"mood\": 5");
    assert!(damaged.contains("\"mood\": 5"));
    std::fs::write(&file, &damaged).unwrap();

    let shown = d.run(&["journal", "show"]);
    let stderr = String::from_utf8_lossy(&shown.stderr);
    assert!(
        stderr.contains(&format!("warning: journals/{day}.json could not be read")),
        "{stderr}"
    );
    assert!(d.run(&["journal", "add", "Another entry"]).status.success());
    let kept: Vec<String> = walk(&d.path().join(".valet/quarantine"))
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(
        kept.iter().any(|k| k.contains("Long walk, clear head")),
        "{kept:?}"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn every_command_has_help() {
    let d = DataDir::new("UTC");
    for args in [
        vec!["--help"],
        vec!["todo", "--help"],
        vec!["todo", "add", "--help"],
        vec!["todo", "list", "--help"],
        vec!["day", "update", "--help"],
        vec!["new-day", "--help"],
        vec!["search", "--help"],
        vec!["doctor", "--help"],
        vec!["audit", "--help"],
    ] {
        let out = d.run(&args);
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn audit_shows_who_changed_what_newest_first() {
    let d = DataDir::new("UTC");
    let added = d.json(&["todo", "add", "Audit me"]);
    let id = added["id"].as_str().unwrap().to_owned();
    d.json(&["todo", "complete", &id]);
    let all = d.json(&["audit"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["rev"], 2);
    assert_eq!(all[0]["by"], "cli");
    assert_eq!(all[0]["id"], id.as_str());
    assert_eq!(all[0]["kind"], "todos");
    assert_eq!(
        d.json(&["audit", "--limit", "1"]).as_array().unwrap().len(),
        1
    );
    assert!(d
        .json(&["audit", "--by", "mcp"])
        .as_array()
        .unwrap()
        .is_empty());
    let short = &id[id.len() - 8..];
    assert_eq!(
        d.json(&["audit", "--record", short])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(d
        .json(&["audit", "--since", "2999-01-01"])
        .as_array()
        .unwrap()
        .is_empty());
    let bad = d.run(&["audit", "--since", "soon"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--since"));
}

/// Issue 13 item 14: a read-only data folder (here a read-only bind mount) can still be
/// listed, searched and exported; a write says why it cannot be made.
#[test]
fn a_read_only_data_folder_can_be_read_and_exported() {
    let src = DataDir::new("UTC");
    src.json(&["todo", "add", "read me later"]);
    let mnt = tempfile::tempdir().unwrap();
    let mount = |args: &[&str]| {
        std::process::Command::new("mount")
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    };
    let (s, m) = (src.path().to_str().unwrap(), mnt.path().to_str().unwrap());
    if !(mount(&["--bind", s, m]) && mount(&["-o", "remount,bind,ro", m])) {
        let _ = std::process::Command::new("umount").arg(m).status();
        assert!(
            std::env::var("CI").is_err(),
            "CI runs as root and must be able to make a read-only bind mount"
        );
        eprintln!("skipping: cannot make a read-only bind mount here (not root?)");
        return;
    }
    let run = |args: &[&str]| {
        std::process::Command::new(valet_tests::valet_bin())
            .arg("--data-dir")
            .arg(mnt.path())
            .env("VALET_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    };
    let list = run(&["--json", "todo", "list"]);
    let search = run(&["search", "read"]);
    let out = tempfile::tempdir().unwrap();
    let export = run(&["export", out.path().join("x.json").to_str().unwrap()]);
    let add = run(&["todo", "add", "nope"]);
    let _ = std::process::Command::new("umount")
        .arg(mnt.path())
        .status();
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(String::from_utf8_lossy(&list.stdout).contains("read me later"));
    assert!(
        search.status.success()
            && String::from_utf8_lossy(&search.stdout).contains("read me later")
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    assert!(out.path().join("x.json").exists());
    assert!(!add.status.success());
    assert!(
        String::from_utf8_lossy(&add.stderr).contains("Read-only"),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
}

/// Issue 14: the CLI reads due text like the app and MCP: words with a time set both, "none"
/// clears the date and its time.
#[test]
fn due_words_set_and_none_clears_in_the_cli_too() {
    let d = DataDir::new("UTC");
    let id = d.json(&["todo", "add", "x", "--due", "tomorrow"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let t = d.json(&["todo", "update", &id, "--due", "next friday 9am"]);
    assert!(t["due"].is_string(), "{t}");
    assert_eq!(t["dueTime"], "09:00");
    let t = d.json(&["todo", "update", &id, "--due", "none"]);
    assert!(t["due"].is_null() && t["dueTime"].is_null(), "{t}");
}

/// Issue 16: reminders from the terminal: set, listed in order, snoozed, cleared.
#[test]
fn reminders_are_set_listed_snoozed_and_cleared() {
    let d = DataDir::new("UTC");
    let t = d.json(&[
        "todo",
        "add",
        "Call the bank",
        "--due",
        "tomorrow 9am",
        "--remind",
        "30m before, at deadline",
    ]);
    assert_eq!(
        t["reminders"],
        serde_json::json!(["30m before", "at deadline"]),
        "{t}"
    );
    let id = t["id"].as_str().unwrap().to_owned();
    let d2 = d.json(&["todo", "add", "Dentist", "--due", "tomorrow 3pm"]);
    assert_eq!(
        d2["reminders"],
        serde_json::json!(["at deadline"]),
        "the default: {d2}"
    );
    let next = d.json(&["reminders"]);
    let order: Vec<&str> = next
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["todo"]["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        ["Call the bank", "Call the bank", "Dentist"],
        "{next}"
    );
    let s = d.json(&["todo", "snooze", &id, "1h"]);
    assert!(s["snoozedUntil"].is_string(), "{s}");
    let taken = d.json(&["reminders", "--take"]);
    assert_eq!(
        taken["due"],
        serde_json::json!([]),
        "nothing is due yet: {taken}"
    );
    let c = d.json(&["todo", "update", &id, "--remind", "none"]);
    assert!(c.get("reminders").is_none(), "{c}");
    let shown = d.run(&["todo", "show", &id]);
    assert!(String::from_utf8_lossy(&shown.stdout).contains("snoozed"));
}

/// Issue 20: the dry run of an import into a folder with no Valet data says "nothing was
/// written" and writes nothing, not even `.valet/`.
#[test]
fn a_dry_run_import_into_a_new_folder_creates_nothing() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/valet-service/tests/fixtures/legacy-quirks");
    let parent = tempfile::tempdir().unwrap();
    let target = parent.path().join("new-valet");
    let out = std::process::Command::new(valet_tests::valet_bin())
        .arg("--data-dir")
        .arg(&target)
        .arg("import-legacy")
        .arg(&src)
        .arg("--dry-run")
        .env("VALET_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing was written"));
    assert!(!target.exists(), "the dry run created {}", target.display());
}

/// Issue 17: tags, a checklist and notes from the terminal; the tag filter; renaming a tag.
#[test]
fn tags_steps_and_notes_from_the_terminal() {
    let d = DataDir::new("UTC");
    let t = d.json(&[
        "todo",
        "add",
        "Paint the hall",
        "--tag",
        "home",
        "-t",
        "#diy",
        "--step",
        "Buy paint",
        "--step",
        "Tape",
        "--body",
        "Colour: sage",
    ]);
    assert_eq!(t["tags"], serde_json::json!(["home", "diy"]), "{t}");
    let id = t["id"].as_str().unwrap().to_owned();
    let step = t["steps"][0]["id"].as_str().unwrap().to_owned();
    let c = d.json(&["todo", "step", "check", &id, &step]);
    assert_eq!(c["steps"][0]["done"], true);
    let m = d.json(&["todo", "step", "move", &id, &step, "--to", "2"]);
    assert_eq!(m["steps"][1]["id"], step.as_str());
    d.json(&["todo", "add", "Fix the bike", "--tag", "diy"]);
    let quick = d.json(&["todo", "add", "Call #bank #calls"]);
    assert_eq!(
        quick["content"], "Call #bank #calls",
        "the CLI's add keeps the text as typed"
    );
    let listed = d.json(&[
        "todo",
        "list",
        "--tag",
        "diy",
        "--tag",
        "home",
        "--all-tags",
    ]);
    assert_eq!(listed["total"], 1, "{listed}");
    let renamed = d.json(&["tags", "rename", "diy", "home"]);
    assert_eq!(renamed.as_array().unwrap().len(), 2, "{renamed}");
    let tags = d.json(&["tags"]);
    assert_eq!(tags, serde_json::json!([{"tag": "home", "todos": 2}]));
    let out = d.run(&["todo", "update", &id, "--tag", "two words"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one word"));
    let shown = d.run(&["todo", "show", &id]);
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("#home") && text.contains("[x] Buy paint") && text.contains("Colour: sage"),
        "{text}"
    );
}

/// Issue 17: `valet undo` takes back the CLI's own last changes, `valet redo` puts one back.
#[test]
fn undo_and_redo_from_the_terminal() {
    let d = DataDir::new("UTC");
    let id = d.json(&["todo", "add", "Call the bank"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    d.json(&["todo", "complete", &id]);
    d.json(&["todo", "update", &id, "--priority", "high"]);
    let list = d.json(&["undo", "--list"]);
    assert_eq!(list.as_array().unwrap().len(), 3, "{list}");
    let undone = d.json(&["undo", "2"]);
    assert_eq!(undone.as_array().unwrap().len(), 2, "{undone}");
    let t = d.json(&["todo", "show", &id]);
    assert_eq!(
        (t["status"].as_str(), t["priority"].as_str()),
        (Some("pending"), Some("medium"))
    );
    d.json(&["redo"]);
    assert_eq!(d.json(&["todo", "show", &id])["status"], "completed");
    let out = d.run(&["undo", "5"]);
    assert!(out.status.success());
    let gone = d.run(&["todo", "show", &id]);
    assert_eq!(gone.status.code(), Some(3), "the add was undone too");
    let nothing = d.run(&["undo"]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("nothing to undo"));
}

/// Issue 18: several ids per command, in one change (one undo); "already completed" said so.
#[test]
fn several_ids_complete_in_one_change_and_already_done_is_said() {
    let d = DataDir::new("UTC");
    let a = d.json(&["todo", "add", "a"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b = d.json(&["todo", "add", "b"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    d.json(&["todo", "complete", &a]);
    let out = d.run(&["todo", "complete", &a, &b]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Already completed: [x]") && text.contains("Completed: [x]"),
        "{text}"
    );
    let both = d.json(&["todo", "reopen", &a, &b]);
    assert_eq!(both.as_array().unwrap().len(), 2, "{both}");
    d.json(&["undo"]);
    let all = d.json(&["todo", "list", "--status", "completed"]);
    assert_eq!(
        all["total"], 2,
        "one undo takes back the two reopens: {all}"
    );
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    let d = DataDir::new("UTC");
    let help = String::from_utf8_lossy(&d.run(&["--help"]).stdout).into_owned();
    // The command names from the help's "Commands:" list.
    let commands: Vec<String> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // Command names are indented by two; wrapped descriptions by more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() > 20, "{commands:?}");
    assert!(commands.contains(&"project".to_owned()), "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = d.run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for c in &commands {
            assert!(script.contains(c.as_str()), "{shell} completions lack {c}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let out = d.run(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    for c in &commands {
        let page = dir.path().join(format!("valet-{c}.1"));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{page:?}: {e}"));
        assert!(text.contains(".TH"), "{page:?} is not roff");
    }
    assert!(dir.path().join("valet-project-add.1").exists());
}

/// Audit A, 17: `todo show` printed its times in UTC while every other view used the user's zone.
#[test]
fn todo_show_gives_times_in_the_users_zone() {
    let d = DataDir::new("Asia/Kolkata");
    let id = d.json(&["todo", "add", "Call the bank"])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shown = String::from_utf8_lossy(&d.run(&["todo", "show", &id]).stdout).into_owned();
    let created = shown
        .lines()
        .find(|l| l.trim_start().starts_with("created"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(created.ends_with("+05:30"), "{created}");
}

/// Audit A, 16: `--priority`, `--status`, `--sort` and `--due` completed file names.
#[test]
fn completion_offers_the_words_of_options_that_take_one_of_a_few() {
    let d = DataDir::new("UTC");
    let bash = String::from_utf8_lossy(&d.run(&["completions", "bash"]).stdout).into_owned();
    for words in [
        "high medium low",
        "open all pending in_progress completed",
        "today week overdue none all",
        "smart due priority created updated content",
    ] {
        assert!(
            bash.contains(&format!("compgen -W \"{words}\"")),
            "bash completion lacks {words}"
        );
    }
    // The facade's rule still decides, and names the option.
    let out = d.run(&["todo", "list", "--priority", "urgent"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--priority: must be one of high, medium, low"),
        "{err}"
    );
}

#[test]
fn colour_only_on_request_or_on_a_terminal() {
    let d = DataDir::new("UTC");
    d.json(&[
        "todo",
        "add",
        "Pay rent",
        "--priority",
        "high",
        "--due",
        "yesterday",
    ]);
    let text = |args: &[&str]| String::from_utf8_lossy(&d.run(args).stdout).into_owned();
    // Piped (as here): no escape codes by default.
    assert!(!text(&["todo", "list"]).contains('\u{1b}'));
    let coloured = text(&["todo", "list", "--color", "always"]);
    assert!(coloured.contains("\u{1b}[31m (overdue)"), "{coloured}");
    assert!(coloured.contains("\u{1b}[1;33m !high"), "{coloured}");
    assert!(!text(&["todo", "list", "--color", "never"]).contains('\u{1b}'));
}

#[test]
fn plan_and_journal_verbs_answer_in_one_line() {
    let d = DataDir::new("UTC");
    let line = |args: &[&str]| {
        let out = d.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert!(line(&["plan", "add", "Call", "the", "plumber"]).ends_with(": Call the plumber"));
    line(&["plan", "add", "Write report"]);
    let todo = d.json(&["todo", "add", "Pay rent"]);
    let id = todo["id"].as_str().unwrap();
    assert!(line(&["plan", &id[id.len() - 8..]]).ends_with(": Pay rent"));
    assert_eq!(line(&["plan", "check", "2"]), "Done: Write report");
    assert_eq!(
        line(&["plan", "move", "3", "--to", "1"]),
        "Moved to 1: Pay rent"
    );
    assert_eq!(line(&["plan", "remove", "2"]), "Removed: Call the plumber");
    // Ticking the task planned from a todo completes the todo.
    line(&["plan", "check", "1"]);
    assert_eq!(d.json(&["todo", "show", id])["status"], "completed");
    let bad = d.run(&["plan", "check", "9"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("task: no task \"9\""));

    assert_eq!(line(&["journal", "mood", "calm"]), "Mood: calm");
    assert_eq!(line(&["journal", "mood", "--score", "4"]), "Mood: 4/5");
    let bad = d.run(&["journal", "mood", "--score", "9"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("moodScore: must be 1 (bad) to 5 (great)"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert_eq!(
        line(&["journal", "lesson", "Start earlier"]),
        "Lesson added: Start earlier"
    );
    assert_eq!(
        line(&["journal", "add", "Long walk"]),
        "Entry added: Long walk"
    );
    // Long text from standard input, and from $EDITOR when no words are given.
    let mut child = d
        .cmd()
        .args(["journal", "reflect", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"First line\nsecond line\n")
        .unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    let editor = d.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\necho 'Written in the editor' > \"$1\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    let out = d
        .cmd()
        .args(["journal", "add"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `journal edit` opens the reflections as they are and saves them whole.
    let editor2 = d.path().join("editor2.sh");
    std::fs::write(&editor2, "#!/bin/sh\nsed -i 's/second/2nd/' \"$1\"\n").unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor2)
        .status()
        .unwrap();
    let out = d
        .cmd()
        .args(["journal", "edit"])
        .env("EDITOR", &editor2)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let day = d.json(&["day", "show"]);
    let j = &day["journal"];
    assert_eq!(j["mood"], "calm");
    assert_eq!(j["moodScore"], 4, "the score sits beside the words");
    assert_eq!(j["lessons"][0], "Start earlier");
    assert_eq!(j["reflections"], "First line\n2nd line");
    let entries: Vec<&str> = j["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(entries, vec!["Long walk", "Written in the editor"]);
}

#[test]
fn config_sets_settings_by_name_and_refuses_bad_values_naming_the_key() {
    let d = DataDir::new("UTC");
    d.json(&["config", "set", "user.timezone", "Europe/Paris"]);
    assert_eq!(d.json(&["status"])["timeZone"], "Europe/Paris");
    assert_eq!(d.json(&["config", "get", "user.timezone"]), "Europe/Paris");
    let before = std::fs::read(d.path().join("settings.json")).unwrap();
    for (args, want) in [
        (
            vec!["config", "set", "app.theme", "pink"],
            "app.theme: must be one of system, light, dark",
        ),
        (
            vec!["config", "set", "user.timezone", "Mars/Base"],
            "user.timezone:",
        ),
        (
            vec!["config", "set", "storage.provider", "local"],
            "storage.provider: change where data lives",
        ),
        (
            vec!["config", "set", "colour", "red"],
            "key: unknown setting \"colour\"",
        ),
    ] {
        let out = d.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
    assert_eq!(
        std::fs::read(d.path().join("settings.json")).unwrap(),
        before,
        "a refused value changed the file"
    );
    d.json(&["config", "unset", "user.timezone"]);
    assert_eq!(d.json(&["config", "get", "user.timezone"]), Value::Null);
    let all = d.json(&["config"]);
    assert!(
        all.as_object().unwrap().contains_key("reminders.default"),
        "{all}"
    );
}

#[test]
fn a_text_list_shows_a_page_and_says_how_to_see_the_rest() {
    let d = DataDir::new("UTC");
    for i in 0..53 {
        d.json(&["todo", "add", &format!("Todo {i}")]);
    }
    let text = |args: &[&str]| String::from_utf8_lossy(&d.run(args).stdout).into_owned();
    let page = text(&["todo", "list"]);
    assert_eq!(page.lines().filter(|l| l.starts_with("[ ]")).count(), 50);
    assert!(
        page.contains("(50 shown of 53 matching; 3 more: --offset 50"),
        "{page}"
    );
    let all = text(&["todo", "list", "--all"]);
    assert_eq!(all.lines().filter(|l| l.starts_with("[ ]")).count(), 53);
    // Scripts get every match as JSON unless they page.
    assert_eq!(
        d.json(&["todo", "list"])["items"].as_array().unwrap().len(),
        53
    );
}

#[test]
fn a_missing_data_dir_is_an_error_for_reads_and_usage_errors_speak_json() {
    let d = DataDir::new("UTC");
    let missing = d.path().join("not-here");
    let m = missing.to_str().unwrap();
    for args in [
        vec!["todo", "list"],
        vec!["status"],
        vec!["search", "x"],
        vec!["day", "show"],
    ] {
        let mut all = vec!["--data-dir", m];
        all.extend(&args);
        let out = std::process::Command::new(valet_tests::valet_bin())
            .args(&all)
            .env_remove("VALET_DATA_DIR")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--data-dir:"),
            "{args:?}"
        );
        assert!(!missing.exists(), "{args:?} created the folder");
    }
    // A write creates it, as before.
    let out = std::process::Command::new(valet_tests::valet_bin())
        .args(["--data-dir", m, "todo", "add", "First"])
        .env_remove("VALET_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = d.run(&["--json", "todo", "add"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "usage");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("<TEXT>"),
        "{v}"
    );
}

#[test]
fn quiet_and_verbose_set_what_stderr_carries() {
    let d = DataDir::new("UTC");
    d.json(&["todo", "add", "x"]);
    // Without VALET_LOG, which would override the flags.
    let err = |args: &[&str]| {
        let out = d.cmd().env_remove("VALET_LOG").args(args).output().unwrap();
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(err(&["-vv", "status"]).contains("DEBUG"));
    assert!(!err(&["status"]).contains("DEBUG"));
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("e.json");
    // Not a terminal: no progress bar, whatever the flags.
    assert_eq!(err(&["-q", "export", path.to_str().unwrap()]), "");
    assert_eq!(err(&["export", path.to_str().unwrap()]), "");
}

#[test]
fn print_config_names_the_data_dir_set_in_the_environment() {
    let d = DataDir::new("UTC");
    let out = std::process::Command::new(valet_tests::valet_bin())
        .args(["mcp", "--print-config", "claude-desktop"])
        .env("VALET_DATA_DIR", d.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let cfg: Value = serde_json::from_slice(&out.stdout).unwrap();
    let args = &cfg["mcpServers"]["valet"]["args"];
    assert_eq!(args[0], "--data-dir");
    assert_eq!(args[1].as_str().unwrap(), d.path().to_str().unwrap());
}

#[test]
fn a_reader_that_stops_early_ends_the_cli_quietly() {
    use std::io::{BufRead, BufReader, Write};
    let d = DataDir::new("UTC");
    let t = d.json(&["todo", "add", "Long notes"]);
    let id = t["id"].as_str().unwrap();
    // Far more than a pipe holds (64 KiB), so the CLI is still writing when the reader goes.
    let mut put = d
        .cmd()
        .args(["todo", "update", id, "--body", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let notes = "A line of notes that goes on for a while, and on.\n".repeat(2000);
    put.stdin
        .take()
        .unwrap()
        .write_all(notes.as_bytes())
        .unwrap();
    assert!(put.wait().unwrap().success());
    let mut child = d
        .cmd()
        .args(["todo", "show", id])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here, like `| head -1`.
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!first.is_empty());
    assert!(
        !err.contains("panicked"),
        "no panic on a closed pipe: {err}"
    );
}

#[test]
fn the_week_in_review_and_its_reflection() {
    let d = DataDir::new("UTC");
    let done = d.json(&["todo", "add", "Send the slides", "--due", "yesterday"]);
    d.run(&["todo", "complete", done["id"].as_str().unwrap()]);
    d.run(&["journal", "highlight", "Shipped the importer"]);
    d.run(&["journal", "mood", "--score", "4", "good"]);
    let r = d.json(&["review"]);
    assert_eq!(r["period"], "week");
    assert_eq!(r["completed"][0]["content"], "Send the slides");
    assert_eq!(r["highlights"][0]["text"], "Shipped the importer");
    assert_eq!(r["reflection"], "");
    let text = String::from_utf8_lossy(&d.run(&["review"]).stdout).into_owned();
    assert!(
        text.contains("Week in review:") && text.contains("Send the slides"),
        "{text}"
    );
    // The reflection is stored (in the journal of the week's Monday) and searchable.
    let w = d.json(&["review", "--reflect", "Fewer meetings next week"]);
    assert_eq!(w["reflection"], "Fewer meetings next week");
    assert_eq!(
        d.json(&["review"])["reflection"],
        "Fewer meetings next week"
    );
    let hits = d.json(&["search", "fewer meetings"]);
    assert!(hits.to_string().contains("Week review"), "{hits}");
    // Last week has its own (empty) reflection; the month review reads the same data.
    assert_eq!(d.json(&["review", "--last"])["reflection"], "");
    assert_eq!(d.json(&["review", "--month"])["period"], "month");
    let bad = d.run(&["review", "--week", "--month"]);
    assert_eq!(bad.status.code(), Some(2));
}
