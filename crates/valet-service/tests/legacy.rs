//! Legacy import against our own quirks fixture and (when present) the shared real sample:
//! every quirk mapped, idempotent, dry run writes nothing, the source never changes.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use valet_core::{DayDate, RecordKind, Status, TodoId};
use valet_service::{Actor, OpenOptions, Valet};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-quirks")
}

const SHARED: &str = "/work/shared/fixtures/legacy-valet-data";

async fn open(dir: &Path) -> Valet {
    Valet::open(OpenOptions {
        data_dir: Some(dir.to_path_buf()),
        actor: Actor::Cli,
        ..OpenOptions::default()
    })
    .await
    .unwrap()
}

fn tree_hashes(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let meta = std::fs::metadata(&p).unwrap();
                let h = format!("{:x}", Sha256::digest(std::fs::read(&p).unwrap()));
                out.insert(p, format!("{h} {:?}", meta.modified().unwrap()));
            }
        }
    }
    out
}

fn date(s: &str) -> DayDate {
    DayDate::parse("date", s).unwrap()
}

#[tokio::test]
async fn every_quirk_of_the_fixture_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let before = tree_hashes(&fixture());
    let r = v.import_legacy(&fixture(), false).await.unwrap();
    assert_eq!(
        tree_hashes(&fixture()),
        before,
        "the source is never modified"
    );

    assert_eq!(r.files_read, 9, "{r:#?}");
    assert_eq!((r.todos.read, r.todos.created), (4, 4));
    assert_eq!((r.plans.read, r.plans.created), (1, 1));
    assert_eq!((r.journals.read, r.journals.created), (1, 1));
    assert_eq!((r.archives.read, r.archives.created), (3, 3));
    assert_eq!(r.settings.created, 1);
    assert_eq!(r.profile.created, 1);
    assert!(r.restore_point.is_some());
    let skipped: BTreeMap<&str, &str> = r
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped.keys().copied().collect::<Vec<_>>(),
        [
            "README.md",
            "_global_todo.json#tasks[4]",
            "data/days/2025-01-11-journal.json",
            "data/days/placeholder.txt",
            "days/2025-01-01-planner.json",
        ]
    );
    assert!(skipped["data/days/2025-01-11-journal.json"].contains("not valid JSON"));
    assert!(skipped["_global_todo.json#tasks[4]"].contains("tasks[4].id"));

    // Todos: ids kept, completed with and without completed_at, due null/absent, odd priority.
    let t = |id: &str| {
        let v = v.clone();
        let id = id.to_owned();
        async move { v.get_todo(&id).await.unwrap() }
    };
    let passport = t("0f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a70").await;
    assert_eq!(passport.status, Status::Completed);
    assert_eq!(
        passport.completed_at.unwrap().to_rfc3339(),
        "2025-01-09T16:30:00+00:00"
    );
    assert_eq!(passport.due.unwrap().to_string(), "2025-01-20");
    assert_eq!(passport.notes, ["photo booth on Main St"]);
    assert_eq!(passport.category, "Admin");
    let old = t("1f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a71").await;
    assert_eq!(
        (old.status, old.completed_at, old.due),
        (Status::Completed, None, None)
    );
    let letter = t("2f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a72").await;
    assert_eq!(letter.status, Status::Pending);
    assert_eq!(letter.updated_at.to_rfc3339(), "2025-01-08T11:00:00+00:00");
    let grandma = t("3f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a73").await;
    assert_eq!(grandma.category, "General");
    assert!(grandma
        .notes
        .contains(&"legacy priority: urgent".to_owned()));
    assert!(grandma.notes.iter().any(|n| n.starts_with("legacy tags:")));
    assert_eq!(
        grandma.id,
        TodoId::parse("id", "3f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a73").unwrap()
    );

    // The day in both days/ and archive/: planner archive copy newer, journal days/ copy newer.
    let day = v.day(Some(date("2025-01-10"))).await.unwrap();
    let plan = day.plan.unwrap();
    assert_eq!(plan.data_stash, "API key rotation moved to April.");
    assert_eq!(
        plan.sections["conflict: days copy of data_stash"],
        "API key rotation is due in March."
    );
    assert_eq!(
        plan.tasks
            .iter()
            .map(|t| (t.text.as_str(), t.done))
            .collect::<Vec<_>>(),
        [
            ("Draft the quarterly letter", false),
            ("Book the dentist", true),
            ("Review budget spreadsheet", false)
        ]
    );
    assert_eq!(
        plan.sections["tasks"],
        "## Morning\n- Focus on the letter\n\n## Afternoon"
    );
    assert_eq!(
        plan.sections["meeting notes"],
        "Sync with Dana: the **launch** moves to Thursday."
    );
    let journal = day.journal.unwrap();
    assert_eq!(
        journal.reflections,
        "The lighthouse walk cleared my head before the storm arrived."
    );
    assert_eq!(
        journal.sections["conflict: archive copy of reflections"],
        "First draft of the evening: the ferry was late again."
    );
    assert_eq!(
        journal.sections.keys().take(3).collect::<Vec<_>>(),
        ["tasks", "data_stash", "ongoing_summary"]
    );
    let archived = day.archived.unwrap();
    assert!(archived.plan.is_some() && archived.journal.is_some());
    assert_eq!(r.conflicts.len(), 2, "{:#?}", r.conflicts);

    // Archives with only one half.
    let a09 = v.day(Some(date("2025-01-09"))).await.unwrap();
    assert!(a09.plan.is_none());
    let ap = a09.archived.unwrap();
    assert!(ap.journal.is_none());
    assert_eq!(ap.plan.unwrap().tasks.len(), 2);
    let a08 = v
        .day(Some(date("2025-01-08")))
        .await
        .unwrap()
        .archived
        .unwrap();
    assert!(a08.plan.is_none() && a08.journal.is_some());

    // Settings and profile.
    let s = v.settings().await;
    assert_eq!(s.timezone(), Some("Europe/Lisbon"));
    assert_eq!(s.user.as_ref().unwrap().name.as_deref(), Some("Robin"));
    assert_eq!(s.extra["daily_routine"]["auto_archive"], true);
    assert_eq!(s.extra["preferences"]["date_format"], "DD/MM/YYYY");
    assert_eq!(s.extra["mcp"]["cache_ttl"], 300);
    assert!(v.profile().unwrap().unwrap().contains("short meetings"));

    // Search finds text from every kind of place.
    for (q, kind) in [
        ("lighthouse walk", RecordKind::Journal),
        ("ferry was late", RecordKind::Journal),
        ("harbour quiet", RecordKind::Archive),
        ("Return the ladder", RecordKind::Archive),
        ("launch moves", RecordKind::Plan),
        ("photo booth", RecordKind::Todo),
    ] {
        let hits = v.search(q, 50, vec![]).await.unwrap();
        assert!(hits.hits.iter().any(|h| h.kind == kind), "{q}: {hits:?}");
    }

    // A second run changes nothing.
    let log = std::fs::read_to_string(v.store().change_log_path()).unwrap();
    let again = v.import_legacy(&fixture(), false).await.unwrap();
    assert_eq!(again.written(), 0, "{again:#?}");
    assert_eq!(again.todos.unchanged, 4);
    assert_eq!(
        again.plans.unchanged + again.journals.unchanged + again.archives.unchanged,
        5
    );
    assert_eq!(again.settings.unchanged + again.profile.unchanged, 2);
    assert!(again.restore_point.is_none());
    assert_eq!(
        std::fs::read_to_string(v.store().change_log_path()).unwrap(),
        log
    );
}

