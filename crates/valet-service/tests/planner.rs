//! The planner through the facade: Today joined with the list, linked tasks, the day starting by
//! itself (once) with carry counts, the day-start hour, Upcoming, the calendar, carried-task
//! homes, and the counts and sections of an imported legacy folder.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use valet_core::{DayDate, DayEdit, NewTodo, Status};
use valet_service::{Actor, CarriedAction, OpenOptions, Valet};

const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/fixtures/legacy-valet-data"
);

/// A replica whose clock the test moves. Zone: UTC (settings).
struct Replica {
    valet: Valet,
    now: Arc<Mutex<DateTime<Utc>>>,
    _dir: tempfile::TempDir,
}

impl Replica {
    async fn at(y: i32, m: u32, d: u32, h: u32) -> Replica {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("settings.json"),
            r#"{"user": {"timezone": "UTC"}}"#,
        )
        .unwrap();
        let now = Arc::new(Mutex::new(Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()));
        let clock = now.clone();
        let valet = Valet::open(OpenOptions {
            data_dir: Some(dir.path().to_path_buf()),
            actor: Actor::App,
            clock: Some(Arc::new(move || *clock.lock().unwrap())),
            ..OpenOptions::default()
        })
        .await
        .unwrap();
        Replica {
            valet,
            now,
            _dir: dir,
        }
    }

    fn set(&self, y: i32, m: u32, d: u32, h: u32) {
        *self.now.lock().unwrap() = Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
    }
}

fn texts(v: &valet_service::TodayView) -> Vec<String> {
    v.items.iter().map(|i| i.text().to_owned()).collect()
}

fn add_tasks(texts: &[&str]) -> DayEdit {
    DayEdit {
        add_tasks: texts.iter().map(|s| s.to_string()).collect(),
        ..DayEdit::default()
    }
}

#[tokio::test]
async fn today_joins_overdue_due_and_scheduled_todos_with_the_plan() {
    let r = Replica::at(2026, 11, 30, 12).await;
    let v = &r.valet;
    let due = |d: &str| NewTodo {
        due: Some(d.parse().unwrap()),
        ..NewTodo::new(format!("due {d}"))
    };
    v.add_todo(due("2026-11-30")).await.unwrap();
    v.add_todo(due("2026-11-20")).await.unwrap();
    v.add_todo(due("2026-12-02")).await.unwrap();
    v.add_todo(NewTodo {
        when: Some("2026-11-29".parse().unwrap()),
        ..NewTodo::new("scheduled yesterday")
    })
    .await
    .unwrap();
    v.edit_day(None, add_tasks(&["stretch"])).await.unwrap();
    let t = v.today_view(false).await.unwrap();
    assert_eq!(
        texts(&t),
        [
            "due 2026-11-20",
            "due 2026-11-30",
            "scheduled yesterday",
            "stretch"
        ]
    );
    assert_eq!(
        (
            t.counts.overdue,
            t.counts.due_today,
            t.counts.scheduled,
            t.counts.tasks
        ),
        (1, 1, 1, 1)
    );
}

#[tokio::test]
async fn ticking_a_linked_task_completes_its_todo_and_back() {
    let r = Replica::at(2026, 11, 30, 12).await;
    let v = &r.valet;
    let todo = v.add_todo(NewTodo::new("Call the bank")).await.unwrap();
    let plan = v.plan_todo(&todo.id.to_string(), None).await.unwrap();
    assert_eq!(plan.tasks.len(), 1);
    // Planning twice is once.
    v.plan_todo(&todo.id.to_string(), None).await.unwrap();
    let task = v.day(None).await.unwrap().plan.unwrap().tasks[0].clone();
    assert_eq!(task.todo, Some(todo.id));

    let t = v
        .set_today_item(&format!("task:{}", task.id), true)
        .await
        .unwrap();
    assert_eq!(t.items.len(), 1, "the todo is not listed twice");
    assert!(t.items[0].done());
    assert_eq!(
        v.get_todo(&todo.id.to_string()).await.unwrap().status,
        Status::Completed
    );
    // Reopening the todo unticks the task.
    v.reopen_todo(&todo.id.to_string()).await.unwrap();
    let p = v.day(None).await.unwrap().plan.unwrap();
    assert!(!p.tasks[0].done);
    // Completing the todo from the list ticks the task.
    v.complete_todo(&todo.id.to_string()).await.unwrap();
    assert!(v.day(None).await.unwrap().plan.unwrap().tasks[0].done);
    // Ticking through edit_day (what MCP's edit_day setTasks does) moves the todo too.
    let edit = DayEdit {
        set_tasks: vec![(task.id.clone(), false)],
        ..DayEdit::default()
    };
    v.edit_day(None, edit).await.unwrap();
    assert_eq!(
        v.get_todo(&todo.id.to_string()).await.unwrap().status,
        Status::Pending
    );
}

