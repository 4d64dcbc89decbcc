//! Undo and redo through the facade: per record, only what the change changed, the caller's
//! own changes, another client's change from the record's history, and any sequence undone
//! newest first gives back the state before it exactly (proptest).
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use valet_core::organize::StepOp;
use valet_core::{NewTodo, Priority, Status, TodoPatch, TodoQuery};
use valet_service::{Actor, OpenOptions, Valet};

async fn open() -> (Valet, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::App,
        ..OpenOptions::default()
    })
    .await
    .unwrap();
    (valet, dir)
}

async fn all(v: &Valet) -> Vec<valet_core::Todo> {
    let q = TodoQuery {
        status: valet_core::StatusFilter::All,
        ..TodoQuery::default()
    };
    let mut t = v.list_todos(&q).await.unwrap().items;
    t.sort_by_key(|t| t.id);
    t
}

#[tokio::test]
async fn undo_takes_back_a_complete_exactly_and_redo_puts_it_again() {
    let (v, _d) = open().await;
    let t = v.add_todo(NewTodo::new("Call the bank")).await.unwrap();
    let id = t.id.to_string();
    v.complete_todo(&id).await.unwrap();
    let r = v.undo().await.unwrap();
    assert_eq!(r.records, [format!("todos/{id}.json")]);
    assert_eq!(
        v.get_todo(&id).await.unwrap(),
        t,
        "exactly as before, updatedAt included"
    );
    v.redo().await.unwrap();
    assert_eq!(v.get_todo(&id).await.unwrap().status, Status::Completed);
    // Undo the redo, then the add: nothing left.
    v.undo().await.unwrap();
    v.undo().await.unwrap();
    assert!(all(&v).await.is_empty());
    let e = v.undo().await.unwrap_err();
    assert!(e.to_string().contains("nothing to undo"), "{e}");
}

#[tokio::test]
async fn undo_leaves_what_changed_since_and_says_so() {
    let (v, _d) = open().await;
    let t = v.add_todo(NewTodo::new("Call the bank")).await.unwrap();
    let id = t.id.to_string();
    let edit = TodoPatch {
        content: Some("Call the bank at 9".into()),
        priority: Some(Priority::High),
        ..TodoPatch::default()
    };
    v.update_todo(&id, edit).await.unwrap();
    // Another process (the CLI) changes the content since.
    let cli = v.with_actor(Actor::Cli);
    let later = TodoPatch {
        content: Some("Call the bank at 10".into()),
        ..TodoPatch::default()
    };
    cli.update_todo(&id, later).await.unwrap();
    // The app's undo takes back its own change: the priority, not the CLI's content.
    let r = v.undo().await.unwrap();
    assert_eq!(r.kept, [format!("todos/{id}.json: content")]);
    let now = v.get_todo(&id).await.unwrap();
    assert_eq!(now.priority, Priority::Medium);
    assert_eq!(now.content, "Call the bank at 10");
    // A new change ends what can be redone.
    v.update_todo(&id, TodoPatch::status(Status::Completed))
        .await
        .unwrap();
    assert!(v.redo().await.is_err());
}

#[tokio::test]
async fn a_deleted_todo_comes_back_and_an_mcp_change_is_undone_from_its_history() {
    let (v, _d) = open().await;
    let t = v.add_todo(NewTodo::new("Water the plants")).await.unwrap();
    let id = t.id.to_string();
    let claude = v.with_actor(Actor::Mcp("Claude".into()));
    let changed = claude.complete_todo(&id).await.unwrap();
    assert!(v.undo_stack(10).await.iter().all(|u| u.by == "app"));
    let hist = v.history("todos", &id).await.unwrap();
    let rev = hist.iter().find(|h| h.by == "mcp:Claude").unwrap().rev;
    v.undo_change(&id, rev).await.unwrap();
    assert_eq!(v.get_todo(&id).await.unwrap().status, Status::Pending);
    assert_ne!(changed.status, Status::Pending);
    v.remove_todo(&id).await.unwrap();
    v.undo().await.unwrap();
    assert_eq!(v.get_todo(&id).await.unwrap().content, "Water the plants");
}

#[derive(Debug, Clone)]
enum Op {
    Add(String),
    Content(usize, String),
    Priority(usize, u8),
    Status(usize, bool),
    Tag(usize, String),
    Step(usize, String),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(Op::Add),
        (0usize..5, "[a-z]{1,8}").prop_map(|(i, s)| Op::Content(i, s)),
        (0usize..5, 0u8..3).prop_map(|(i, p)| Op::Priority(i, p)),
        (0usize..5, any::<bool>()).prop_map(|(i, d)| Op::Status(i, d)),
        (0usize..5, "[a-z]{1,6}").prop_map(|(i, s)| Op::Tag(i, s)),
        (0usize..5, "[a-z]{1,6}").prop_map(|(i, s)| Op::Step(i, s)),
        (0usize..5).prop_map(Op::Remove),
    ]
}

async fn apply(v: &Valet, op: &Op) {
    let todos = all(v).await;
    let pick = |i: usize| todos.get(i % todos.len().max(1)).map(|t| t.id.to_string());
    let patch = |i: usize, p: TodoPatch| {
        let id = pick(i);
        async move {
            if let Some(id) = id {
                let _ = v.update_todo(&id, p).await;
            }
        }
    };
    match op {
        Op::Add(s) => {
            v.add_todo(NewTodo::new(s.clone())).await.unwrap();
        }
        Op::Content(i, s) => {
            patch(
                *i,
                TodoPatch {
                    content: Some(s.clone()),
                    ..TodoPatch::default()
                },
            )
            .await
        }
        Op::Priority(i, p) => {
            let p = [Priority::High, Priority::Medium, Priority::Low][*p as usize];
            patch(
                *i,
                TodoPatch {
                    priority: Some(p),
                    ..TodoPatch::default()
                },
            )
            .await
        }
        Op::Status(i, d) => {
            let s = if *d {
                Status::Completed
            } else {
                Status::Pending
            };
            patch(*i, TodoPatch::status(s)).await
        }
        Op::Tag(i, s) => {
            patch(
                *i,
                TodoPatch {
                    add_tags: vec![s.clone()],
                    ..TodoPatch::default()
                },
            )
            .await
        }
        Op::Step(i, s) => {
            let add = StepOp::Add {
                id: None,
                text: s.clone(),
                at: None,
            };
            patch(
                *i,
                TodoPatch {
                    steps: vec![add],
                    ..TodoPatch::default()
                },
            )
            .await
        }
        Op::Remove(i) => {
            if let Some(id) = pick(*i) {
                v.remove_todo(&id).await.unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn undoing_any_sequence_newest_first_gives_back_the_state_before(
        before in proptest::collection::vec(op(), 1..5),
        ops in proptest::collection::vec(op(), 1..10),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (v, _d) = open().await;
            for o in &before {
                apply(&v, o).await;
            }
            let start = all(&v).await;
            let stack = v.undo_stack(1000).await.len();
            for o in &ops {
                apply(&v, o).await;
            }
            let made = v.undo_stack(1000).await.len() - stack;
            for _ in 0..made {
                v.undo().await.unwrap();
            }
            assert_eq!(all(&v).await, start, "ops: {ops:?}");
        });
    }
}