#[tokio::test]
async fn dry_run_writes_nothing_and_reports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let dry = v.import_legacy(&fixture(), true).await.unwrap();
    assert!(dry.dry_run && dry.restore_point.is_none());
    let count_lines = || {
        std::fs::read_to_string(v.store().change_log_path())
            .map(|s| s.lines().filter(|l| l.contains("\"key\"")).count())
            .unwrap_or(0)
    };
    assert_eq!(count_lines(), 0);
    for d in ["todos", "plans", "journals", "archive"] {
        assert!(
            !dir.path().join(d).exists()
                || std::fs::read_dir(dir.path().join(d))
                    .unwrap()
                    .next()
                    .is_none()
        );
    }
    assert!(!dir.path().join("settings.json").exists());
    assert!(!dir.path().join("profile.md").exists());
    assert!(!dir.path().join(".valet/restore").exists());
    let real = v.import_legacy(&fixture(), false).await.unwrap();
    let strip = |r: &valet_service::ImportReport| {
        let mut v = serde_json::to_value(r).unwrap();
        for k in ["dryRun", "elapsedMs", "restorePoint"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    assert_eq!(strip(&dry), strip(&real));
}

#[tokio::test]
async fn valet_edits_made_after_an_import_survive_a_second_import() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    v.import_legacy(&fixture(), false).await.unwrap();
    let day = v.day(Some(date("2025-01-10"))).await.unwrap();
    let task = day.plan.unwrap().tasks[0].id.clone();
    v.set_plan_task(Some(date("2025-01-10")), &task, true)
        .await
        .unwrap();
    v.complete_todo("2f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a72")
        .await
        .unwrap();
    let r = v.import_legacy(&fixture(), false).await.unwrap();
    assert_eq!(r.written(), 0, "{r:#?}");
    assert_eq!((r.plans.kept_newer, r.todos.kept_newer), (1, 1));
    let plan = v.day(Some(date("2025-01-10"))).await.unwrap().plan.unwrap();
    assert!(plan.tasks[0].done);
}

