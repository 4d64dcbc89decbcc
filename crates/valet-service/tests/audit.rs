//! The audit trail says what changed: each change to a todo, through the facade, is listed
//! with its fields in words, newest first, and an older log line without them still reads.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use valet_core::{NewTodo, Priority, TodoPatch};
use valet_service::{Actor, AuditFilter, OpenOptions, Valet};

async fn open(dir: &std::path::Path, actor: Actor) -> Valet {
    Valet::open(OpenOptions {
        data_dir: Some(dir.to_path_buf()),
        actor,
        ..OpenOptions::default()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_todos_history_says_which_fields_changed_and_who_changed_them() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Actor::App).await;
    let t = app.add_todo(NewTodo::new("Buy milk")).await.unwrap();
    let id = t.id.to_string();
    app.update_todo(
        &id,
        TodoPatch {
            priority: Some(Priority::High),
            add_tags: vec!["errand".into()],
            ..TodoPatch::default()
        },
    )
    .await
    .unwrap();
    let cli = open(dir.path(), Actor::Cli).await;
    cli.update_todo(
        &id,
        TodoPatch {
            content: Some("Buy oat milk".into()),
            ..TodoPatch::default()
        },
    )
    .await
    .unwrap();
    cli.complete_todo(&id).await.unwrap();

    let h = app.todo_history("id", &id[..8]).await.unwrap();
    let said: Vec<(String, Vec<String>)> = h
        .iter()
        .map(|e| (e.by.clone(), e.changes.clone()))
        .collect();
    assert_eq!(
        said,
        [
            ("cli".to_owned(), vec!["completed".to_owned()]),
            (
                "cli".to_owned(),
                vec!["renamed “Buy milk” → “Buy oat milk”".to_owned()]
            ),
            (
                "app".to_owned(),
                vec![
                    "priority medium → high".to_owned(),
                    "tags +errand".to_owned()
                ]
            ),
            ("app".to_owned(), vec!["created".to_owned()]),
        ]
    );
    // The whole trail says the same for that record.
    let all = app
        .audit(&AuditFilter {
            record: Some(id.clone()),
            ..AuditFilter::default()
        })
        .await
        .unwrap();
    assert_eq!(all[0].changes, ["completed"]);
}

#[tokio::test]
async fn a_change_logged_before_field_changes_were_kept_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Actor::App).await;
    let t = app.add_todo(NewTodo::new("Old line")).await.unwrap();
    let id = t.id.to_string();
    let log = app.store().change_log_path().to_path_buf();
    drop(app);
    // A line as older versions wrote it: no `changes`.
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str(&format!(
        "{{\"at\":\"2026-11-28T10:00:00Z\",\"key\":\"todos/{id}.json\",\"rev\":2,\"op\":\"put\",\"by\":\"mcp:old\"}}\n"
    ));
    std::fs::write(&log, text).unwrap();
    let app = open(dir.path(), Actor::App).await;
    let h = app.history("todos", &id).await.unwrap();
    assert_eq!(h[0].by, "mcp:old");
    assert!(h[0].changes.is_empty());
}
