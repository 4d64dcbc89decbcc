//! Organizing through the facade: tags (filter any/all, rename, merge), a checklist (steps
//! added, ticked, moved, promoted), Markdown notes, and bad input that writes nothing.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use valet_core::organize::StepOp;
use valet_core::{NewTodo, TodoPatch, TodoQuery};
use valet_service::{Actor, OpenOptions, ServiceError, Valet};

async fn open() -> (Valet, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::Cli,
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    (valet, dir)
}

async fn add(v: &Valet, text: &str, tags: &[&str]) -> valet_core::Todo {
    v.add_todo(NewTodo {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewTodo::new(text)
    })
    .await
    .unwrap()
}

async fn with_tags(v: &Valet, tags: &[&str], all: bool) -> Vec<String> {
    let q = TodoQuery {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        all_tags: all,
        ..TodoQuery::default()
    };
    let mut out: Vec<String> = v
        .list_todos(&q)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.content)
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn tags_filter_with_any_or_all_and_rename_merges() {
    let (v, _d) = open().await;
    add(&v, "Call the bank", &["finance", "#calls"]).await;
    // Later by a clock tick at least: the tag keeps the oldest todo's spelling.
    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    add(&v, "Pay rent", &["Finance"]).await;
    add(&v, "Call mum", &["calls", "family"]).await;
    assert_eq!(
        with_tags(&v, &["calls"], false).await,
        ["Call mum", "Call the bank"]
    );
    assert_eq!(
        with_tags(&v, &["FINANCE", "calls"], false).await,
        ["Call mum", "Call the bank", "Pay rent"]
    );
    assert_eq!(
        with_tags(&v, &["finance", "#calls"], true).await,
        ["Call the bank"]
    );
    assert_eq!(
        v.tags().await.unwrap(),
        [
            ("calls".to_owned(), 2),
            ("family".to_owned(), 1),
            ("finance".to_owned(), 2)
        ]
    );
    // Renaming onto an existing tag merges the two: one tag, no todo with it twice.
    let changed = v.rename_tag("family", "calls").await.unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].tags, ["calls"]);
    assert_eq!(v.tags().await.unwrap().len(), 2);
    let e = v.rename_tag("nope", "x").await.unwrap_err();
    assert!(matches!(e, ServiceError::NotFound { .. }), "{e:?}");
}

#[tokio::test]
async fn a_checklist_is_built_ticked_moved_and_a_step_promoted() {
    let (v, _d) = open().await;
    let t = v
        .add_todo(NewTodo {
            steps: vec!["Buy paint".into(), "Tape the edges".into()],
            tags: vec!["home".into()],
            ..NewTodo::new("Paint the hall")
        })
        .await
        .unwrap();
    let id = t.id.to_string();
    let first = t.steps[0].id.clone();
    let patch = TodoPatch {
        steps: vec![
            StepOp::Add {
                id: None,
                text: "Paint".into(),
                at: None,
            },
            StepOp::Set {
                id: first.clone(),
                done: Some(true),
                text: None,
            },
        ],
        ..TodoPatch::default()
    };
    let t = v.update_todo(&id, patch).await.unwrap();
    assert_eq!(t.steps.len(), 3);
    assert!(t.steps[0].done);
    assert!(
        t.steps[2].id.starts_with('s') && t.steps[2].id.len() > 3,
        "{:?}",
        t.steps
    );
    let second = t.steps[1].id.clone();
    let promoted = v.promote_step(&id, &second).await.unwrap();
    assert_eq!(promoted.content, "Tape the edges");
    assert_eq!(promoted.tags, ["home"]);
    let t = v.get_todo(&id).await.unwrap();
    let texts: Vec<&str> = t.steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, ["Buy paint", "Paint"]);
}

#[tokio::test]
async fn notes_are_markdown_text_you_can_edit_and_delete() {
    let (v, _d) = open().await;
    let t = add(&v, "Plan the trip", &[]).await;
    let id = t.id.to_string();
    let set = |b: Option<&str>| TodoPatch {
        body: Some(b.map(str::to_owned)),
        ..TodoPatch::default()
    };
    let t = v
        .update_todo(&id, set(Some("# Lisbon\n\n- flights")))
        .await
        .unwrap();
    assert_eq!(t.body.as_deref(), Some("# Lisbon\n\n- flights"));
    let t = v.update_todo(&id, set(Some("   "))).await.unwrap();
    assert_eq!(t.body, None, "blank notes are no notes");
    v.update_todo(&id, set(Some("x"))).await.unwrap();
    assert_eq!(v.update_todo(&id, set(None)).await.unwrap().body, None);
}

#[tokio::test]
async fn bad_tags_and_steps_name_the_field_and_write_nothing() {
    let (v, _d) = open().await;
    let t = add(&v, "Keep me", &["ok"]).await;
    let id = t.id.to_string();
    for (patch, field) in [
        (
            TodoPatch {
                add_tags: vec!["two words".into()],
                ..TodoPatch::default()
            },
            "tags[1]",
        ),
        (
            TodoPatch {
                add_tags: vec!["x".repeat(500)],
                ..TodoPatch::default()
            },
            "tags[1]",
        ),
        (
            TodoPatch {
                steps: vec![StepOp::Set {
                    id: "nope".into(),
                    done: Some(true),
                    text: None,
                }],
                ..TodoPatch::default()
            },
            "steps[0]",
        ),
    ] {
        let e = v.update_todo(&id, patch).await.unwrap_err();
        assert!(
            matches!(&e, ServiceError::Invalid(x) if x.field == field),
            "{field}: {e:?}"
        );
    }
    let e = v
        .add_todo(NewTodo {
            steps: vec!["".into()],
            ..NewTodo::new("x")
        })
        .await
        .unwrap_err();
    assert!(e.to_string().contains("steps[0].text"), "{e}");
    let all = v.list_todos(&TodoQuery::default()).await.unwrap();
    assert_eq!(all.total, 1);
    assert_eq!(all.items[0].tags, ["ok"]);
    assert_eq!(all.items[0].updated_at, t.updated_at);
}