#[tokio::test]
async fn a_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let e = v
        .import_legacy(&dir.path().join("nope"), false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().starts_with("path: "), "{e}");
}

/// The real sample: every todo, every non-empty section, a sentence of each journal findable.
#[tokio::test]
async fn the_shared_sample_imports_completely() {
    let src = Path::new(SHARED);
    if !src.is_dir() {
        eprintln!("skipped: {SHARED} is not present");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let started = std::time::Instant::now();
    let r = v.import_legacy(src, false).await.unwrap();
    eprintln!(
        "shared sample imported in {:?}: {}",
        started.elapsed(),
        serde_json::to_string(&r).unwrap()
    );
    assert!(r.skipped.is_empty(), "{:#?}", r.skipped);

    let todos: Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("_global_todo.json")).unwrap())
            .unwrap();
    let tasks = todos["tasks"].as_array().unwrap();
    assert_eq!(r.todos.created, tasks.len());
    for t in tasks {
        let got = v.get_todo(t["id"].as_str().unwrap()).await.unwrap();
        assert_eq!(got.content, t["content"].as_str().unwrap());
        assert_eq!(
            got.status == Status::Completed,
            t["completed"].as_bool().unwrap()
        );
    }
    // Every non-empty section of every day file and archive half is in the store, verbatim
    // (tasks split into checklist items plus the rest).
    let mut sentences = 0;
    let mut check_day = |file: &Value, rendered: Vec<(String, String)>| {
        for (name, text) in file["sections"].as_object().unwrap() {
            let text = text.as_str().unwrap();
            if text.trim().is_empty() {
                continue;
            }
            let all: String = rendered
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let line = line
                    .trim_start_matches("- [ ] ")
                    .trim_start_matches("- [x] ");
                assert!(
                    all.contains(line),
                    "{}: section {name}: {line:?} missing",
                    file["date"]
                );
                sentences += 1;
            }
        }
    };
    for e in std::fs::read_dir(src.join("days")).unwrap() {
        let p = e.unwrap().path();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let d = date(file["date"].as_str().unwrap());
        let day = v.day(Some(d)).await.unwrap();
        let rendered = if file["type"] == "planner" {
            day.plan.unwrap().sections_in_order()
        } else {
            day.journal.unwrap().sections_in_order()
        };
        check_day(&file, rendered);
    }
    for e in std::fs::read_dir(src.join("archive")).unwrap() {
        let p = e.unwrap().path();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let d = date(file["date"].as_str().unwrap());
        let a = v.day(Some(d)).await.unwrap().archived.unwrap();
        for (k, s) in file["files"].as_object().unwrap() {
            let half: Value = serde_json::from_str(s.as_str().unwrap()).unwrap();
            let rendered = if k == "planner" {
                a.plan.clone().unwrap().sections_in_order()
            } else {
                a.journal.clone().unwrap().sections_in_order()
            };
            check_day(&half, rendered);
        }
    }
    assert!(sentences > 20);
    // A sentence from each journal with text is found by search.
    for e in std::fs::read_dir(src.join("days")).unwrap() {
        let p = e.unwrap().path();
        if !p.to_string_lossy().ends_with("-journal.json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        for text in file["sections"].as_object().unwrap().values() {
            let Some(line) = text
                .as_str()
                .unwrap()
                .lines()
                .map(str::trim)
                .find(|l| l.split_whitespace().count() >= 4)
            else {
                continue;
            };
            let words: Vec<&str> = line.split_whitespace().take(6).collect();
            let hits = v
                .search(&words.join(" "), 100, vec![RecordKind::Journal])
                .await
                .unwrap();
            assert!(
                hits.hits
                    .iter()
                    .any(|h| h.id == file["date"].as_str().unwrap()),
                "{line:?}"
            );
        }
    }
    let again = v.import_legacy(src, false).await.unwrap();
    assert_eq!(again.written(), 0, "{again:#?}");
}

