//! Reminders through the facade: the default reminder, due once, missed once, snooze,
//! "tomorrow", repeating todos, and bad input that writes nothing.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use valet_core::reminders::Reminder;
use valet_core::{NewTodo, Todo, TodoPatch};
use valet_service::{Actor, OpenOptions, ServiceError, Snooze, Valet};

struct Replica {
    valet: Valet,
    now: Arc<Mutex<DateTime<Utc>>>,
    _dir: tempfile::TempDir,
}

impl Replica {
    fn at(&self, t: &str) {
        *self.now.lock().unwrap() = t.parse().unwrap();
    }
}

/// A replica in Paris (UTC+1 in winter) at `now`, with optional extra settings.
async fn replica(now: &str, settings: &str) -> Replica {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        format!(r#"{{"user": {{"timezone": "Europe/Paris"}}{settings}}}"#),
    )
    .unwrap();
    let now = Arc::new(Mutex::new(now.parse().unwrap()));
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

async fn timed(v: &Valet, text: &str, due: &str, time: &str, remind: Option<&str>) -> Todo {
    let reminders = match remind {
        Some(r) => Some(v.reminder_text("reminders", r).await.unwrap()),
        None => None,
    };
    v.add_todo(NewTodo {
        due: Some(due.parse().unwrap()),
        due_time: Some(chrono::NaiveTime::parse_from_str(time, "%H:%M").unwrap()),
        reminders,
        ..NewTodo::new(text)
    })
    .await
    .unwrap()
}

fn ts(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_todo_with_a_deadline_time_gets_the_default_reminder() {
    let r = replica("2026-11-30T08:00:00Z", "").await;
    let t = timed(&r.valet, "Call the bank", "2026-12-01", "09:00", None).await;
    assert_eq!(t.reminders, vec![Reminder::AtDeadline]);
    // Given a time later, the same; removed explicitly, it stays removed.
    let u = r
        .valet
        .add_todo(NewTodo::new("Write the report"))
        .await
        .unwrap();
    let u = r
        .valet
        .update_todo(
            &u.id.to_string(),
            TodoPatch {
                due: Some(Some("2026-12-02".parse().unwrap())),
                due_time: Some(chrono::NaiveTime::from_hms_opt(15, 0, 0)),
                ..TodoPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(u.reminders, vec![Reminder::AtDeadline]);
    let id = u.id.to_string();
    let none = TodoPatch {
        reminders: Some(vec![]),
        ..TodoPatch::default()
    };
    assert!(r
        .valet
        .update_todo(&id, none)
        .await
        .unwrap()
        .reminders
        .is_empty());

    let off = replica(
        "2026-11-30T08:00:00Z",
        r#", "reminders": {"default": "15m before"}"#,
    )
    .await;
    let t = timed(&off.valet, "Call", "2026-12-01", "09:00", None).await;
    assert_eq!(t.reminders, vec![Reminder::Before(15)]);
    let off = replica(
        "2026-11-30T08:00:00Z",
        r#", "reminders": {"default": "none"}"#,
    )
    .await;
    let t = timed(&off.valet, "Call", "2026-12-01", "09:00", None).await;
    assert!(t.reminders.is_empty());
}

#[tokio::test]
async fn a_reminder_is_taken_once_when_it_comes_due() {
    let r = replica("2026-11-30T08:00:00Z", "").await;
    let v = &r.valet;
    // 09:00 in Paris is 08:00 UTC; 30 min before is 07:30 UTC.
    let t = timed(
        v,
        "Call the bank",
        "2026-12-01",
        "09:00",
        Some("30m before, at deadline"),
    )
    .await;
    let scan = v.take_due_reminders().await.unwrap();
    assert!(scan.due.is_empty() && scan.missed.is_empty());
    assert_eq!(scan.next_at, Some(ts("2026-12-01T07:30:00Z")));

    r.at("2026-12-01T07:30:20Z");
    let scan = v.take_due_reminders().await.unwrap();
    assert_eq!(scan.due.len(), 1, "{scan:?}");
    assert_eq!((scan.due[0].todo, scan.due[0].missed), (t.id, false));
    assert_eq!(scan.next_at, Some(ts("2026-12-01T08:00:00Z")));
    // Taken: not again, by this process or another looking at the same store.
    assert!(v.take_due_reminders().await.unwrap().due.is_empty());
    let stored = v.get_todo(&t.id.to_string()).await.unwrap();
    assert_eq!(stored.reminded_until, Some(ts("2026-12-01T07:30:00Z")));

    r.at("2026-12-01T08:00:05Z");
    assert_eq!(v.take_due_reminders().await.unwrap().due.len(), 1);
    // Done todos never remind.
    v.complete_todo(&t.id.to_string()).await.unwrap();
    assert_eq!(v.peek_reminders().await.unwrap().next_at, None);
}

#[tokio::test]
async fn reminders_missed_while_closed_come_once_not_as_a_burst() {
    let r = replica("2026-11-30T06:00:00Z", "").await;
    let v = &r.valet;
    for (text, time) in [("One", "08:00"), ("Two", "09:00"), ("Three", "10:00")] {
        timed(v, text, "2026-11-30", time, Some("at deadline, 30m before")).await;
    }
    // The app was not running from 06:00 to 12:00 UTC: every reminder passed unseen.
    r.at("2026-11-30T12:00:00Z");
    let scan = v.take_due_reminders().await.unwrap();
    assert!(scan.due.is_empty());
    assert_eq!(
        scan.missed.len(),
        3,
        "one per todo, not one per instant: {scan:?}"
    );
    assert!(scan.missed.iter().all(|d| d.missed));
    assert!(v.take_due_reminders().await.unwrap().missed.is_empty());
}

#[tokio::test]
async fn a_reminder_set_in_the_past_does_not_fire() {
    let r = replica("2026-11-30T12:00:00Z", "").await;
    // 09:00 Paris today has passed when the todo is added.
    timed(&r.valet, "Late", "2026-11-30", "09:00", None).await;
    let scan = r.valet.take_due_reminders().await.unwrap();
    assert!(scan.due.is_empty() && scan.missed.is_empty(), "{scan:?}");
}

#[tokio::test]
async fn snooze_brings_a_reminder_back_once_and_tomorrow_moves_the_todo() {
    let r = replica("2026-11-30T07:59:00Z", "").await;
    let v = &r.valet;
    let t = timed(v, "Call the bank", "2026-11-30", "09:00", None).await;
    let id = t.id.to_string();
    r.at("2026-11-30T08:00:00Z");
    assert_eq!(v.take_due_reminders().await.unwrap().due.len(), 1);
    let snoozed = v.snooze_reminder(&id, Snooze::Minutes(10)).await.unwrap();
    assert_eq!(snoozed.snoozed_until, Some(ts("2026-11-30T08:10:00Z")));
    assert_eq!(
        v.peek_reminders().await.unwrap().next_at,
        snoozed.snoozed_until
    );
    r.at("2026-11-30T08:10:01Z");
    let scan = v.take_due_reminders().await.unwrap();
    assert!(scan.due.len() == 1 && scan.due[0].snoozed, "{scan:?}");
    assert_eq!(v.get_todo(&id).await.unwrap().snoozed_until, None);
    assert!(v.take_due_reminders().await.unwrap().due.is_empty());

    // "Tomorrow": scheduled tomorrow, reminded tomorrow at this time of day (09:10 Paris).
    let moved = v.snooze_reminder(&id, Snooze::Tomorrow).await.unwrap();
    assert_eq!(moved.when.unwrap().to_string(), "2026-12-01");
    assert_eq!(moved.snoozed_until, Some(ts("2026-12-01T08:10:00Z")));
}

#[tokio::test]
async fn the_next_occurrence_of_a_repeat_reminds_at_its_own_time() {
    let r = replica("2026-11-30T06:00:00Z", "").await;
    let v = &r.valet;
    let rule = v.repeat_text("repeat", "every day").await.unwrap();
    let t = v
        .add_todo(NewTodo {
            due: Some("2026-11-30".parse().unwrap()),
            due_time: chrono::NaiveTime::from_hms_opt(9, 0, 0),
            repeat: rule,
            ..NewTodo::new("Stretch")
        })
        .await
        .unwrap();
    r.at("2026-11-30T08:00:30Z");
    assert_eq!(v.take_due_reminders().await.unwrap().due.len(), 1);
    v.complete_todo(&t.id.to_string()).await.unwrap();
    let series = v.series(&t.id.to_string()).await.unwrap();
    let next = series.last().unwrap();
    assert_eq!(next.reminders, vec![Reminder::AtDeadline]);
    assert_eq!(next.snoozed_until, None);
    assert_eq!(
        v.peek_reminders().await.unwrap().next_at,
        Some(ts("2026-12-01T08:00:00Z"))
    );
}

#[tokio::test]
async fn bad_reminders_name_the_field_and_write_nothing() {
    let r = replica("2026-11-30T06:00:00Z", "").await;
    let v = &r.valet;
    let before = v.list_todos(&Default::default()).await.unwrap().total;
    let e = v
        .add_todo(NewTodo {
            reminders: Some(vec![Reminder::Before(30)]),
            ..NewTodo::new("No deadline")
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ServiceError::Invalid(x) if x.field == "reminders" && x.rule.contains("needs a deadline with a time")),
        "{e:?}"
    );
    // 02:30 on 29 March 2026 does not exist in Paris (clocks go from 02:00 to 03:00).
    let gap = v.reminder_text("remind", "2026-03-29 02:30").await.unwrap();
    let e = v
        .add_todo(NewTodo {
            reminders: Some(gap),
            ..NewTodo::new("In the gap")
        })
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("does not exist in Europe/Paris"),
        "{e}"
    );
    let e = v.reminder_text("remind", "whenever").await.unwrap_err();
    assert!(
        e.to_string().starts_with("remind: is not a reminder"),
        "{e}"
    );
    assert!(Snooze::parse("snooze", "0m").is_err());
    assert_eq!(
        v.list_todos(&Default::default()).await.unwrap().total,
        before
    );
}

#[tokio::test]
async fn undo_after_a_reminder_takes_back_the_last_change_not_the_shown_mark() {
    let r = replica("2026-11-30T08:00:00Z", "").await;
    let v = &r.valet;
    let t = timed(v, "Call the bank", "2026-11-30", "10:00", None).await;
    let id = t.id.to_string();
    v.update_todo(
        &id,
        TodoPatch {
            content: Some("Call the bank about the card".into()),
            ..TodoPatch::default()
        },
    )
    .await
    .unwrap();
    r.at("2026-11-30T09:00:10Z");
    assert_eq!(v.take_due_reminders().await.unwrap().due.len(), 1);
    let undone = v.undo().await.unwrap();
    assert!(undone.kept.is_empty(), "{undone:?}");
    let after = v.get_todo(&id).await.unwrap();
    assert_eq!(after.content, "Call the bank");
    // The mark stays: the reminder is not shown again.
    assert_eq!(after.reminded_until, Some(ts("2026-11-30T09:00:00Z")));
    assert!(v.take_due_reminders().await.unwrap().due.is_empty());
}
