//! Export and import: the JSON round trip is exact, the format is pinned by a golden file, a
//! re-import changes nothing, and the Markdown export reads like notes.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use valet_core::NewTodo;
use valet_service::{Actor, ExportFormat, OpenOptions, Valet};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-quirks")
}

async fn open(dir: &Path) -> Valet {
    open_at(dir, 15).await
}

#[tokio::test]
async fn json_round_trip_is_exact_and_reimport_changes_nothing() {
    let a_dir = tempfile::tempdir().unwrap();
    let a = open(a_dir.path()).await;
    a.import_legacy(&fixture(), false).await.unwrap();
    a.add_todo(NewTodo::new("made in Valet")).await.unwrap();
    let file = a_dir.path().join("out/export.json");
    let rep = a.export(&file, ExportFormat::Json).await.unwrap();
    assert_eq!(
        (rep.todos, rep.plans, rep.journals, rep.archives),
        (5, 1, 1, 3)
    );

    let b_dir = tempfile::tempdir().unwrap();
    let b = open(b_dir.path()).await;
    let r = b.import_export(&file, false).await.unwrap();
    assert_eq!(r.todos.created, 5);
    assert_eq!(r.archives.created, 3);
    assert_eq!((r.settings.updated, r.profile.created), (1, 1));
    assert!(r.restore_point.is_some());
    assert_eq!(
        b.export_data().await.unwrap(),
        a.export_data().await.unwrap()
    );

    let again = b.import_export(&file, false).await.unwrap();
    assert_eq!(again.written(), 0, "{again:#?}");
    assert_eq!(again.todos.unchanged, 5);
    assert!(again.restore_point.is_none());

    let dry_dir = tempfile::tempdir().unwrap();
    let c = open(dry_dir.path()).await;
    let dry = c.import_export(&file, true).await.unwrap();
    assert_eq!(dry.todos.created, 5);
    assert_eq!(c.export_data().await.unwrap().todos.len(), 0);
}

#[tokio::test]
async fn the_newer_copy_wins_on_import() {
    let a_dir = tempfile::tempdir().unwrap();
    let a = open(a_dir.path()).await;
    a.import_legacy(&fixture(), false).await.unwrap();
    let file = a_dir.path().join("export.json");
    a.export(&file, ExportFormat::Json).await.unwrap();
    // B has the same data, then completes a todo (newer than the export's copy).
    let b_dir = tempfile::tempdir().unwrap();
    let b = open(b_dir.path()).await;
    b.import_export(&file, false).await.unwrap();
    let clock_later = Arc::new(|| Utc.with_ymd_and_hms(2026, 2, 1, 9, 0, 0).unwrap());
    let b_later = Valet::open(OpenOptions {
        data_dir: Some(b_dir.path().to_path_buf()),
        clock: Some(clock_later),
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    b_later
        .complete_todo("2f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a72")
        .await
        .unwrap();
    let r = b_later.import_export(&file, false).await.unwrap();
    assert_eq!(r.todos.kept_newer, 1);
    assert_eq!(r.written(), 0);
}

#[tokio::test]
async fn export_format_matches_the_golden_file() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    v.import_legacy(&fixture(), false).await.unwrap();
    let file = dir.path().join("export.json");
    v.export(&file, ExportFormat::Json).await.unwrap();
    let got = std::fs::read_to_string(&file)
        .unwrap()
        .replace(env!("CARGO_PKG_VERSION"), "VERSION");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/export-v1.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(
        got, want,
        "the export format changed: bump EXPORT_VERSION and regenerate with UPDATE_GOLDEN=1"
    );
}

#[tokio::test]
async fn markdown_export_is_readable_notes() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    v.import_legacy(&fixture(), false).await.unwrap();
    let out = dir.path().join("vault");
    let r = v.export(&out, ExportFormat::Markdown).await.unwrap();
    assert_eq!(r.files, 3 + 1 + 1, "3 days, Todos.md, Profile.md");
    let day = std::fs::read_to_string(out.join("2025-01-10.md")).unwrap();
    assert!(day.starts_with("# 2025-01-10\n"));
    assert!(day.contains("- [x] Book the dentist"));
    assert!(day.contains("The lighthouse walk cleared my head before the storm arrived."));
    assert!(day.contains("First draft of the evening: the ferry was late again."));
    let archived_only = std::fs::read_to_string(out.join("2025-01-08.md")).unwrap();
    assert!(archived_only.contains("Snow on the harbour"));
    let todos = std::fs::read_to_string(out.join("Todos.md")).unwrap();
    assert!(
        todos.contains("- [ ] Write the quarterly letter (medium)"),
        "{todos}"
    );
    assert!(
        todos.contains("- [x] Renew passport (high, due 2025-01-20)\n    - photo booth on Main St"),
        "{todos}"
    );
}