/// Audit, CLI: an empty folder, or Valet's own data folder, "imported" nothing and exited 0.
#[tokio::test]
async fn a_folder_that_is_not_a_legacy_one_is_refused() {
    let target = tempfile::tempdir().unwrap();
    let v = open(target.path()).await;
    let empty = tempfile::tempdir().unwrap();
    let err = v.import_legacy(empty.path(), true).await.unwrap_err();
    assert!(
        err.to_string().contains("has none of _global_todo.json"),
        "{err}"
    );
    v.add_todo(valet_core::NewTodo::new("mine")).await.unwrap();
    let err = v.import_legacy(target.path(), true).await.unwrap_err();
    assert!(err.to_string().contains("is a Valet data folder"), "{err}");
    assert_eq!(err.code(), "invalid");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Audit, legacy: a `_global_todo.json` cut short (a crash mid-write) imported no todo at all,
/// and a USER.md with one Latin-1 byte was dropped whole; both exited 0.
#[tokio::test]
async fn a_cut_short_todo_list_and_a_profile_with_a_bad_byte_keep_what_is_whole() {
    let src = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), src.path());
    let todo_file = src.path().join("_global_todo.json");
    let full = std::fs::read_to_string(&todo_file).unwrap();
    // Cut inside the third task: the first two are whole.
    let third = full.match_indices("\"id\"").nth(2).unwrap().0;
    std::fs::write(&todo_file, &full[..third + 10]).unwrap();
    std::fs::write(
        src.path().join("USER.md"),
        b"# Me\nI like short meetings.\nCaf\xe9 at nine.\n",
    )
    .unwrap();

    let target = tempfile::tempdir().unwrap();
    let v = open(target.path()).await;
    let r = v.import_legacy(src.path(), false).await.unwrap();
    assert_eq!((r.todos.read, r.todos.created), (2, 2), "{r:#?}");
    let cut = r
        .skipped
        .iter()
        .find(|s| s.path == "_global_todo.json")
        .expect("the cut is reported");
    assert!(
        cut.reason.contains("damaged at line") && cut.reason.contains("the 2 whole task(s)"),
        "{}",
        cut.reason
    );
    let profile = v.profile().unwrap().unwrap();
    assert!(
        profile.contains("short meetings") && profile.contains("Caf\u{FFFD} at nine"),
        "{profile}"
    );
    assert!(r
        .warnings
        .iter()
        .any(|w| w.path == "USER.md" && w.message.contains("not valid UTF-8 from byte")));
}
