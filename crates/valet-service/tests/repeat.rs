//! Repeating todos through the facade: completing makes the next occurrence once, "after done"
//! counts from the completion, skip and pause, a repeat with no date, bad rules.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeZone, Utc};
use valet_core::{NewTodo, Status, TodoPatch};
use valet_service::{Actor, OpenOptions, Valet};

struct Replica {
    valet: Valet,
    now: Arc<Mutex<DateTime<Utc>>>,
    _dir: tempfile::TempDir,
}

async fn replica(y: i32, m: u32, d: u32) -> Replica {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"user": {"timezone": "Europe/Paris"}}"#,
    )
    .unwrap();
    let now = Arc::new(Mutex::new(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()));
    let clock = now.clone();
    let valet = Valet::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        actor: Actor::Cli,
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

async fn add(v: &Valet, text: &str, repeat: &str, when: Option<&str>) -> valet_core::Todo {
    let rule = v.repeat_text("repeat", repeat).await.unwrap();
    v.add_todo(NewTodo {
        when: when.map(|w| w.parse().unwrap()),
        repeat: rule,
        ..NewTodo::new(text)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn completing_an_occurrence_makes_the_next_once() {
    let r = replica(2026, 11, 30).await; // a Monday
    let v = &r.valet;
    let t = add(
        v,
        "Water the plants",
        "every monday and thursday",
        Some("2026-11-30"),
    )
    .await;
    assert_eq!(t.repeat.as_ref().unwrap().rule, "FREQ=WEEKLY;BYDAY=MO,TH");
    v.complete_todo(&t.id.to_string()).await.unwrap();
    let series = v.series(&t.id.to_string()).await.unwrap();
    assert_eq!(series.len(), 2, "{series:#?}");
    assert_eq!(series[1].when.unwrap().to_string(), "2026-12-03");
    assert_eq!(series[1].status, Status::Pending);
    // Reopening and completing again does not make a second next occurrence.
    v.reopen_todo(&t.id.to_string()).await.unwrap();
    v.complete_todo(&t.id.to_string()).await.unwrap();
    assert_eq!(v.series(&t.id.to_string()).await.unwrap().len(), 2);
    // The next one completes into the one after.
    v.complete_todo(&series[1].id.to_string()).await.unwrap();
    let series = v.series(&t.id.to_string()).await.unwrap();
    assert_eq!(
        series.last().unwrap().when.unwrap().to_string(),
        "2026-12-07"
    );
}

#[tokio::test]
async fn after_done_counts_from_the_day_it_was_done_and_the_deadline_keeps_its_distance() {
    let r = replica(2026, 11, 30).await;
    let v = &r.valet;
    let rule = v
        .repeat_text("repeat", "every 3 days after done")
        .await
        .unwrap();
    let t = v
        .add_todo(NewTodo {
            when: Some("2026-11-20".parse().unwrap()),
            due: Some("2026-11-22".parse().unwrap()),
            repeat: rule,
            ..NewTodo::new("Change the filter")
        })
        .await
        .unwrap();
    v.complete_todo(&t.id.to_string()).await.unwrap();
    let next = v.series(&t.id.to_string()).await.unwrap().pop().unwrap();
    assert_eq!(next.when.unwrap().to_string(), "2026-12-03");
    assert_eq!(next.due.unwrap().to_string(), "2026-12-05");
}

#[tokio::test]
async fn skip_pause_and_stop() {
    let r = replica(2026, 11, 30).await;
    let v = &r.valet;
    let t = add(v, "Standup notes", "every weekday", Some("2026-12-04")).await;
    let skipped = v.skip_occurrence(&t.id.to_string()).await.unwrap();
    assert_eq!(
        skipped.when.unwrap().to_string(),
        "2026-12-07",
        "Friday skips to Monday"
    );
    let paused = v
        .update_todo(
            &t.id.to_string(),
            TodoPatch {
                paused: Some(true),
                ..TodoPatch::default()
            },
        )
        .await
        .unwrap();
    assert!(paused.repeat.unwrap().paused);
    v.complete_todo(&t.id.to_string()).await.unwrap();
    assert_eq!(
        v.series(&t.id.to_string()).await.unwrap().len(),
        1,
        "paused: no next"
    );
    let stopped = v
        .update_todo(
            &t.id.to_string(),
            TodoPatch {
                repeat: Some(None),
                ..TodoPatch::default()
            },
        )
        .await
        .unwrap();
    assert!(stopped.repeat.is_none());
    let e = v.skip_occurrence(&t.id.to_string()).await.unwrap_err();
    assert!(e.to_string().contains("does not repeat"), "{e}");
}

#[tokio::test]
async fn a_repeat_with_no_date_starts_on_its_first_day_and_bad_rules_write_nothing() {
    let r = replica(2026, 11, 30).await;
    let v = &r.valet;
    let t = add(v, "Pay rent", "every month on the 1st", None).await;
    assert_eq!(t.when.unwrap().to_string(), "2026-12-01");
    for bad in [
        "every 31st february",
        "FREQ=DAILY;COUNT=0",
        "every 0 days",
        "FREQ=MINUTELY",
    ] {
        let e = v.repeat_text("repeat", bad).await.unwrap_err();
        assert_eq!(e.code(), "invalid", "{bad}");
        assert!(e.to_string().starts_with("repeat"), "{bad}: {e}");
    }
    // A rule sent as data (the app sends NewTodo as JSON) is checked too.
    let e = v
        .add_todo(NewTodo {
            when: Some("2026-12-01".parse().unwrap()),
            repeat: Some(valet_core::recurrence::RuleText {
                rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30".into(),
                after_done: false,
            }),
            ..NewTodo::new("never")
        })
        .await
        .unwrap_err();
    assert!(e.to_string().contains("never happens"), "{e}");
    assert_eq!(v.list_todos(&Default::default()).await.unwrap().total, 1);
    *r.now.lock().unwrap() = Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap();
}
