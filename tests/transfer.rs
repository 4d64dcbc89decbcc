//! Data in and out through the real binary: `import-legacy`, `backup`, `restore`, with `--json`
//! reports and exit codes.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use valet_tests::DataDir;

fn quirks() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/valet-service/tests/fixtures/legacy-quirks")
}

#[test]
fn import_legacy_reports_and_is_idempotent() {
    let d = DataDir::new("UTC");
    let src = quirks();
    let src = src.to_str().unwrap();
    let dry = d.json(&["import-legacy", src, "--dry-run"]);
    assert_eq!(dry["dryRun"], true);
    assert_eq!(dry["todos"]["created"], 4);
    assert!(
        !d.path().join("todos").exists()
            || std::fs::read_dir(d.path().join("todos"))
                .unwrap()
                .next()
                .is_none()
    );

    let r = d.json(&["import-legacy", src]);
    assert_eq!(r["todos"]["created"], 4);
    assert_eq!(r["archives"]["created"], 3);
    assert_eq!(r["skipped"].as_array().unwrap().len(), 5);
    assert_eq!(r["conflicts"].as_array().unwrap().len(), 2);
    let point = r["restorePoint"].as_str().unwrap().to_owned();
    // The existing settings.json (user.timezone UTC) keeps its zone; the name is carried over.
    let status = d.json(&["status"]);
    assert_eq!(status["timeZone"], "UTC");

    let again = d.json(&["import-legacy", src]);
    assert_eq!(again["todos"]["unchanged"], 4);
    assert_eq!(again["plans"]["unchanged"], 1);
    assert!(again.get("restorePoint").is_none());

    let text = d.run(&["import-legacy", src, "--dry-run"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Dry run: nothing was written."), "{text}");
    assert!(
        text.contains("data/days/2025-01-11-journal.json: not valid JSON"),
        "{text}"
    );

    let found = d.json(&["search", "ferry was late"]);
    assert_eq!(found["hits"][0]["id"], "2025-01-10");

    // Back to before the import: nothing of it is left.
    let restored = d.json(&["restore", &point]);
    assert_eq!(restored["deleted"], 4 + 1 + 1 + 3);
    let list = d.json(&["todo", "list", "--status", "all"]);
    assert_eq!(list["total"], 0);
}

#[test]
fn backup_and_restore_list() {
    let d = DataDir::new("UTC");
    d.json(&["todo", "add", "keep me"]);
    let b = d.json(&["backup"]);
    let id = b["id"].as_str().unwrap().to_owned();
    assert_eq!(b["todos"], 1);
    d.json(&["todo", "add", "added later"]);
    let list = d.json(&["restore", "--list"]);
    assert_eq!(list[0]["id"], id.as_str());
    let r = d.json(&["restore", &id]);
    assert_eq!(r["deleted"], 1);
    let todos = d.json(&["todo", "list"]);
    assert_eq!(todos["total"], 1);
    // Undo the restore.
    d.json(&["restore", r["undoPoint"].as_str().unwrap()]);
    assert_eq!(d.json(&["todo", "list"])["total"], 2);

    let missing = d.run(&["restore", "20000101T000000000Z"]);
    assert_eq!(missing.status.code(), Some(3));
    let bad = d.run(&["import-legacy", "/definitely/not/here"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("path:"));
}

#[test]
fn export_then_import_into_another_data_dir() {
    let a = DataDir::new("UTC");
    a.json(&["todo", "add", "Call the bank", "--priority", "high"]);
    a.json(&[
        "day",
        "update",
        "2026-01-05",
        "--journal",
        "--section",
        "reflections",
        "--append",
        "A calm and bright day.",
    ]);
    let file = a.path().join("export.json");
    let r = a.json(&["export", file.to_str().unwrap()]);
    assert_eq!(r["todos"], 1);
    let md = a.path().join("notes");
    let r = a.json(&["export", md.to_str().unwrap(), "--format", "markdown"]);
    assert_eq!(r["files"], 2);
    let note = std::fs::read_to_string(md.join("2026-01-05.md")).unwrap();
    assert!(note.contains("A calm and bright day."));
    assert!(std::fs::read_to_string(md.join("Todos.md"))
        .unwrap()
        .contains("- [ ] Call the bank (high)"));

    let b = DataDir::new("UTC");
    let dry = b.json(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(dry["todos"]["created"], 1);
    assert_eq!(b.json(&["todo", "list"])["total"], 0);
    let r = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(
        (
            r["todos"]["created"].as_u64(),
            r["journals"]["created"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let again = b.json(&["import", file.to_str().unwrap()]);
    assert_eq!(again["todos"]["unchanged"], 1);
    assert_eq!(
        b.json(&["search", "calm bright"])["hits"][0]["id"],
        "2026-01-05"
    );

    let bad = b.run(&["export", "x", "--format", "pdf"]);
    assert_eq!(bad.status.code(), Some(2));
    let not_export = b.run(&["import", a.path().join("settings.json").to_str().unwrap()]);
    assert_eq!(not_export.status.code(), Some(2));
}
