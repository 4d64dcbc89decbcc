//! The field diff the change log keeps and its wording, as tables.

use rstest::rstest;
use serde_json::{json, Value};

use super::*;

fn said(kind: &str, old: Value, new: Value) -> Vec<String> {
    describe(kind, &diff(Some(&old), Some(&new)))
}

#[rstest]
#[case::completed(json!({"status": "pending"}), json!({"status": "completed"}), &["completed"])]
#[case::reopened(json!({"status": "completed"}), json!({"status": "pending"}), &["reopened"])]
#[case::priority(json!({"priority": "medium"}), json!({"priority": "high"}), &["priority medium → high"])]
#[case::renamed(json!({"content": "Buy milk"}), json!({"content": "Buy oat milk"}), &["renamed “Buy milk” → “Buy oat milk”"])]
#[case::project(json!({"category": "General"}), json!({"category": "Garden"}), &["project none → Garden"])]
#[case::note_added(json!({}), json!({"body": "Call first"}), &["note added"])]
#[case::note_edited(json!({"body": "a"}), json!({"body": "b"}), &["note edited"])]
#[case::note_removed(json!({"body": "a"}), json!({"body": ""}), &["note removed"])]
#[case::deadline_set(json!({"due": null}), json!({"due": "2026-12-04"}), &["deadline set to 2026-12-04"])]
#[case::unscheduled(json!({"when": "2026-12-01"}), json!({}), &["scheduled removed (was 2026-12-01)"])]
#[case::scheduled(json!({"when": "2026-12-01"}), json!({"when": "2026-12-02"}), &["scheduled 2026-12-01 → 2026-12-02"])]
#[case::tags(json!({"tags": ["e2e", "old"]}), json!({"tags": ["e2e", "weekend"]}), &["tags +weekend −old"])]
#[case::tag_removed_to_empty(json!({"tags": ["weekend"]}), json!({}), &["tags −weekend"])]
#[case::step_checked(
    json!({"steps": [{"id": "a", "text": "Soil", "done": false}]}),
    json!({"steps": [{"id": "a", "text": "Soil", "done": true}, {"id": "b", "text": "Bulbs"}]}),
    &["step checked: Soil", "step added: Bulbs"]
)]
#[case::repeat(json!({}), json!({"repeat": {"rule": "FREQ=DAILY"}}), &["set to repeat"])]
#[case::bookkeeping_only(json!({"updatedAt": "a", "completedAt": null}), json!({"updatedAt": "b", "completedAt": "c"}), &[])]
#[case::null_and_missing_are_alike(json!({"when": null}), json!({}), &[])]
fn todo_changes_in_words(#[case] old: Value, #[case] new: Value, #[case] want: &[&str]) {
    assert_eq!(said("todos", old, new), want);
}

#[rstest]
#[case::task_added(json!({"tasks": []}), json!({"tasks": [{"id": "1", "text": "Write", "done": false}]}), &["task added: Write"])]
#[case::task_done(
    json!({"tasks": [{"id": "1", "text": "Write", "done": false}]}),
    json!({"tasks": [{"id": "1", "text": "Write", "done": true}]}),
    &["task checked: Write"]
)]
#[case::task_removed(json!({"tasks": [{"id": "1", "text": "Write"}]}), json!({"tasks": []}), &["task removed: Write"])]
#[case::long_text(json!({"reflections": ""}), json!({"reflections": "A long day, and a good one: the garden is planted."}), &["reflections added"])]
#[case::section(json!({"started": false}), json!({"started": true}), &["day started"])]
fn plan_changes_in_words(#[case] old: Value, #[case] new: Value, #[case] want: &[&str]) {
    assert_eq!(said("plans", old, new), want);
}

#[rstest]
#[case::mood(json!({"mood": "tired"}), json!({"mood": "happy"}), &["mood tired → happy"])]
#[case::entry(json!({}), json!({"entries": [{"id": "e1", "time": "09:00", "text": "Slept well"}]}), &["entry added: Slept well"])]
#[case::highlight(json!({"highlights": []}), json!({"highlights": ["Tulips"]}), &["highlights +Tulips"])]
#[case::personal(json!({}), json!({"personalReminders": "x"}), &["personal reminders set to x"])]
fn journal_changes_in_words(#[case] old: Value, #[case] new: Value, #[case] want: &[&str]) {
    assert_eq!(said("journals", old, new), want);
}

#[test]
fn created_and_deleted_records_have_no_field_changes() {
    assert!(diff(None, Some(&json!({"a": 1}))).is_empty());
    assert!(diff(Some(&json!({"a": 1})), None).is_empty());
}

#[test]
fn long_values_are_cut_for_the_log() {
    let long = "x".repeat(500);
    let many: Vec<String> = (0..200).map(|i| format!("t{i}")).collect();
    let d = diff(
        Some(&json!({"body": "a", "tags": []})),
        Some(&json!({"body": long, "tags": many})),
    );
    let body = d.iter().find(|c| c.field == "body").unwrap();
    assert_eq!(
        body.to.as_ref().unwrap().as_str().unwrap().chars().count(),
        MAX_CHARS + 1
    );
    let tags = d.iter().find(|c| c.field == "tags").unwrap();
    assert_eq!(
        tags.to.as_ref().unwrap().as_array().unwrap().len(),
        MAX_ITEMS
    );
}

#[test]
fn a_cut_never_splits_a_character() {
    let s = "é".repeat(200);
    let d = diff(Some(&json!({"content": "a"})), Some(&json!({"content": s})));
    assert!(d[0].to.as_ref().unwrap().as_str().unwrap().ends_with('…'));
}

#[test]
fn the_log_form_is_short_and_round_trips() {
    let d = diff(
        Some(&json!({"priority": "medium"})),
        Some(&json!({"priority": "high"})),
    );
    let line = serde_json::to_string(&d).unwrap();
    assert_eq!(line, r#"[{"f":"priority","from":"medium","to":"high"}]"#);
    assert_eq!(serde_json::from_str::<Vec<FieldChange>>(&line).unwrap(), d);
}