#[tokio::test]
async fn the_day_starts_by_itself_once_and_counts_carries() {
    let r = Replica::at(2026, 11, 28, 9).await;
    let v = &r.valet;
    v.edit_day(None, add_tasks(&["write report", "gym"]))
        .await
        .unwrap();
    let gym = v.day(None).await.unwrap().plan.unwrap().tasks[1].id.clone();
    v.set_plan_task(None, &gym, true).await.unwrap();

    r.set(2026, 11, 29, 9);
    let first = v.today_view(true).await.unwrap();
    let m = first.morning.expect("the first use of a day starts it");
    assert_eq!(m.previous.unwrap().to_string(), "2026-11-28");
    assert!(m.archived);
    assert_eq!(m.carried.len(), 1);
    assert_eq!(
        (m.carried[0].text.as_str(), m.carried[0].carried),
        ("write report", 1)
    );
    assert!(v.today_view(true).await.unwrap().morning.is_none());
    assert_eq!(texts(&v.today_view(true).await.unwrap()), ["write report"]);

    r.set(2026, 11, 30, 9);
    let m = v.today_view(true).await.unwrap().morning.unwrap();
    assert_eq!(m.carried[0].carried, 2);
    // Removing a carried task is final: starting the day again does not bring it back.
    let id = v.day(None).await.unwrap().plan.unwrap().tasks[0].id.clone();
    let edit = DayEdit {
        remove_tasks: vec![id],
        ..DayEdit::default()
    };
    v.edit_day(None, edit).await.unwrap();
    assert!(v.today_view(true).await.unwrap().items.is_empty());
    assert!(v.start_day_if_needed().await.unwrap().is_none());
}

#[tokio::test]
async fn before_the_day_start_hour_it_is_still_yesterday() {
    let r = Replica::at(2026, 11, 30, 2).await;
    assert_eq!(r.valet.today().await.date.to_string(), "2026-11-29");
    r.set(2026, 11, 30, 4);
    assert_eq!(r.valet.today().await.date.to_string(), "2026-11-30");
    r.valet
        .update_settings(|s| {
            s.planner.get_or_insert_with(Default::default).day_starts_at = Some("00:00".into())
        })
        .await
        .unwrap();
    r.set(2026, 11, 30, 1);
    assert_eq!(r.valet.today().await.date.to_string(), "2026-11-30");
    let bad = r
        .valet
        .update_settings(|s| {
            s.planner.get_or_insert_with(Default::default).day_starts_at = Some("25:00".into())
        })
        .await
        .unwrap_err();
    assert!(bad.to_string().contains("planner.dayStartsAt"), "{bad}");
}

#[tokio::test]
async fn a_saved_order_is_kept_and_a_new_row_takes_its_default_place() {
    let r = Replica::at(2026, 11, 30, 12).await;
    let v = &r.valet;
    v.edit_day(None, add_tasks(&["a", "b"])).await.unwrap();
    let t = v.today_view(false).await.unwrap();
    let keys: Vec<String> = t.items.iter().rev().map(|i| i.key().to_owned()).collect();
    assert_eq!(texts(&v.reorder_today(&keys).await.unwrap()), ["b", "a"]);
    v.add_todo(NewTodo {
        due: Some("2026-11-01".parse().unwrap()),
        ..NewTodo::new("late")
    })
    .await
    .unwrap();
    assert_eq!(
        texts(&v.today_view(false).await.unwrap()),
        ["late", "b", "a"]
    );
    let bad = v.reorder_today(&["x:1".into()]).await.unwrap_err();
    assert_eq!(bad.code(), "invalid");
}

