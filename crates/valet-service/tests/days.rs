//! Day operations through the facade that the app uses.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use valet_core::{DayDate, DayFile, SectionOp, SectionUpdate};
use valet_service::{Actor, OpenOptions, ServiceError, Valet};

async fn open(dir: &Path, actor: Actor) -> Valet {
    Valet::open(OpenOptions {
        data_dir: Some(dir.to_path_buf()),
        actor,
        ..OpenOptions::default()
    })
    .await
    .unwrap()
}

/// Issue 14: reordering in the app kept neither ids nor "carried from" labels nor non-task text,
/// and lost a task an AI client added in between. Now one mutation under the lock.
#[tokio::test]
async fn reordering_plan_tasks_keeps_ids_text_and_a_task_added_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let app = open(dir.path(), Actor::App).await;
    let d = DayDate::parse("date", "2026-11-29").unwrap();
    let tasks = |text: &str| SectionUpdate {
        section: "tasks".into(),
        operation: SectionOp::Append,
        content: text.into(),
    };
    let shown = app
        .update_day(
            Some(d),
            DayFile::Planner,
            vec![tasks("- [ ] write\n- [x] gym\nA note that is not a task")],
            vec![],
        )
        .await
        .unwrap();
    let plan = shown.plan.unwrap();
    let ids: Vec<String> = plan.tasks.iter().map(|t| t.id.clone()).collect();
    // An AI client adds a task after the app showed the list.
    let ai = open(dir.path(), Actor::Mcp("Claude".into())).await;
    ai.update_day(
        Some(d),
        DayFile::Planner,
        vec![tasks("- [ ] call Sam")],
        vec![],
    )
    .await
    .unwrap();
    let reordered = app
        .reorder_plan_tasks(Some(d), &[ids[1].clone(), ids[0].clone()])
        .await
        .unwrap()
        .plan
        .unwrap();
    let texts: Vec<&str> = reordered.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["gym", "write", "call Sam"]);
    assert_eq!(reordered.tasks[0].id, ids[1]);
    assert_eq!(reordered.tasks[1].id, ids[0]);
    assert!(reordered.tasks[0].done);
    assert_eq!(
        reordered.sections.get("tasks").map(String::as_str),
        plan.sections.get("tasks").map(String::as_str)
    );
}

/// Issue 14: "Start a new day"'s preview computed its own rule (exact text, another idea of the
/// previous day); now it is `new_day`'s own decision, so they agree.
#[tokio::test]
async fn the_new_day_preview_says_what_new_day_does() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path(), Actor::App).await;
    let (d1, d2) = (
        DayDate::parse("date", "2026-11-28").unwrap(),
        DayDate::parse("date", "2026-11-29").unwrap(),
    );
    let tasks = |text: &str| SectionUpdate {
        section: "tasks".into(),
        operation: SectionOp::Append,
        content: text.into(),
    };
    v.update_day(
        Some(d1),
        DayFile::Planner,
        vec![tasks("- [ ] Call Sam\n- [ ] gym\n- [x] done")],
        vec![],
    )
    .await
    .unwrap();
    v.update_day(
        Some(d2),
        DayFile::Planner,
        vec![tasks("- [ ] call sam")],
        vec![],
    )
    .await
    .unwrap();
    let preview = v.new_day_preview(Some(d2)).await.unwrap();
    assert_eq!(preview.previous, Some(d1));
    assert_eq!(preview.carry_over, ["gym"]);
    assert!(preview.would_archive);
    let done = v.new_day(Some(d2)).await.unwrap();
    assert_eq!(done.carried_over, preview.carry_over.len());
    assert_eq!(done.archived, preview.would_archive);
    let again = v.new_day_preview(Some(d2)).await.unwrap();
    assert!(again.carry_over.is_empty() && !again.would_archive);
}

/// Audit, MCP week: `valet_new_day` for a later date archived today in the middle of the day,
/// and the next real day carried a stale copy of its plan. A later day is refused.
#[tokio::test]
async fn a_day_after_today_cannot_be_started() {
    let dir = tempfile::tempdir().unwrap();
    let v = open(dir.path(), Actor::App).await;
    let today = v.today().await.date;
    let later = DayDate::new(today + chrono::Days::new(3));
    for err in [
        v.new_day(Some(later)).await.unwrap_err(),
        v.new_day_preview(Some(later)).await.err().unwrap(),
    ] {
        match err {
            ServiceError::Invalid(e) => {
                assert_eq!(e.field, "date");
                assert!(e.to_string().contains("has not started yet"), "{e}");
            }
            other => panic!("{other}"),
        }
    }
    assert!(v.new_day(Some(DayDate::new(today))).await.is_ok());
}
