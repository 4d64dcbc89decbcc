//! Restore points: compact (unchanged content is not stored twice), exact round trip, and a
//! restore that can itself be undone.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use valet_core::query::StatusFilter;
use valet_core::{DayDate, DayFile, NewTodo, SectionOp, SectionUpdate, TodoQuery};
use valet_service::{Actor, OpenOptions, Valet};

async fn open(dir: &Path) -> Valet {
    Valet::open(OpenOptions {
        data_dir: Some(dir.to_path_buf()),
        actor: Actor::Cli,
        ..OpenOptions::default()
    })
    .await
    .unwrap()
}

/// Everything a person has, as comparable JSON.
async fn everything(v: &Valet) -> serde_json::Value {
    let (t, p, j, a) = v
        .store()
        .read(|r| {
            let mut t: Vec<_> = r.todos().cloned().collect();
            t.sort_by_key(|x| x.id);
            (
                t,
                r.plans().cloned().collect::<Vec<_>>(),
                r.journals().cloned().collect::<Vec<_>>(),
                r.archives().cloned().collect::<Vec<_>>(),
            )
        })
        .await
        .unwrap();
    serde_json::json!({"todos": t, "plans": p, "journals": j, "archives": a,
        "settings": v.settings().await, "profile": v.profile().unwrap()})
}

#[tokio::test]
async fn backup_restore_round_trip_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/legacy-quirks");
    v.import_legacy(&fixture, false).await.unwrap();
    let at_backup = everything(&v).await;
    let p = v.create_restore_point("backup").await.unwrap();
    assert_eq!(p.todos, 4);
    // Nothing changed since the import's own point except settings/profile: few new blobs.
    let again = v.create_restore_point("backup").await.unwrap();
    assert_eq!(
        again.new_objects,
        Some(0),
        "an unchanged store adds no objects"
    );

    // Change everything a little: add, remove, edit a day, change settings and profile.
    v.add_todo(NewTodo::new("made after the backup"))
        .await
        .unwrap();
    v.remove_todo("0f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a70")
        .await
        .unwrap();
    let d = DayDate::parse("date", "2025-01-10").unwrap();
    v.update_day(
        Some(d),
        DayFile::Journal,
        vec![SectionUpdate {
            section: "reflections".into(),
            operation: SectionOp::Replace,
            content: "overwritten".into(),
        }],
        vec![],
    )
    .await
    .unwrap();
    v.update_settings(|s| s.user = None).await.unwrap();
    std::fs::remove_file(dir.path().join("profile.md")).unwrap();
    let changed = everything(&v).await;
    assert_ne!(changed, at_backup);

    let r = v.restore(&p.id).await.unwrap();
    assert_eq!((r.created, r.updated, r.deleted), (1, 1, 1), "{r:?}");
    assert!(r.settings_restored && r.profile_restored);
    assert_eq!(everything(&v).await, at_backup);
    // Another process sees the restore through the change log.
    let other = open(dir.path()).await;
    assert_eq!(everything(&other).await, at_backup);
    let all = TodoQuery {
        status: StatusFilter::All,
        ..TodoQuery::default()
    };
    assert_eq!(other.list_todos(&all).await.unwrap().total, 4);

    // The restore is itself undoable.
    let undo = v.restore(&r.undo_point).await.unwrap();
    assert_eq!(everything(&v).await, changed);
    assert!(v
        .restore_points()
        .await
        .unwrap()
        .iter()
        .any(|p| p.id == undo.undo_point && p.reason.starts_with("before restore")));
}

#[tokio::test]
async fn unknown_and_bad_ids_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    assert_eq!(
        v.restore("20200101T000000000Z").await.unwrap_err().code(),
        "not_found"
    );
    let e = v.restore("../../etc").await.unwrap_err();
    assert_eq!(e.code(), "invalid");
    assert!(e.to_string().starts_with("id: "));
}

/// Issue 13 item 1: a todo added (and acknowledged) while a restore runs is either kept or in
/// the restore's undo point; never deleted without a way back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_during_a_restore_is_kept_or_in_its_undo_point() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    let point = v.create_restore_point("empty").await.unwrap();
    for i in 0..300 {
        v.add_todo(NewTodo::new(format!("before {i}")))
            .await
            .unwrap();
    }
    // Another process adds todos while the restore (which deletes everything) runs.
    let other = open(dir.path()).await;
    let writer = tokio::spawn(async move {
        let mut added = Vec::new();
        for i in 0..60 {
            let t = other
                .add_todo(NewTodo::new(format!("during {i}")))
                .await
                .unwrap();
            added.push(t.id.to_string());
            tokio::task::yield_now().await;
        }
        added
    });
    let r = v.restore(&point.id).await.unwrap();
    let added = writer.await.unwrap();
    let all = TodoQuery {
        status: StatusFilter::All,
        limit: Some(1000),
        ..TodoQuery::default()
    };
    let live: Vec<String> = v
        .list_todos(&all)
        .await
        .unwrap()
        .items
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    let undo_dir = dir.path().join(".valet/restore");
    let manifest =
        std::fs::read_to_string(undo_dir.join(format!("{}.json", r.undo_point))).unwrap();
    for id in &added {
        assert!(
            live.contains(id) || manifest.contains(id.as_str()),
            "todo {id} acknowledged during the restore is gone and not in its undo point"
        );
    }
}

/// Issue 13 item 14: a damaged blob is not reused by a new restore point (which repairs it).
#[tokio::test]
async fn a_damaged_blob_is_written_again_not_reused() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path()).await;
    v.add_todo(NewTodo::new("keep me")).await.unwrap();
    let first = v.create_restore_point("one").await.unwrap();
    let objects = dir.path().join(".valet/restore/objects");
    for e in std::fs::read_dir(&objects).unwrap() {
        let p = e.unwrap().path();
        std::fs::write(&p, b"damaged").unwrap();
    }
    assert!(
        v.restore(&first.id).await.is_err(),
        "a damaged point is refused"
    );
    let second = v.create_restore_point("two").await.unwrap();
    assert!(second.new_objects.unwrap_or(0) > 0);
    v.restore(&second.id).await.unwrap();
    // The shared blobs were repaired, so the first point works again too.
    v.restore(&first.id).await.unwrap();
}