#[tokio::test]
async fn a_task_carried_too_often_can_be_scheduled_later_dropped_or_made_a_todo() {
    let r = Replica::at(2026, 11, 30, 12).await;
    let v = &r.valet;
    v.edit_day(None, add_tasks(&["taxes", "tidy", "call Sam"]))
        .await
        .unwrap();
    let ids: Vec<String> = v
        .day(None)
        .await
        .unwrap()
        .plan
        .unwrap()
        .tasks
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let t = v
        .resolve_carried(&ids[0], CarriedAction::Later, Some("friday"))
        .await
        .unwrap();
    assert_eq!(texts(&t), ["tidy", "call Sam"]);
    let up = v.upcoming(14).await.unwrap();
    let friday = up.days.iter().find(|d| !d.scheduled.is_empty()).unwrap();
    assert_eq!(friday.scheduled[0].content, "taxes");
    assert_eq!(friday.date.to_string(), "2026-12-04");
    v.resolve_carried(&ids[1], CarriedAction::Drop, None)
        .await
        .unwrap();
    let t = v
        .resolve_carried(&ids[2], CarriedAction::Todo, None)
        .await
        .unwrap();
    assert_eq!(texts(&t), ["call Sam"]);
    let linked = v.day(None).await.unwrap().plan.unwrap().tasks[0].todo;
    assert!(linked.is_some(), "the task is now linked to a new todo");
    let e = v
        .resolve_carried("nope", CarriedAction::Drop, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = v
        .schedule(vec![linked.unwrap().to_string()], "tomorrow 9am")
        .await;
    assert!(e.unwrap_err().to_string().contains("when"));
}

#[tokio::test]
async fn the_calendar_marks_plans_journals_and_completions() {
    let r = Replica::at(2026, 11, 3, 12).await;
    let v = &r.valet;
    v.edit_day(None, add_tasks(&["a"])).await.unwrap();
    let t = v.add_todo(NewTodo::new("done on the 5th")).await.unwrap();
    r.set(2026, 11, 5, 12);
    v.complete_todo(&t.id.to_string()).await.unwrap();
    let cal = v.calendar("2026-11").await.unwrap();
    let marks: Vec<(String, bool, usize)> = cal
        .days
        .iter()
        .map(|d| (d.date.to_string(), d.plan, d.completed))
        .collect();
    assert_eq!(
        marks,
        [
            ("2026-11-03".to_owned(), true, 0),
            ("2026-11-05".to_owned(), false, 1)
        ]
    );
    assert!(v.calendar("2026-10").await.unwrap().days.is_empty());
    assert_eq!(v.calendar("Nov").await.unwrap_err().code(), "invalid");
}

/// Issue 15 item 8: after an import, status and the day list agree with what was imported,
/// and every section of every imported day is shown (never an empty-looking day).
#[tokio::test]
async fn an_imported_folder_shows_every_section_and_counts_that_agree() {
    let src = Path::new(SHARED);
    if !src.is_dir() {
        eprintln!("skipped: {SHARED} is not present");
        return;
    }
    let r = Replica::at(2026, 11, 30, 12).await;
    let v = &r.valet;
    v.import_legacy(src, false).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(src.join("days"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let plans = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with("-planner.json"))
        .count();
    let journals = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with("-journal.json"))
        .count();
    let archives = std::fs::read_dir(src.join("archive")).unwrap().count();
    let s = v.status().await.unwrap();
    assert_eq!(
        (s.plans, s.journals, s.archived_days),
        (plans, journals, archives)
    );
    assert_eq!(s.todos.open + s.todos.completed, 24);

    let mut checked = 0;
    for f in files {
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let date = DayDate::parse("date", file["date"].as_str().unwrap()).unwrap();
        let shown = v.day(Some(date)).await.unwrap().sections;
        let all: String = shown.iter().map(|s| s.text.as_str()).collect();
        for (name, text) in file["sections"].as_object().unwrap() {
            let text = text.as_str().unwrap().trim();
            if text.is_empty() {
                continue;
            }
            // Tasks become checklist items; every line's words are still shown.
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let words = line
                    .trim()
                    .trim_start_matches(['-', '*', ' '])
                    .trim_start_matches("[ ]")
                    .trim_start_matches("[x]")
                    .trim();
                assert!(
                    all.contains(words),
                    "{date} {name}: {words:?} is not shown in {shown:#?}"
                );
                checked += 1;
            }
        }
        let listed = v.days(None).await.unwrap();
        if !shown.is_empty() {
            assert!(
                listed.iter().any(|d| d.date == date),
                "{date} has content but is not in the day list"
            );
        }
    }
    assert!(checked > 10, "only {checked} lines checked");
}

#[tokio::test]
async fn a_first_day_with_nothing_before_it_and_nothing_due_has_no_morning_card() {
    let r = Replica::at(2026, 11, 30, 9).await;
    let t = r.valet.today_view(true).await.unwrap();
    assert!(t.morning.is_none());
    assert!(
        r.valet.start_day_if_needed().await.unwrap().is_none(),
        "started once"
    );
    // With something due, the first day does get its summary.
    let r = Replica::at(2026, 11, 30, 9).await;
    r.valet
        .add_todo(NewTodo {
            due: Some("2026-11-30".parse().unwrap()),
            ..NewTodo::new("Dentist")
        })
        .await
        .unwrap();
    let m = r.valet.today_view(true).await.unwrap().morning.unwrap();
    assert_eq!((m.due_today, m.carried.len()), (1, 0));
}