#[tokio::test]
async fn progress_is_reported_in_order_for_import_export_and_restore() {
    use std::sync::Mutex;
    use valet_service::Progress;

    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let seen: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let on = |p: Progress| seen.lock().unwrap().push(p);

    v.import_legacy_with_progress(&fixture(), false, &on)
        .await
        .unwrap();
    let file = dir.path().join("export.json");
    v.export_with_progress(&file, ExportFormat::Json, &on)
        .await
        .unwrap();
    let point = v.restore_points().await.unwrap()[0].id.clone();
    v.restore_with_progress(&point, &on).await.unwrap();

    let seen = seen.into_inner().unwrap();
    let steps = |op: &str| -> Vec<&str> {
        seen.iter()
            .filter(|p| p.operation == op)
            .map(|p| p.step)
            .collect()
    };
    assert_eq!(
        steps("import-legacy"),
        [
            "reading the folder",
            "reading the folder",
            "taking a restore point",
            "writing records"
        ]
    );
    assert_eq!(
        steps("export"),
        ["reading the store", "writing the file", "done"]
    );
    assert_eq!(
        steps("restore")[..2],
        [
            "checking the restore point",
            "taking a restore point to undo this"
        ]
    );
    assert!(
        seen.iter().all(|p| p.done <= p.total),
        "done never passes total: {seen:?}"
    );
}

/// Issue 13 item 8: invalid day data and a bad time zone in an export file are refused (and
/// reported) before anything is written.
#[tokio::test]
async fn invalid_days_and_a_bad_zone_in_an_import_are_refused_before_writing() {
    let a_dir = tempfile::tempdir().unwrap();
    let a = open(a_dir.path()).await;
    a.import_legacy(&fixture(), false).await.unwrap();
    let file = a_dir.path().join("export.json");
    a.export(&file, ExportFormat::Json).await.unwrap();
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let plan = &mut v["plans"][0];
    plan["tasks"] = serde_json::json!([
        {"id": "t1", "text": "x".repeat(300_000), "done": false},
    ]);
    let journal = &mut v["journals"][0];
    journal["sections"] = serde_json::json!({ "n".repeat(5_000): "text" });
    v["settings"]["user"]["timezone"] = serde_json::json!("Mars/Olympus");
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();

    let b_dir = tempfile::tempdir().unwrap();
    let b = open(b_dir.path()).await;
    let r = b.import_export(&file, false).await.unwrap();
    let skipped: Vec<&str> = r.skipped.iter().map(|s| s.path.as_str()).collect();
    assert!(skipped.contains(&"plans[0]"), "{skipped:?}");
    assert!(skipped.contains(&"journals[0]"), "{skipped:?}");
    assert!(skipped.contains(&"settings"), "{skipped:?}");
    assert!(r.skipped.iter().any(|s| s.reason.contains("tasks[0].text")));
    assert_eq!(r.plans.created, 0);
    let zone = b.settings().await.user.and_then(|u| u.timezone);
    assert_ne!(zone.as_deref(), Some("Mars/Olympus"));
}

/// A Valet whose clock reads 2026-01-28 10:`minute`.
async fn open_at(dir: &Path, minute: u32) -> Valet {
    let clock = Arc::new(move || Utc.with_ymd_and_hms(2026, 1, 28, 10, minute, 0).unwrap());
    Valet::open(OpenOptions {
        data_dir: Some(dir.to_path_buf()),
        actor: Actor::Cli,
        clock: Some(clock),
        ..OpenOptions::default()
    })
    .await
    .unwrap()
}

/// Audit, CLI: importing an export replaced a day's whole journal with the newer copy, so the
/// entries written only on this device were gone. A day's journal is merged like sync does.
#[tokio::test]
async fn an_imported_journal_keeps_the_entries_of_both_devices() {
    use valet_core::{DayDate, DayFile, SectionOp, SectionUpdate};
    let day = DayDate::parse("date", "2026-01-28").unwrap();
    let entry = |text: &str| {
        vec![SectionUpdate {
            section: "entries".into(),
            operation: SectionOp::Append,
            content: text.into(),
        }]
    };
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = open_at(a_dir.path(), 15).await;
    a.update_day(
        Some(day),
        DayFile::Journal,
        entry("written on laptop A"),
        vec![],
    )
    .await
    .unwrap();
    let b = open_at(b_dir.path(), 20).await;
    b.update_day(
        Some(day),
        DayFile::Journal,
        entry("written on laptop B"),
        vec![],
    )
    .await
    .unwrap();
    let file = b_dir.path().join("export.json");
    b.export(&file, ExportFormat::Json).await.unwrap();

    let r = a.import_export(&file, false).await.unwrap();
    assert_eq!(r.journals.updated, 1, "{r:#?}");
    let texts = |v: &Valet| {
        let v = v.clone();
        async move {
            let mut t: Vec<String> = v
                .export_data()
                .await
                .unwrap()
                .journals
                .iter()
                .flat_map(|j| j.entries.iter().map(|e| e.text.clone()))
                .collect();
            t.sort();
            t
        }
    };
    assert_eq!(
        texts(&a).await,
        ["written on laptop A", "written on laptop B"]
    );
    let again = a.import_export(&file, false).await.unwrap();
    assert_eq!(again.written(), 0, "{again:#?}");
}
