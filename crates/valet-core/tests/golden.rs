//! Golden files for every persisted record format. A failure here means the bytes Valet writes
//! (or can read) changed. Regenerate only when the format is migrated on purpose:
//! `VALET_UPDATE_GOLDEN=1 cargo test -p valet-core --test golden`, and bump FORMAT_VERSION.
// Tests stop at the first surprise; unwrap is the clearest way to say so.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Reading fixtures and running the oracle is the tests' job, not the domain's (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use valet_core::day::{JournalEntry, PlanTask};
use valet_core::{
    ArchivedDay, DayDate, DayPlan, Envelope, Hlc, JournalDay, Priority, RecordKey, RecordKind,
    Settings, Status, Todo, TodoId,
};

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Encoding `value` gives exactly the golden bytes, and decoding them gives `value` back.
fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    name: &str,
    key: &RecordKey,
    value: &Envelope<T>,
) {
    let bytes = value.encode().unwrap();
    let path = golden_path(name);
    if std::env::var("VALET_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &bytes).unwrap();
    }
    let golden = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&golden),
        "{name} changed"
    );
    let back: Envelope<T> = Envelope::decode(key, &golden).unwrap();
    assert_eq!(&back, value);
}

fn at(h: u32, m: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, h, m, 0).unwrap()
}

fn clock() -> Hlc {
    Hlc {
        ms: 1_795_900_000_000,
        counter: 3,
        node: "a1b2c3d4e5f6".into(),
    }
}

fn date() -> DayDate {
    DayDate::parse("d", "2026-11-28").unwrap()
}

fn todo() -> Todo {
    Todo {
        id: TodoId::parse("id", "019ac9b2-3c00-7a11-8b22-0123456789ab").unwrap(),
        content: "Call the bank about the mortgage".into(),
        status: Status::Completed,
        priority: Priority::High,
        category: "finance".into(),
        when: NaiveDate::from_ymd_opt(2026, 11, 28),
        due: NaiveDate::from_ymd_opt(2026, 11, 29),
        due_time: NaiveTime::from_hms_opt(9, 30, 0),
        notes: vec!["ask for Anna".into(), "bring the contract".into()],
        created_at: at(8, 0),
        updated_at: at(10, 15),
        completed_at: Some(at(10, 15)),
        repeat: Some(valet_core::recurrence::Repeat {
            rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH".into(),
            after_done: false,
            start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            series: TodoId::parse("id", "019ac9b2-3c00-7a11-8b22-0123456789ab").unwrap(),
            paused: false,
        }),
        reminders: vec![
            valet_core::reminders::Reminder::Before(30),
            valet_core::reminders::Reminder::OnDay(NaiveTime::from_hms_opt(8, 0, 0).unwrap()),
        ],
        reminded_until: Some(at(9, 0)),
        snoozed_until: None,
        tags: vec!["bank".into(), "calls".into()],
        steps: vec![valet_core::organize::Step {
            id: "s1".into(),
            text: "Find the contract".into(),
            done: true,
        }],
        body: Some("Ask for **Anna**.\n\n- rate\n- term".into()),
    }
}

fn plan() -> DayPlan {
    let mut p = DayPlan::new(date(), at(7, 0));
    p.tasks = vec![
        PlanTask {
            id: "t1".into(),
            text: "Write the report".into(),
            done: true,
            carried_from: None,
            todo: None,
            carried: 0,
        },
        PlanTask {
            id: "t2".into(),
            text: "Gym".into(),
            done: false,
            carried_from: DayDate::parse("d", "2026-11-27").ok(),
            todo: TodoId::parse("id", "019ac9b2-3c00-7a11-8b22-0123456789ab").ok(),
            carried: 1,
        },
    ];
    p.order = vec!["task:t2".into(), "task:t1".into()];
    p.started = true;
    p.personal_reminders = "Mum's birthday on Friday".into();
    p.ongoing_summary = "Report due Monday.".into();
    p.data_stash = "Flight LH123 at 14:05".into();
    p.reflections = "Good focus in the morning.".into();
    p.sections
        .insert("ideas".into(), "## Later\nA garden app".into());
    p.keywords = vec!["work".into()];
    p.updated_at = at(18, 0);
    p
}

fn journal() -> JournalDay {
    let mut j = JournalDay::new(date(), at(7, 0));
    j.entries = vec![JournalEntry {
        id: "e1".into(),
        time: "21:05".into(),
        text: "Long but good day.".into(),
    }];
    j.mood = Some("calm".into());
    j.mood_score = Some(4);
    j.highlights = vec!["shipped the importer".into()];
    j.challenges = vec!["too many meetings".into()];
    j.lessons = vec!["block focus time".into()];
    j.reflections = "Tomorrow: start earlier.".into();
    j.updated_at = at(21, 5);
    j
}

fn envelope<T>(kind: RecordKind, id: &str, rev: u64, data: Option<T>) -> Envelope<T> {
    Envelope {
        format: valet_core::FORMAT_VERSION,
        kind,
        id: id.into(),
        rev,
        clock: clock(),
        deleted: data.is_none(),
        field_clocks: Default::default(),
        conflicts: vec![],
        data,
    }
}

#[test]
fn todo_record_format() {
    let t = todo();
    check(
        "todo.json",
        &RecordKey::todo(t.id),
        &envelope(RecordKind::Todo, &t.id.to_string(), 4, Some(t.clone())),
    );
}

#[test]
fn todo_tombstone_format() {
    let t = todo();
    check::<Todo>(
        "todo-tombstone.json",
        &RecordKey::todo(t.id),
        &envelope(RecordKind::Todo, &t.id.to_string(), 5, None),
    );
}

#[test]
fn plan_record_format() {
    check(
        "plan.json",
        &RecordKey::day(RecordKind::Plan, date()),
        &envelope(RecordKind::Plan, "2026-11-28", 2, Some(plan())),
    );
}

#[test]
fn journal_record_format() {
    check(
        "journal.json",
        &RecordKey::day(RecordKind::Journal, date()),
        &envelope(RecordKind::Journal, "2026-11-28", 1, Some(journal())),
    );
}

#[test]
fn archived_day_record_format() {
    let a = ArchivedDay {
        date: date(),
        plan: Some(plan()),
        journal: Some(journal()),
        archived_at: at(23, 59),
    };
    check(
        "archive.json",
        &RecordKey::day(RecordKind::Archive, date()),
        &envelope(RecordKind::Archive, "2026-11-28", 1, Some(a)),
    );
}

#[test]
fn project_record_format() {
    let mut p =
        valet_core::Project::new("Garden", valet_core::ListKind::Project, at(9, 0)).unwrap();
    p.area = Some("Home".into());
    p.notes = "Beds by the fence; **tulips** in March.".into();
    p.order = 2;
    p.deadline = Some(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap());
    p.updated_at = at(9, 30);
    let mut area = valet_core::Project::new("Home", valet_core::ListKind::Area, at(8, 0)).unwrap();
    area.archived_at = Some(at(10, 0));
    for (name, p) in [("project.json", p), ("area.json", area)] {
        check(
            name,
            &RecordKey::project(p.id),
            &envelope(RecordKind::Project, &p.id.to_string(), 1, Some(p.clone())),
        );
    }
}

#[test]
fn settings_format_keeps_unknown_keys() {
    let path = golden_path("settings.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let s = Settings::from_json(&text).unwrap();
    let back: serde_json::Value = serde_json::to_value(&s).unwrap();
    let orig: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, orig, "settings.json must round-trip every key");
}
